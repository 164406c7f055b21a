# A datagram peer for tests/dgram_hostile.bats: a sender that plays the
# tricks a hostile local user would on a datagram server, and a victim
# socket that counts what reaches it.  Each mode prints one line.
import os
import socket
import sys
import time


def answer(s, seconds):
    s.settimeout(seconds)
    try:
        return "answered: " + s.recv(1 << 20).decode(errors="replace")[:40]
    except socket.timeout:
        return "no answer"


def bound(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    os.chmod(path, 0o666)
    return s


def main(mode, server, *args):
    if mode in ("link", "dirlink", "swap"):
        # Bind an address, then make its name lead elsewhere: a link to
        # target where the file was (link), where its directory was
        # (dirlink), or another socket file moved there (swap).
        d, target = args
        if mode == "dirlink":
            os.mkdir(d + "/sub")
        name = d + ("/sub" if mode == "dirlink" else "/me")
        s = bound(d + "/sub/me" if mode == "dirlink" else name)
        os.rename(name, name + ".away")
        if mode == "swap":
            os.rename(target, name)
        else:
            os.symlink(target, name)
        s.sendto(b"hello\n", server)
        print(answer(s, 2))
    elif mode == "send":
        # An autobound sender of one line.
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind("")
        s.sendto(args[0].encode(), server)
        print(answer(s, float(args[1]) if len(args) > 1 else 5))
    elif mode == "burst":
        # Datagrams with no address to answer.
        for _ in range(int(args[0])):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.sendto(b"", server)
            s.close()
        print("sent")
    elif mode == "hog":
        # Sockets that each ask, send lines, and never read what comes
        # back; held open for the seconds given.
        hold = []
        for _ in range(int(args[0])):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.bind("")
            for line in [b""] + [b"x" * 64 + b"\n"] * int(args[1]):
                try:
                    s.sendto(line, server)
                except BlockingIOError:
                    pass
            hold.append(s)
        print("holding", flush=True)
        time.sleep(float(args[2]))
    elif mode == "server":
        # A server that answers its client's line with two records that
        # are not the client's report before the one that is: one of
        # another pid, one from another process (a child).
        import struct
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        s.bind(server)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        print("ready", flush=True)
        _, addr = s.recvfrom(64)
        s.sendto(b"go on\n", addr)
        _, anc, _, addr = s.recvmsg(1024, socket.CMSG_SPACE(12))
        pid, uid, gid = struct.unpack("iII", anc[0][2][:12])

        def record(p, u):
            return ('{"pid":%d,"uid":%d,"euid":null,"gid":%d,"egid":null,'
                    '"groups":null}' % (p, u, gid)).encode()
        s.sendto(record(pid + 1, 4242), addr)
        if os.fork() == 0:
            s.sendto(record(pid, 4343), addr)
            os._exit(0)
        os.wait()
        s.sendto(record(pid, uid), addr)
    elif mode == "victim":
        # A socket only its owner may write to: server is its path.
        s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        os.umask(0o077)
        s.bind(server)
        print("ready", flush=True)
        n = 0
        s.settimeout(float(args[0]))
        try:
            while True:
                s.recv(1 << 20)
                n += 1
        except socket.timeout:
            pass
        print("got %d" % n)


main(*sys.argv[1:])
