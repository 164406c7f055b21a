#!/usr/bin/env bats
# The parsers, at the byte level: every system's structures, laid out as
# that system lays them out, correct and truncated; the report reader, the
# escaping, the event loop (tests/unit.c).  The cases and what each checks
# are listed once, in tests/unit.c, which says "ok" or "not ok" of each.
# shellcheck disable=SC2154

load helper

UNIT=${UNIT:-$TOP/tests/unit}

@test "every unit case passes (tests/unit says which, and what each checks)" {
	run -0 "$UNIT"
	refute_output --partial "not ok"
	assert_line --partial "ok sockcred-netbsd: "
}

@test "a name that matches no case is an error of its own" {
	run -2 "$UNIT" no-such-case
	[ "$output" = "no case matches no-such-case" ]
}
