#!/bin/sh
# The tests that make check-vm runs inside a NetBSD or FreeBSD guest, as
# root, on the real kernel: POSIX sh, since the guest has no bash, and
# no jq, so JSON members are matched as credcheck writes them.  Prints
# TAP on standard output; the host prints it again as its own.
#
#	guest.sh dir	dir holds credcheck, runas, peer, unit and handdown

set -u
B=${1:?usage: guest.sh dir}
CC=$B/credcheck
RUNAS=$B/runas
PEER=$B/peer
T=/tmp/cc
n=0
failed=0

# One test: its description, then the command; its output is kept as
# TAP comments when it fails.
t() {
	what=$1
	shift
	n=$((n + 1))
	rm -rf "$T"
	mkdir -m 755 "$T"
	if ("$@") >"$T.log" 2>&1; then
		echo "ok $n $what"
	else
		echo "not ok $n $what"
		sed 's/^/# /' "$T.log"
		failed=$((failed + 1))
	fi
}

# Skip a test, with the reason.
skip() {
	n=$((n + 1))
	echo "ok $n $1 # skip $2"
}

# Whether every fixed string after the first argument is in it.
has() {
	s=$1
	shift
	for f in "$@"; do
		case $s in
		*"$f"*) ;;
		*) echo "missing: $f"; echo "in: $s"; return 1 ;;
		esac
	done
}

# Poll (up to ten seconds) until a command succeeds.
until_ok() {
	i=0
	until "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "timed out: $*"; return 1; }
		sleep 0.1
	done
}

# serve ARGS in the background, its output in $T/out and $T/err.
serve() {
	"$CC" serve "$@" >"$T/out" 2>"$T/err" &
	SERVER=$!
	until_ok grep -q "listening on" "$T/err"
}

as_user() {
	"$RUNAS" -u 1000 -U 1000 -g 100 -G 100 -s 5,100 "$@"
}

selftest_type() {
	out=$("$CC" selftest -j -T "$1") || { echo "$out"; return 1; }
	has "$out" '"result":"ok"' '"mechanism":"LOCAL_CREDS"'
}

selftest_as_user() {
	out=$(as_user "$CC" selftest -j) || { echo "$out"; return 1; }
	has "$out" '"uid":1000' '"euid":1000' '"gid":100' '"groups":[5,100]'
}

# NetBSD 11 fills in LOCAL_PEEREID for no socket pair (uipc_usrreq.c
# 1.209; 1.180, of 2016, named the pair's creator), and no datagram
# socket has a connection for it to describe.
peereid_pairs() {
	out=$("$CC" selftest -T stream) || { echo "$out"; return 1; }
	has "$out" "unsupported: not filled in for socket pairs" &&
	out=$("$CC" selftest -T dgram) &&
	has "$out" "unsupported: not filled in for datagram sockets"
}

# A client's LOCAL_PEEREID names the server (the kernel of 2016 gave the
# client its own ids), so connect keeps it.
peereid_client() {
	serve -1 -j -m 666 "$T/s"
	out=$(as_user "$CC" connect -j "$T/s" 2>"$T/cerr") || return 1
	wait "$SERVER"
	! grep -q "names this process" "$T/cerr" &&
	has "$out" "\"server\":{\"pid\":$SERVER," \
	    '"euid":{"mechanism":"LOCAL_PEEREID","captured":"connect"}'
}

# serve shows LOCAL_PEEREID's fields from it, as the first listed, though
# LOCAL_CREDS, which came with the line, has them too.
serve_credits_peereid() {
	serve -1 -j -m 666 "$T/s"
	as_user "$CC" connect "$T/s" >/dev/null || return 1
	wait "$SERVER"
	has "$(cat "$T/out")" \
	    '"pid":{"mechanism":"LOCAL_PEEREID","captured":"connect"}' \
	    '"uid":{"mechanism":"LOCAL_CREDS","captured":"send"}'
}

# Every Result in one column, LOCAL_CREDS's long field list included.
result_column() {
	"$CC" selftest | awk 'NR == 1 { col = index($0, "Result") }
	    /^LOCAL_CREDS / && !seen { seen = 1; ok = substr($0, col, 2) == "ok" }
	    END { exit !ok }'
}

# The most groups a sockcred carries on NetBSD: 16.
sixteen_groups() {
	out=$("$RUNAS" -u 1000 -U 1000 -g 100 -G 100 -s 1-16 "$CC" selftest -j) ||
	    { echo "$out"; return 1; }
	has "$out" '"groups":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]' \
	    '"result":"ok"'
}

