#!/usr/bin/env bats
# The command line: usage errors exit 2 with a reason on stderr.
# bats sets stderr and stderr_lines (run --separate-stderr); bash -c
# scripts are quoted to expand later; each @test is a subshell.
# shellcheck disable=SC2154,SC2016,SC2030,SC2031

load helper

@test "no command is a usage error" {
	run -2 --separate-stderr "$CREDCHECK"
	assert_output ""
	[[ $stderr == "credcheck: a command is required"* ]]
	[[ $stderr == *"usage: credcheck selftest"* ]]
}

@test "an unknown command is a usage error naming it" {
	run -2 --separate-stderr "$CREDCHECK" frobnicate
	[[ ${stderr_lines[0]} == "credcheck: unknown command: frobnicate" ]]
}

@test "an unknown top-level option is a usage error" {
	run -2 --separate-stderr "$CREDCHECK" -x
	[[ ${stderr_lines[0]} == "credcheck: unknown option: -x" ]]
}

@test "an unknown selftest option is a usage error naming it" {
	run -2 --separate-stderr "$CREDCHECK" selftest -q
	[[ ${stderr_lines[0]} == "credcheck: unknown option -q for selftest" ]]
	assert_output ""
}

@test "selftest with an operand is a usage error" {
	run -2 --separate-stderr "$CREDCHECK" selftest extra
	[[ ${stderr_lines[0]} == "credcheck: selftest takes no operand" ]]
}

@test "-h prints the usage on stdout and exits 0" {
	run -0 --separate-stderr "$CREDCHECK" -h
	assert_line --index 0 --partial "usage: credcheck selftest [-jnv]"
	[ -z "$stderr" ]
}

@test "selftest -h prints the usage and exits 0" {
	run -0 "$CREDCHECK" selftest -h
	assert_line --index 0 --partial "usage: credcheck selftest"
}

@test "-V prints the version and the mechanisms built in, and exits 0" {
	require_linux
	run -0 "$CREDCHECK" -V
	assert_output --regexp '^credcheck [0-9]+\.[0-9]+ \(.*SO_PEERCRED.*\)$'
}

@test "-V with an operand is a usage error" {
	run -2 --separate-stderr "$CREDCHECK" -V now
	[[ ${stderr_lines[0]} == "credcheck: -V takes no operand" ]]
}

@test "usage lists the same synopsis as the man page" {
	run -0 "$CREDCHECK" -h
	synopsis=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' \
	    "$TOP/man/credcheck.1" | grep -c '^\.Nm')
	# One entry a command; a long one goes on over an indented line.
	commands=$(printf '%s\n' "${lines[@]}" |
	    grep -cE '^(usage:)? +credcheck ')
	[ "$commands" -eq "$synopsis" ]
	# Every option the man page gives a command, usage gives it too.
	for opt in g u m c t; do
		grep -q "^\.Op Fl $opt\b" "$TOP/man/credcheck.1"
		[[ $output == *"-$opt "* || $output == *"[-"*"$opt"*"]"* ]]
	done
}

@test "serve without a path is a usage error" {
	run -2 --separate-stderr "$CREDCHECK" serve
	[ "${stderr_lines[0]}" = "credcheck: serve needs a path" ]
}

@test "serve with two paths is a usage error" {
	run -2 --separate-stderr "$CREDCHECK" serve /tmp/a /tmp/b
	[ "${stderr_lines[0]}" = "credcheck: serve takes one path" ]
}

@test "serve rejects a bad count" {
	run -2 --separate-stderr "$CREDCHECK" serve -c many /tmp/cc-unused
	[ "${stderr_lines[0]}" = "credcheck: count many: invalid" ]
	run -2 --separate-stderr "$CREDCHECK" serve -c -1 /tmp/cc-unused
	[ "${stderr_lines[0]}" = "credcheck: count -1: invalid" ]
	[ ! -e /tmp/cc-unused ]
}

@test "serve rejects a mode that is not octal up to 777" {
	for m in 8 1000 rw 7a -1 ""; do
		run -2 --separate-stderr "$CREDCHECK" serve -m "$m" /tmp/cc-unused
		[ "${stderr_lines[0]}" = "credcheck: mode must be octal, 0 to 777: $m" ]
	done
	[ ! -e /tmp/cc-unused ]
}

