# credcheck: POSIX make; GNU make and BSD make (bmake) both build it.

PREFIX ?=	/usr/local
BINDIR ?=	$(PREFIX)/bin
MANDIR ?=	$(PREFIX)/share/man
CC ?=		cc
CFLAGS ?=	-O2 -g

# What the build needs whatever CFLAGS says.
CC_STD =	-std=c99
CC_WARN =	-Wall -Wextra
CC_NEED =	$(CC_STD) $(CC_WARN) -Isrc

PROG =	credcheck
# The command layer, and everything below it (which the unit tests link).
CMDOBJS =	src/credcheck.o src/cmd.o src/cmd_selftest.o \
	src/cmd_serve.o src/cmd_connect.o src/cmd_fd.o
LIBOBJS =	src/listener.o src/unixaddr.o src/clients.o src/evloop.o \
	src/evloop_epoll.o src/evloop_kernel.o src/evloop_kqueue.o \
	src/evloop_poll.o src/outq.o src/json.o src/jsonw.o src/expect.o \
	src/args.o src/peercred.o src/output.o src/buf.o src/names.o \
	src/exchange.o src/proto.o src/mechs.o src/linux.o src/ns.o \
	src/sockopt.o src/mech_so_peercred.o src/mech_so_peergroups.o \
	src/mech_so_peerpidfd.o src/mech_so_peersec.o src/mech_getpeereid.o \
	src/mech_scm_credentials.o src/mech_scm_pidfd.o \
	src/mech_local_peercred.o src/mech_local_peereid.o \
	src/mech_local_peerpid.o src/mech_getpeerucred.o \
	src/mech_local_creds.o src/mech_local_creds_persistent.o \
	src/mech_cmsgcred.o src/supervisor.o src/groups.o src/compat.o \
	src/replyto.o src/safedir.o src/unread.o src/record.o \
	src/sockcred.o src/now.o src/now_show.o src/linux_now.o \
	src/holders.o
OBJS =	$(CMDOBJS) $(LIBOBJS)
HDRS =	src/args.h src/buf.h src/clients.h src/cmd.h src/compat.h \
	src/evbackend.h src/evloop.h src/exchange.h src/expect.h \
	src/groups.h src/holders.h src/json.h src/jsonw.h src/layouts.h \
	src/linux.h src/listener.h src/mech.h src/mechs.h src/names.h \
	src/now.h src/now_show.h src/ns.h src/outopts.h src/output.h \
	src/outq.h src/peercred.h src/proto.h src/record.h src/replyto.h \
	src/safedir.h src/sockopt.h src/supervisor.h src/unixaddr.h \
	src/unread.h src/version.h

TESTPROGS =	tests/runas tests/peer tests/unit tests/shim.so tests/inns \
	tests/handover

BATS ?=		bats

# The source lists, for the scripts in mk/ that build their own objects.
SRCLISTS =	CMDSRCS="$(CMDOBJS:.o=.c)" LIBSRCS="$(LIBOBJS:.o=.c)"

all: $(PROG)

$(PROG): $(OBJS) config.libs
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LDLIBS) `cat config.libs`

$(OBJS): $(HDRS) config.cflags

.SUFFIXES: .c .o
.c.o:
	$(CC) $(CC_NEED) `cat config.cflags` $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# The test helpers and bench programs: one source file each.
HELPERS =	tests/runas tests/peer tests/inns tests/handover bench/load \
	bench/baseline
$(HELPERS): config.cflags config.libs
.c:
	$(CC) $(CC_NEED) `cat config.cflags` $(CPPFLAGS) $(CFLAGS) \
	    $(LDFLAGS) -o $@ $< $(LDLIBS) `cat config.libs`

config.cflags: mk/config
	sh mk/config cflags > $@.tmp && mv $@.tmp $@
config.libs: mk/config
	sh mk/config libs > $@.tmp && mv $@.tmp $@

tests/shim.so: tests/shim.c
	CC="$(CC)" CPPFLAGS="$(CPPFLAGS)" CFLAGS="$(CFLAGS)" \
	    LDFLAGS="$(LDFLAGS)" sh mk/shim

tests/unit: tests/unit.c $(LIBOBJS) config.cflags config.libs
	$(CC) $(CC_NEED) `cat config.cflags` $(CPPFLAGS) $(CFLAGS) \
	    $(LDFLAGS) -o $@ tests/unit.c $(LIBOBJS) $(LDLIBS) \
	    `cat config.libs`

bench: $(PROG) $(TESTPROGS) bench/load bench/baseline
	bash bench/run.sh

sanitize: $(TESTPROGS)
	$(SRCLISTS) sh mk/sanitize

fuzz:
	$(SRCLISTS) sh mk/fuzz

soak: $(PROG) $(TESTPROGS)
	bash mk/soak

coverage: $(TESTPROGS)
	$(SRCLISTS) sh mk/coverage

valgrind: $(PROG) $(TESTPROGS)
	sh mk/valgrind

xcheck: $(TESTPROGS)
	$(SRCLISTS) sh mk/xcheck

# NetBSD's kernel code in a rump kernel: make check-rump RUMP=dir
check-rump:
	$(SRCLISTS) RUMP="$(RUMP)" sh mk/rump

# The tests on a NetBSD kernel under QEMU, built from a source tree:
# make check-vm NETBSDSRC=dir [VMDIR=dir]; skipped without a tree.
check-vm:
	@if [ -n "$(NETBSDSRC)" ]; then NETBSDSRC="$(NETBSDSRC)" \
	    VMDIR="$(VMDIR)" sh mk/vm-netbsd; \
	else echo "check-vm: skipped (no NETBSDSRC=dir)"; fi

# Every file against a NetBSD source tree's headers: make check-netbsd NETBSDSRC=dir
check-netbsd:
	$(SRCLISTS) NETBSDSRC="$(NETBSDSRC)" sh mk/netbsd-headers

check: $(PROG) $(TESTPROGS)
	$(BATS) tests

# The tests against an installed credcheck, as a distribution runs them:
# make check-installed [CREDCHECK=path]; only the test helpers are built.
CREDCHECK ?=	$(BINDIR)/$(PROG)
check-installed: test-helpers
	CREDCHECK="$(CREDCHECK)" $(BATS) tests
test-helpers: $(TESTPROGS)

# The release: the tarball of HEAD, the tarball alone built, checked,
# installed and uninstalled, and the Debian package built from it.
dist:
	sh mk/dist
distcheck:
	BATS="$(BATS)" sh mk/distcheck
deb:
	sh mk/deb

lint:
	sh mk/lint

install: $(PROG)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(PROG) $(DESTDIR)$(BINDIR)/$(PROG)
	install -m 0444 man/credcheck.1 $(DESTDIR)$(MANDIR)/man1/credcheck.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/$(PROG) $(DESTDIR)$(MANDIR)/man1/credcheck.1

clean:
	rm -f $(PROG) $(OBJS) $(TESTPROGS) bench/load bench/baseline \
	    xbuild/macos/credcheck xbuild/musl/credcheck xbuild/musl/unit
	rm -rf build config.cflags config.libs *.tmp

.PHONY: all bench check check-installed test-helpers dist distcheck deb check-netbsd check-rump check-vm xcheck sanitize valgrind fuzz coverage soak lint install uninstall clean
