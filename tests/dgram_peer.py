# A datagram peer for tests/dgram_hostile.bats: a sender that plays the
# tricks a hostile local user would on a datagram server, and a victim
# socket that counts what reaches it.  Each mode prints one line.
import os
import socket
import sys


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
    if mode == "link":
        # Bind dir/me, then put a link to target where it was.
        d, target = args
        s = bound(d + "/me")
        os.rename(d + "/me", d + "/me.away")
        os.symlink(target, d + "/me")
        s.sendto(b"hello\n", server)
        print(answer(s, 2))
    elif mode == "dirlink":
        # Bind dir/sub/me, then put a link to target (a directory) where
        # dir/sub was.
        d, target = args
        os.mkdir(d + "/sub")
        s = bound(d + "/sub/me")
        os.rename(d + "/sub", d + "/sub.away")
        os.symlink(target, d + "/sub")
        s.sendto(b"hello\n", server)
        print(answer(s, 2))
    elif mode == "swap":
        # Bind dir/me, then move another socket file to where it was.
        d, other = args
        s = bound(d + "/me")
        os.rename(d + "/me", d + "/me.away")
        os.rename(other, d + "/me")
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