@test "serve and connect reject a bad timeout" {
	run -2 --separate-stderr "$CREDCHECK" serve -t 0 /tmp/cc-unused
	[ "${stderr_lines[0]}" = "credcheck: timeout 0: too small" ]
	run -2 --separate-stderr "$CREDCHECK" connect -t soon /tmp/cc-unused
	[ "${stderr_lines[0]}" = "credcheck: timeout soon: invalid" ]
	run -2 --separate-stderr "$CREDCHECK" connect -t 86401 /tmp/cc-unused
	[ "${stderr_lines[0]}" = "credcheck: timeout 86401: too large" ]
}

@test "numbers are digits only: no blanks or signs" {
	run -2 --separate-stderr "$CREDCHECK" serve -t ' 5' /tmp/cc-unused
	[ "${stderr_lines[0]}" = "credcheck: timeout  5: invalid" ]
	run -2 --separate-stderr "$CREDCHECK" serve -c +3 /tmp/cc-unused
	[ "${stderr_lines[0]}" = "credcheck: count +3: invalid" ]
}

@test "-V and -h fail when standard output cannot take them" {
	[ -w /dev/full ] || skip "no /dev/full"
	run -1 --separate-stderr bash -c '"$0" -V >/dev/full' "$CREDCHECK"
	[ "$stderr" = "credcheck: stdout: No space left on device" ]
	run -1 --separate-stderr bash -c '"$0" -h >/dev/full' "$CREDCHECK"
	run -1 --separate-stderr bash -c '"$0" selftest -h >/dev/full' "$CREDCHECK"
}

@test "an option without its value is a usage error" {
	run -2 --separate-stderr "$CREDCHECK" serve /tmp/cc-unused -c
	run -2 --separate-stderr "$CREDCHECK" connect -t
	[ "${stderr_lines[0]}" = "credcheck: option -t needs a value" ]
}

@test "connect without a path, or with two, is a usage error" {
	run -2 --separate-stderr "$CREDCHECK" connect
	[ "${stderr_lines[0]}" = "credcheck: connect needs a path" ]
	run -2 --separate-stderr "$CREDCHECK" connect a b
	[ "${stderr_lines[0]}" = "credcheck: connect takes one path" ]
}

@test "an option after the operand is a usage error on every system, with the reason" {
	run -2 --separate-stderr "$CREDCHECK" connect /tmp/cc-unused -n
	[ "${stderr_lines[0]}" = "credcheck: connect: -n after /tmp/cc-unused: options come before the operands" ]
	run -2 --separate-stderr "$CREDCHECK" serve /tmp/cc-unused -1
	[ "${stderr_lines[0]}" = "credcheck: serve: -1 after /tmp/cc-unused: options come before the operands" ]
	run -2 --separate-stderr "$CREDCHECK" fd 0 -j
	[ "${stderr_lines[0]}" = "credcheck: fd: -j after 0: options come before the operands" ]
	# After --, an operand that starts with - is a name like any other.
	run -1 --separate-stderr "$CREDCHECK" connect -- -cc-unused
	[ "${stderr_lines[0]}" = "credcheck: connect -cc-unused: No such file or directory" ]
}

@test "an unknown serve option is a usage error naming it" {
	run -2 --separate-stderr "$CREDCHECK" serve -x /tmp/cc-unused
	[ "${stderr_lines[0]}" = "credcheck: unknown option -x for serve" ]
}

@test "a path with a control character is escaped in error messages, never written raw" {
	D=$(sockdir)
	esc=$(printf '\033')
	: >"$D/a${esc}b"
	run -1 --separate-stderr "$CREDCHECK" serve "$D/a${esc}b"
	[ "$stderr" = "credcheck: $D/a\\x1bb: exists and is not a stale socket; left alone" ]
	run -1 --separate-stderr "$CREDCHECK" connect "$D/n${esc}"
	[ "$stderr" = "credcheck: connect $D/n\\x1b: No such file or directory" ]
	rm -rf "$D"
}
