#!/usr/bin/env bats
# The build: a missing dependency is one line naming the package, and
# install/uninstall honour DESTDIR.
# bats sets stderr and stderr_lines (run --separate-stderr); bash -c
# scripts are quoted to expand later; each @test is a subshell.
# shellcheck disable=SC2154,SC2016,SC2030,SC2031

load helper

@test "mk/config names the package when pkg-config is missing" {
	[ "$(uname -s)" = Linux ] || skip "only Linux needs pkg-config"
	PKG_CONFIG=/nonexistent/pkg-config run -1 --separate-stderr \
	    sh "$TOP/mk/config" cflags
	[ "$stderr" = "credcheck: pkg-config not found; install it (Debian: apt-get install pkg-config)" ]
}

@test "mk/config names libbsd-dev when libbsd is missing" {
	[ "$(uname -s)" = Linux ] || skip "only Linux needs libbsd"
	PKG_CONFIG=false run -1 --separate-stderr sh "$TOP/mk/config" libs
	[ "$stderr" = "credcheck: libbsd not found; install it (Debian: apt-get install libbsd-dev)" ]
}

# NetBSD's stdlib.h declares strtonum(3) only for _OPENBSD_SOURCE: the
# build for NetBSD asks for it, so that no call goes undeclared.
@test "mk/config asks NetBSD's headers for strtonum's declaration" {
	CREDCHECK_SYSTEM=NetBSD run -0 sh "$TOP/mk/config" cflags
	[[ " $output " == *" -D_OPENBSD_SOURCE "* ]]
}

@test "make stops at the missing package before compiling anything" {
	[ "$(uname -s)" = Linux ] || skip "only Linux needs libbsd"
	tree=$(mktemp -d)
	cp -R "$TOP/Makefile" "$TOP/mk" "$TOP/src" "$tree"
	PKG_CONFIG=false run --separate-stderr make -C "$tree"
	rm -rf "$tree"
	[ "$status" -ne 0 ]
	[[ $stderr == *"credcheck: libbsd not found; install it (Debian: apt-get install libbsd-dev)"* ]]
	[[ $stderr != *"error:"* ]]
}

# In a copy: the tree's own build is not touched (make check-installed
# tests a credcheck built elsewhere).
@test "install and uninstall honour DESTDIR and PREFIX" {
	tree=$(mktemp -d)
	dest=$(mktemp -d)
	cp -R "$TOP/Makefile" "$TOP/mk" "$TOP/src" "$TOP/man" "$tree"
	rm -f "$tree"/src/*.o
	run -0 make -C "$tree" install DESTDIR="$dest" PREFIX=/opt/cc
	[ -x "$dest/opt/cc/bin/credcheck" ]
	[ -f "$dest/opt/cc/share/man/man1/credcheck.1" ]
	run -0 make -C "$tree" uninstall DESTDIR="$dest" PREFIX=/opt/cc
	[ ! -e "$dest/opt/cc/bin/credcheck" ]
	[ ! -e "$dest/opt/cc/share/man/man1/credcheck.1" ]
	rm -rf "$tree" "$dest"
}

@test "no two files of src/ depend on each other in a loop" {
	command -v nm >/dev/null || skip "nm is not installed"
	tree=$(mktemp -d)
	cp -R "$TOP/Makefile" "$TOP/mk" "$TOP/src" "$tree"
	rm -f "$tree"/src/*.o
	run -0 make -s -C "$tree" credcheck
	run sh "$tree/mk/deps"
	rm -rf "$tree"
	assert_success
	assert_output "deps: no loops"
}

@test "mk/deps names the files of a loop" {
	command -v nm >/dev/null || skip "nm is not installed"
	tree=$(mktemp -d)
	cp -R "$TOP/Makefile" "$TOP/mk" "$TOP/src" "$tree"
	rm -f "$tree"/src/*.o
	# buf.c calling output.c, which builds on buf.c.
	printf '%s\n' '#include "output.h"' \
	    'void buf_loop(struct buf *); void buf_loop(struct buf *b)' \
	    '{ (void)out_write(NULL, b); }' >>"$tree/src/buf.c"
	run -0 make -s -C "$tree" credcheck
	run sh "$tree/mk/deps"
	rm -rf "$tree"
	assert_failure
	assert_line "deps: a loop:"
	assert_line --regexp '^	(buf|output)$'
}

@test "the tree tracks no build output or stray files" {
	git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1 ||
	    skip "not a git checkout"
	run git -C "$TOP" ls-files
	refute_line --regexp '(^|/)-$|\.(o|a|so|s|gcda|gcno|tmp)$'
	refute_line --regexp '^(credcheck|tests/(runas|peer|unit)|bench/(load|baseline))$'
}

# The targets that need what only a user can point them at (a rump
# installation, a NetBSD source tree) pass without it, and say so; a
# wrong directory is one line naming what is missing.
@test "make check-rump and check-netbsd: skipped without a directory, one line for a wrong one" {
	run -0 make -s -C "$TOP" check-rump
	[[ "$output" == *"check-rump: skipped: no rump installation"* ]]
	run -0 make -s -C "$TOP" check-netbsd
	[[ "$output" == *"check-netbsd: skipped: no NetBSD source tree"* ]]
	run -2 --separate-stderr make -s -C "$TOP" check-rump RUMP=/nonexistent
	[ "${stderr_lines[0]}" = "credcheck: check-rump: /nonexistent/bin/rump_server not found: RUMP must be a rump installation" ]
	run -2 --separate-stderr make -s -C "$TOP" check-netbsd NETBSDSRC=/nonexistent
	[ "${stderr_lines[0]}" = "credcheck: check-netbsd: /nonexistent/include/stdlib.h not found: NETBSDSRC must be a NetBSD source tree" ]
}