# A client whose real and effective ids differ: each as it is.
real_and_effective() {
	serve -1 -j -m 666 "$T/s"
	"$RUNAS" -u 1000 -U 1001 -g 100 -G 101 -s 5 "$CC" connect "$T/s" \
	    >/dev/null || return 1
	wait "$SERVER"
	has "$(cat "$T/out")" '"uid":1000,"euid":1001,"gid":100,"egid":101'
}

selftest_race() {
	out=$("$CC" selftest -j) || { echo "$out"; return 1; }
	has "$out" '"unsynchronised":[' '"result":"none"'
}

between_uids() {
	serve -1 -j -m 666 -T "$1" "$T/s"
	out=$(as_user "$CC" connect -j -T "$1" "$T/s") || { echo "$out"; return 1; }
	wait "$SERVER"
	has "$(cat "$T/out")" '"uid":1000' '"groups":[5,100]' \
	    '"message":"credcheck connect"' &&
	has "$out" '"seen_by_server":{' '"uid":1000'
}

early_writer() {
	serve -1 -j -m 666 "$T/s"
	kill -STOP "$SERVER"
	as_user "$PEER" early "$T/s" >"$T/peer" &
	peer=$!
	sleep 1
	kill -CONT "$SERVER"
	wait "$peer"
	wait "$SERVER"
	has "$(cat "$T/out")" '"uid":1000' '"message":"peer"'
}

two_writes() {
	serve -1 -j -m 666 "$T/s"
	{ printf pe; sleep 1; printf 'er\n'; } | as_user "$PEER" raw "$T/s"
	wait "$SERVER"
	has "$(cat "$T/out")" '"message":"peer"' '"uid":1000'
}

many_idle() {
	serve -m 666 -c 4 "$T/s"
	mkfifo "$T/hold"
	"$PEER" hold "$T/s" 40 <"$T/hold" >"$T/held" &
	holder=$!
	exec 4>"$T/hold"
	until_ok grep -q "holding 40" "$T/held"
	for i in 1 2 3 4; do
		as_user "$CC" connect "$T/s" >/dev/null &
	done
	wait "$SERVER"
	exec 4>&-
	wait "$holder"
	[ "$(grep -c '^Client ' "$T/out")" -eq 4 ]
}

peek() {
	serve -1 "$T/s"
	out=$("$CC" connect -P -j "$T/s") || { echo "$out"; return 1; }
	kill "$SERVER"
	has "$out" "\"pid\":$SERVER"
}

# Who holds a connected socket, from kern.file2 and the pcb list: the
# server of the client, the client (uid 1000) of the server; a listener
# at a path is not looked for, as its control block has no file's inode.
held_by() {
	serve -1 -v -m 666 "$T/s"
	out=$(as_user "$CC" connect "$T/s") || { echo "$out"; return 1; }
	wait "$SERVER"
	has "$out" "Held by: $SERVER (credcheck)" || return 1
	has "$(cat "$T/out")" "Held by: " "(credcheck)" || return 1
	grep -q "^Note:" "$T/out" && { cat "$T/out"; return 1; }
	serve -1 "$T/s"
	out=$("$CC" connect -P "$T/s")
	kill "$SERVER"
	has "$out" "Held by: unavailable (a listener is known here only by the name it was bound at)"
}

must_be_root() {
	serve -1 -m 666 "$T/s"
	"$CC" connect -u root "$T/s" >/dev/null || return 1
	mkdir -m 777 "$T/u"
	"$RUNAS" -u 1000 -U 1000 -g 100 -G 100 "$CC" serve -1 "$T/u/s" \
	    >/dev/null 2>"$T/uerr" &
	user_server=$!
	until_ok grep -q "listening on" "$T/uerr"
	if "$CC" connect -u root "$T/u/s" 2>"$T/cerr"; then
		kill "$user_server"
		return 1
	fi
	kill "$user_server"
	grep -q "is not 0" "$T/cerr" || { cat "$T/cerr"; return 1; }
}

stale_socket() {
	serve "$T/s"
	kill -KILL "$SERVER"
	wait "$SERVER" 2>/dev/null
	[ -S "$T/s" ] || return 1
	serve -1 "$T/s"
	if "$CC" serve -1 "$T/s" 2>"$T/err2"; then
		return 1
	fi
	grep -q "address in use" "$T/err2" || { cat "$T/err2"; return 1; }
	"$CC" connect "$T/s" >/dev/null
}

unit() {
	"$B/unit"
}

