#!/usr/bin/env bats
# The command line: usage errors exit 2 with a reason on stderr.

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

@test "-V prints the version and exits 0" {
	run -0 "$CREDCHECK" -V
	assert_output --regexp '^credcheck [0-9]+\.[0-9]+'
}

@test "-V with an operand is a usage error" {
	run -2 --separate-stderr "$CREDCHECK" -V now
	[[ ${stderr_lines[0]} == "credcheck: -V takes no operand" ]]
}

@test "usage lists the same synopsis as the man page" {
	run -0 "$CREDCHECK" -h
	synopsis=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' \
	    "$TOP/man/credcheck.1" | grep -c '^\.Nm')
	[ "${#lines[@]}" -eq "$synopsis" ]
}
