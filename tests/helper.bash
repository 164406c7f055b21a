# Shared by every tests/*.bats file: where the programs are, a short socket
# directory (sun_path is small), and servers started and stopped by pid.
# shellcheck shell=bash

bats_require_minimum_version 1.5.0

bats_load_library bats-support
bats_load_library bats-assert

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
CREDCHECK=$TOP/credcheck
RUNAS=$TOP/tests/runas

require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root to run as other credentials"
}

# A fresh directory with a short name for sockets.
sockdir() {
	mktemp -d /tmp/cc.XXXXXX
}

# The value of a JSON member, with jq.
json() {
	jq -r "$1"
}
