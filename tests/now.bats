#!/usr/bin/env bats
# The peer as it is now (Linux, through a pidfd): its cgroup and systemd
# unit, its executable, its ids now, its pidfs inode; read by connect, fd
# and selftest, and by serve only with -v.  Each is kept only if the
# pidfd shows the process running after the read.
# bats sets output, stderr and lines (run --separate-stderr); bash -c
# scripts are quoted to expand later.
# shellcheck disable=SC2154,SC2016,SC2034

load helper

setup() {
	require_linux "pidfds and /proc"
	"$CREDCHECK" -V | grep -q SO_PEERPIDFD ||
	    skip "this kernel gives no SO_PEERPIDFD"
	D=$(sockdir)
}

# The cgroup v2 path of the calling shell, as the kernel has it.
own_cgroup() {
	sed -n 's/^0:://p' /proc/self/cgroup
}

@test "selftest checks the cgroup, executable and ids read now against the sender's own" {
	run -0 "$CREDCHECK" selftest -j
	want_cgroup=$(own_cgroup)
	want_exe=$(readlink -f "$CREDCHECK")
	printf '%s\n' "$output" | jq_e --arg c "$want_cgroup" --arg e "$want_exe" '
	    .result == "ok" and .now.cgroup == $c and .now.exe == $e and
	    .now.ids.uid == .uid and .now.ids.euid == .euid and
	    .now.ids.fsuid == .euid and .now.ids.gid == .gid and
	    .now.sources.cgroup.mechanism == "/proc/PID/cgroup" and
	    .now.sources.cgroup.captured == "query"'
}

@test "selftest fails a pidfd whose cgroup read now is not the sender's" {
	require_shim
	printf '0::/not/mine\n' >"$D/cgroup"
	run -1 env LD_PRELOAD="$TOP/tests/shim.so" SHIM_CGROUP_FILE="$D/cgroup" \
	    "$CREDCHECK" selftest
	assert_line --regexp '^SO_PEERPIDFD +connect .* FAIL: cgroup now differs from what the sender says of itself$'
}

@test "serve reads the peer as it is now only with -v; connect always" {
	start_server "$D" -c 2 -j "$D/s"
	run -0 "$CREDCHECK" connect -j "$D/s"
	printf '%s\n' "$output" | jq_e '.server.now.exe != null'
	stop_server
	jq_e '.now == null' "$D/out"
	start_server "$D" -1 -j -v "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	jq_e --arg e "$(readlink -f "$CREDCHECK")" '.now.exe == $e and
	    (.now.pidfs_inode | type) == "number"' "$D/out"
}

@test "a client run from a copied binary shows the copy's path, escaped" {
	bad=$'copy\e[31m'
	cp "$CREDCHECK" "$D/$bad"
	start_server "$D" -1 -v "$D/s"
	run -0 "$D/$bad" connect "$D/s"
	server_exit
	run cat "$D/out"
	assert_line "Executable: $D/copy\\x1b[31m [/proc/PID/exe, at query]"
}

@test "a client in the cgroup /cc.slice/cc-test.service shows that cgroup and its unit" {
	require_root
	root=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	[ -n "$root" ] || skip "no cgroup v2 hierarchy is mounted"
	base=$(own_cgroup)
	cg="$root${base%/}/cc.slice/cc-test.service"
	mkdir -p "$cg" || skip "cannot make a cgroup here"
	start_server "$D" -1 -j -v "$D/s"
	run bash -c 'echo $$ > "$1/cgroup.procs" && exec "$2" connect "$3"' \
	    _ "$cg" "$CREDCHECK" "$D/s"
	server_exit
	rmdir "$cg" "${cg%/*}"
	[ "$status" -eq 0 ]
	jq_e --arg c "${base%/}/cc.slice/cc-test.service" '
	    .now.cgroup == $c and .now.unit == "cc-test.service"' "$D/out"
}

@test "a daemon that listened as root and dropped to uid 1000 shows its ids now" {
	require_root
	require_distinct_ids
	command -v python3 >/dev/null || skip "python3 is not installed"
	python3 - "$D/s" <<'PY' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(4)
os.setgroups([])
os.setresgid(1000, 1000, 1000)
os.setresuid(1000, 1000, 1000)
while True:
    c, _ = s.accept()
    c.recv(1)
    c.close()
PY
	SERVER_PID=$!
	wait_listening "$D/s"
	run -0 "$CREDCHECK" connect -P -n "$D/s"
	assert_line "EUID: 0"
	assert_line "Ids now: uid 1000 euid 1000 suid 1000 fsuid 1000 gid 1000 egid 1000 sgid 1000 fsgid 1000 groups none"
	run -0 "$CREDCHECK" connect -P -j "$D/s"
	printf '%s\n' "$output" | jq_e '.server.euid == 0 and
	    .server.now.ids == {"uid": 1000, "euid": 1000, "suid": 1000,
	    "fsuid": 1000, "gid": 1000, "egid": 1000, "sgid": 1000,
	    "fsgid": 1000, "groups": []}'
}