# fd, handed an accepted connection as descriptor 0 (inetd style).
handed_down() {
	(umask 0 && exec "$B/handdown" "$T/s" "$CC" fd -j 0) >"$T/out" \
	    2>"$T/err" &
	sup=$!
	until_ok test -S "$T/s"
	out=$(as_user "$CC" connect -j "$T/s") || { echo "$out"; return 1; }
	wait "$sup" || { cat "$T/err"; return 1; }
	has "$(cat "$T/out")" '"fd":0' '"uid":1000' '"groups":[5,100]'
}

# make install and uninstall with the system's make and install(1), from
# the tree as it was built (nothing is rebuilt: the root is read-only).
make_install() {
	cd "$B/tree" || return 1
	make install DESTDIR="$T/inst" || return 1
	[ -x "$T/inst/usr/local/bin/credcheck" ] &&
	    [ -f "$T/inst/usr/local/share/man/man1/credcheck.1" ] || return 1
	make uninstall DESTDIR="$T/inst" || return 1
	[ ! -e "$T/inst/usr/local/bin/credcheck" ]
}

# Every file below a directory (the guest has no find).
files_in() {
	for f in "$1"/*; do
		if [ -d "$f" ]; then
			files_in "$f"
		elif [ -e "$f" ]; then
			echo "$f"
		fi
	done
}

# make install as a package builds it, with its PREFIX and MANDIR, against
# the files the package lists (mk/plist): each one there, and no other.
package_install() {
	cd "$B/tree" || return 1
	make install DESTDIR="$T/pkg" PREFIX="$1" MANDIR="$2" || return 1
	listed=0
	while read -r f; do
		[ -f "$T/pkg$1/$f" ] || { echo "not installed: $f"; return 1; }
		listed=$((listed + 1))
	done <"$3"
	files_in "$T/pkg"
	[ "$(files_in "$T/pkg" | wc -l)" -eq "$listed" ]
}

echo "# $(uname -sr)"
for type in stream seqpacket dgram; do
	t "selftest -T $type: the synchronised exchange is ok" selftest_type "$type"
done
t "selftest in the race: LOCAL_CREDS brings nothing to a late receiver" selftest_race
t "selftest's Result column holds LOCAL_CREDS's long field list" result_column
t "selftest with 16 groups, the most a sockcred carries here" sixteen_groups
t "a client whose real and effective ids differ: each as it is" real_and_effective
t "selftest as uid 1000 with groups 5 100: every field from the kernel" selftest_as_user
if [ "$(uname -s)" = NetBSD ]; then
	t "LOCAL_PEEREID: unsupported for socket pairs and datagram sockets" peereid_pairs
	t "a client's LOCAL_PEEREID names the server, and is kept" peereid_client
	t "serve credits LOCAL_PEEREID, listed first, with its fields" serve_credits_peereid
fi
for type in stream seqpacket dgram; do
	t "serve and connect -T $type between uids" between_uids "$type"
done
t "a client that writes before go on: LOCAL_CREDS inherited from the listener" early_writer
t "a line in two writes is whole" two_writes
t "four clients at once behind forty idle ones, on kqueue" many_idle
t "connect -P names the server" peek
t "who holds a connected socket: the server, the client; not a listener by name" held_by
t "connect -u root: passes against root, fails against a server of uid 1000" must_be_root
t "a stale socket is replaced; a live one is left, address in use" stale_socket
t "the unit cases, and the event loop on this kernel's kqueue" unit
t "fd on a connection handed down as descriptor 0" handed_down
if [ -d "$B/tree" ]; then
	t "make install and uninstall with this system's make" make_install
	t "make install as pkgsrc's package does: its PLIST's files" \
	    package_install /usr/pkg /usr/pkg/man "$B/PLIST.pkgsrc"
	t "make install as the FreeBSD port does: its PLIST_FILES" \
	    package_install /usr/local /usr/local/share/man "$B/PLIST.freebsd"
else
	skip "make install and uninstall with this system's make" "no tree"
fi
# What this kernel says, for the record: selftest of each type, and a
# client's view of a server, as TAP comments.
for type in stream seqpacket dgram; do
	echo "# credcheck selftest -v -T $type:"
	"$CC" selftest -v -T "$type" 2>&1 | sed 's/^/#   /'
done
rm -rf "$T" && mkdir -m 755 "$T"
serve -1 -m 666 "$T/s"
echo "# credcheck connect -v, as uid 1000, to a root server:"
as_user "$CC" connect -v "$T/s" 2>&1 | sed 's/^/#   /'
wait "$SERVER"
echo "1..$n"
exit $((failed > 0))
