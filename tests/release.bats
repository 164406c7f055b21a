#!/usr/bin/env bats
# The release: one version, which -V, NEWS, the man page and the packages
# follow, and make dist's tarball, the same bytes from one commit.
# bats sets stderr and stderr_lines (run --separate-stderr); bash -c
# scripts are quoted to expand later; each @test is a subshell.
# shellcheck disable=SC2154,SC2016,SC2030,SC2031

load helper

version() {
	sed -n 's/^#define CREDCHECK_VERSION[	 ]*"\(.*\)"$/\1/p' \
	    "$TOP/src/version.h"
}

@test "credcheck -V prints the version of src/version.h" {
	v=$(version)
	[ -n "$v" ]
	run -0 "$CREDCHECK" -V
	[[ "$output" == "credcheck $v ("* ]]
}

@test "NEWS begins with this version, dated as the man page, which names it" {
	v=$(version)
	run -0 grep -m 1 '^credcheck [0-9]' "$TOP/NEWS"
	[[ "$output" =~ ^credcheck\ ([^ ]+)\ \((.+)\)$ ]]
	[ "${BASH_REMATCH[1]}" = "$v" ]
	news_date=${BASH_REMATCH[2]}
	run -0 grep '^\.Dd ' "$TOP/man/credcheck.1"
	[ "$output" = ".Dd $news_date" ]
	run -0 grep -A 12 '^\.Sh HISTORY' "$TOP/man/credcheck.1"
	assert_line --regexp "^$v was released on $news_date;"
}

@test "the packages under packaging/ are of this version" {
	v=$(version)
	run -0 head -n 1 "$TOP/packaging/debian/changelog"
	[[ "$output" == "credcheck ($v-"* ]]
	run -0 grep '^DISTNAME=' "$TOP/packaging/pkgsrc/sysutils/credcheck/Makefile"
	[[ "$output" =~ ^DISTNAME=[[:space:]]+credcheck-$v$ ]]
	run -0 grep '^DISTVERSION=' "$TOP/packaging/freebsd/sysutils/credcheck/Makefile"
	[[ "$output" =~ ^DISTVERSION=[[:space:]]+$v$ ]]
}

# What make install puts under prefix (with BSD make, as the packages'
# systems have), one path a line, relative to it.
installed_under() {
	rm -rf "$D/dest"
	make_bsd -s -C "$D/tree" install DESTDIR="$D/dest" PREFIX="$1" \
	    MANDIR="$2" >&2
	(cd "$D/dest$1" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort)
}

# GNU make's MAKEFLAGS ("s" for -s, with no dash) read as a target to bmake.
make_bsd() {
	if [ "$(uname -s)" = Linux ]; then
		env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL bmake "$@"
	else
		make "$@"
	fi
}

@test "pkgsrc's PLIST and the FreeBSD port's PLIST_FILES are what make install installs" {
	[ "$(uname -s)" != Linux ] || command -v bmake >/dev/null ||
	    skip "bmake is not installed"
	D=$(mktemp -d)
	mkdir "$D/tree"
	cp -R "$TOP/Makefile" "$TOP/mk" "$TOP/src" "$TOP/man" "$D/tree"
	rm -f "$D"/tree/src/*.o
	make_bsd -s -C "$D/tree" >&2
	# pkgsrc: MANDIR is PREFIX/PKGMANDIR, and PLIST says man/ for it.
	pkg=$(installed_under /usr/pkg /usr/pkg/man)
	plist=$(sh "$TOP/mk/plist" pkgsrc)
	# FreeBSD: the man pages under share/man, compressed after install.
	port=$(installed_under /usr/local /usr/local/share/man)
	files=$(sh "$TOP/mk/plist" freebsd)
	rm -rf "$D"
	[ "$pkg" = "$plist" ]
	[ "$port" = "$files" ]
	[ -n "$pkg" ]
}

# make dist runs in a clone, so that the tree's own state does not matter.
# These test the tree's build, not a binary: against another credcheck
# (a sanitizer's, gcov's, an installed one) they are left out.
clone() {
	[ "$CREDCHECK" = "$TOP/credcheck" ] ||
	    skip "tests the tree's release targets, not the credcheck given"
	[ -O "$TOP/.git" ] || skip "needs a git checkout of this user's"
	command -v git >/dev/null || skip "git is not installed"
	D=$(mktemp -d)
	git clone -q "$TOP" "$D/c"
}

@test "make dist: the same bytes twice, without what is built or CI's own" {
	clone
	v=$(version)
	run -0 make -s -C "$D/c" dist
	[ "$output" = "credcheck-$v.tar.gz" ]
	sum=$(cksum <"$D/c/credcheck-$v.tar.gz")
	rm "$D/c/credcheck-$v.tar.gz"
	sleep 1
	run -0 make -s -C "$D/c" dist
	[ "$(cksum <"$D/c/credcheck-$v.tar.gz")" = "$sum" ]
	run -0 tar -tzf "$D/c/credcheck-$v.tar.gz"
	rm -rf "$D"
	assert_line "credcheck-$v/Makefile"
	assert_line "credcheck-$v/src/version.h"
	assert_line "credcheck-$v/NEWS"
	assert_line "credcheck-$v/packaging/debian/control"
	refute_line --regexp '\.o$|/credcheck$|/\.ci/'
	assert_line "credcheck-$v/packaging/pkgsrc/sysutils/credcheck/PLIST"
}

@test "make dist refuses a tree whose changes the tarball would leave out" {
	clone
	echo "/* changed */" >>"$D/c/src/version.h"
	run -2 --separate-stderr make -s -C "$D/c" dist
	made=$(find "$D/c" -maxdepth 1 -name '*.tar.gz*')
	rm -rf "$D"
	[ "${stderr_lines[0]}" = "dist: uncommitted changes would be left out of the tarball; commit them first" ]
	[ -z "$made" ]
}

# distcheck with BATS=true, so that make check passes at once: what is
# checked here is what distcheck finds left behind.
@test "make distcheck fails on a file make uninstall or make clean leaves" {
	clone
	command -v bmake >/dev/null || skip "bmake is not installed"
	sed -i.orig 's|^	rm -f $(DESTDIR)$(BINDIR)/$(PROG) .*|	rm -f $(DESTDIR)$(BINDIR)/$(PROG)|' \
	    "$D/c/Makefile"
	git -C "$D/c" -c user.name=t -c user.email=t@t commit -q -am uninstall
	run -2 --separate-stderr make -s -C "$D/c" distcheck BATS=true
	[[ "${stderr_lines[*]}" == *"distcheck: uninstall left: "*"/usr/share/man/man1/credcheck.1"* ]]
	mv "$D/c/Makefile.orig" "$D/c/Makefile"
	printf 'all: built.stamp\nbuilt.stamp:\n\ttouch $@\n' >>"$D/c/Makefile"
	git -C "$D/c" -c user.name=t -c user.email=t@t commit -q -am clean
	run -2 --separate-stderr make -s -C "$D/c" distcheck BATS=true
	rm -rf "$D"
	[[ "${stderr_lines[*]}" == *"distcheck: bmake clean left: ./built.stamp"* ]]
}