@test "ids now are not shown in the human form where they are the vouched ones" {
	start_server "$D" -1 -v "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	run cat "$D/out"
	refute_line --partial "Ids now"
	assert_line --regexp '^Cgroup: '
}

@test "a listener that forked and exited: what it is now is unavailable, not another's" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	python3 - "$D/s" >"$D/kid" <<'PY'
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(4)
pid = os.fork()
if pid == 0:
    os.setsid()
    time.sleep(30)
    os._exit(0)
print(pid)
PY
	PEER_PID=$(cat "$D/kid")
	run -0 "$CREDCHECK" connect -P -j "$D/s"
	printf '%s\n' "$output" | jq_e '.server.alive == false and
	    .server.now.cgroup == null and
	    .server.now.unavailable.cgroup == "the process has exited" and
	    .server.now.unavailable.exe == "the process has exited" and
	    (.server.now.pidfs_inode | type) == "number"'
	run -0 "$CREDCHECK" connect -P "$D/s"
	assert_line "Cgroup: unavailable (the process has exited)"
	assert_line "Executable: unavailable (the process has exited)"
}

@test "what another user namespace cannot map or read: not mapped here, permission denied" {
	require_root
	unshare --user --map-root-user true 2>/dev/null ||
	    skip "no user namespaces here"
	chmod 755 "$D"
	start_server "$D" -c 2 -m 666 "$D/s"
	# uid 1000 is root in the namespace; the server's uid 0 is not mapped.
	client=("$RUNAS" -u 1000 -U 1000 -g 1000 -G 1000 -s none
	    "$(command -v unshare)" --user --map-root-user "$CREDCHECK")
	run -0 "${client[@]}" connect -P "$D/s"
	assert_line "EUID: not mapped here"
	assert_line "Executable: unavailable (Permission denied)"
	refute_line --partial "Ids now"
	run -0 "${client[@]}" connect -P -j "$D/s"
	stop_server
	printf '%s\n' "$output" | jq_e '.server.now.ids.uid == null and
	    .server.now.ids.fsgid == null and
	    .server.now.unavailable.exe == "Permission denied"'
}

# In a pid namespace of its own, so that the next pid can be chosen
# (ns_last_pid): the client connects, hands its socket to a child, and
# exits; the child gives the client's pid to a new process (a sleep), and
# only then sends the line, so that /proc/PID is the sleep's when serve
# reads it.
@test "a pid reused before serve reads it lends nothing: what is read now is unavailable" {
	require_root
	command -v python3 >/dev/null || skip "python3 is not installed"
	unshare --pid --fork --mount-proc true 2>/dev/null ||
	    skip "no pid namespaces here"
	cat >"$D/client.py" <<'PY'
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.recv(6)
connector = os.getpid()
if os.fork() == 0:
    while True:			# until the connector is reaped
        try:
            os.kill(connector, 0)
        except ProcessLookupError:
            break
        time.sleep(0.01)
    with open("/proc/sys/kernel/ns_last_pid", "w") as f:
        f.write(str(connector - 1))
    reuser = os.fork()
    if reuser == 0:
        os.execvp("sleep", ["sleep", "10"])
    print("reused" if reuser == connector else "not reused", connector,
          flush=True)
    s.sendall(b"hi\n")
    s.recv(65536)
    os.kill(reuser, 9)
    os._exit(0)
os._exit(0)
PY
	run -0 unshare --pid --fork --mount-proc bash -c '
	    "$1" serve -1 -j -v "$2" >"$3" 2>"$4" &
	    for i in $(seq 200); do
	        grep -q listening "$4" && break
	        sleep 0.05
	    done
	    python3 "$5" "$2"
	    wait' _ "$CREDCHECK" "$D/s" "$D/out" "$D/err" "$D/client.py"
	[[ "$output" == "reused "* ]] || skip "the pid could not be reused here: $output"
	jq_e --argjson p "${output#reused }" '.pid == $p and .alive == false and
	    .command == null and .now.exe == null and .now.cgroup == null and
	    .now.ids == null and
	    .now.unavailable.exe == "the process has exited"' "$D/out"
}
