#!/usr/bin/env bats
# The peer's security label (Linux SO_PEERSEC, at connect): read from the
# kernel where a security module labels sockets, unavailable where none
# does (this machine has none: ENOPROTOOPT), never invented.  The fault
# shim stands in for a module, to check what is done with a label.
# bats sets output and lines.
# shellcheck disable=SC2154,SC2034

load helper

setup() {
	require_linux "SO_PEERSEC"
	D=$(sockdir)
}

# Run with the shim's label as SO_PEERSEC's answer, and $D/attr as the
# sender's own (/proc/self/attr/current).
with_label() {
	env LD_PRELOAD="$TOP/tests/shim.so" SHIM_PEERSEC="$LABEL" \
	    SHIM_ATTR_FILE="$D/attr" "$@"
}

@test "with no security module that labels sockets, the label is unavailable, not made up" {
	[ -r /proc/self/attr/current ] && [ -s /proc/self/attr/current ] &&
	    skip "this kernel has a security module that labels processes"
	run -0 "$CREDCHECK" selftest
	assert_line --regexp '^SO_PEERSEC +connect +label +unsupported$'
	assert_line "Security label: unavailable"
	run -0 "$CREDCHECK" selftest -j
	printf '%s\n' "$output" | jq_e '.label == null and
	    .sources.label == null'
}

@test "a label is shown escaped, with its source, and checked against the sender's own" {
	require_shim
	LABEL=$'system_u:system_r:init_t:s0\e[2J'
	printf '%s\n' "$LABEL" >"$D/attr"
	run -0 with_label "$CREDCHECK" selftest -v
	assert_line --regexp '^SO_PEERSEC +connect +label +ok$'
	assert_line 'Security label: system_u:system_r:init_t:s0\x1b[2J [SO_PEERSEC, at connect]'
	run -0 with_label "$CREDCHECK" selftest -j
	printf '%s\n' "$output" | jq_e --arg l "$LABEL" '.label == $l and
	    .sources.label.mechanism == "SO_PEERSEC"'
	[[ "$output" == *'init_t:s0\u001b[2J"'* ]]
}

@test "a label that is not the sender's fails selftest" {
	require_shim
	LABEL=other_t
	printf 'mine_t\n' >"$D/attr"
	run -1 with_label "$CREDCHECK" selftest
	assert_line --regexp '^SO_PEERSEC +connect +label +FAIL: label differs from the sender.s own$'
	LABEL=other_t
	rm "$D/attr"
	run -1 with_label "$CREDCHECK" selftest
	assert_line --regexp '^SO_PEERSEC +connect +label +FAIL: a label, where the sender has none of its own$'
}

@test "a label longer than is kept is an error, not cut short" {
	require_shim
	LABEL=x
	run -1 env LD_PRELOAD="$TOP/tests/shim.so" SHIM_PEERSEC=x \
	    SHIM_PEERSEC_HUGE=1 "$CREDCHECK" selftest
	assert_line --regexp '^SO_PEERSEC +connect +label +FAIL: Numerical result out of range$'
	assert_line "Security label: unavailable"
}

@test "serve shows a client's label, and connect reads it back from the server's record" {
	require_shim
	LABEL=unconfined_t
	SERVER_WRAP=(env LD_PRELOAD="$TOP/tests/shim.so" SHIM_PEERSEC="$LABEL")
	start_server "$D" -1 -j "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	jq_e '.label == "unconfined_t"' "$D/out"
	assert_line "Security label: unconfined_t"
}
