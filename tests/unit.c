/* SPDX-License-Identifier: ISC */
/*
 * unit: byte-level tests of every credential parser, with each system's
 * structure laid out as that system lays it out, behind a hand-built
 * control message header; and of the client's reading of the server's
 * JSON report.  Runs on any system, so the parsers of systems that are
 * not here still run.
 *
 *	unit [prefix]	run the cases whose names start with prefix, each
 *			said "ok NAME: what it checks" or "not ok" after
 *			its failed checks; exit 1 if any failed
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "evloop.h"
#include "exchange.h"
#include "json.h"
#include "names.h"
#include "layouts.h"
#include "linux.h"
#include "mech.h"
#include "mechs.h"
#include "ns.h"
#include "output.h"
#include "peercred.h"

/* A numeric field of a record, by its short name. */
#define ID(pc, f)	((unsigned long)(pc).id[PC_##f])

static int failures;
static const char *current;

static void
check(int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return;
	failures++;
	printf("not ok: %s: ", current);
	va_start(ap, fmt);
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): it is */
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/*
 * A control message as a kernel would hand it over: a cmsghdr, then the
 * payload, placed one byte off alignment when odd is set so that the
 * parsers are seen not to depend on it.  Returns the payload's address.
 */
static union {
	struct cmsghdr	hdr;
	unsigned char	buf[4096];
} ctl;
static unsigned char odd_buf[4097];

static const void *
cmsg(const void *payload, size_t len, int odd, size_t *lenp)
{
	struct cmsghdr *cm = &ctl.hdr;

	memset(&ctl, 0, sizeof(ctl));
	cm->cmsg_len = CMSG_LEN(len);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = 0x10;
	memcpy(CMSG_DATA(cm), payload, len);
	*lenp = cm->cmsg_len - CMSG_LEN(0);
	if (!odd)
		return CMSG_DATA(cm);
	memcpy(odd_buf + 1, CMSG_DATA(cm), len);
	return odd_buf + 1;
}

static int
has(const struct peercred *pc, unsigned fields)
{
	return (pc->known & fields) == fields;
}

static int
groups_are(const struct peercred *pc, const gid_t *want, int n)
{
	return pc->ngroups == n &&
	    (n == 0 || memcmp(pc->groups, want, n * sizeof(gid_t)) == 0);
}

#define IDS	(PC_BIT(PC_UID) | PC_BIT(PC_EUID) | PC_BIT(PC_GID) | \
		PC_BIT(PC_EGID))

/* NetBSD 8 sockcred: pid, ids, then every group. */
static void
sockcred_netbsd(void)
{
	unsigned char raw[sizeof(struct l_sockcred_pid) + 4 * sizeof(gid_t)];
	struct l_sockcred_pid sc;
	gid_t groups[5] = { 7, 8, 9, 10, 11 };
	struct peercred pc;
	const void *p;
	size_t len, head = offsetof(struct l_sockcred_pid, sc_groups);
	int odd;

	memset(&sc, 0, sizeof(sc));
	sc.sc_pid = 4242;
	sc.sc_uid = 1000;
	sc.sc_euid = 2000;
	sc.sc_gid = 100;
	sc.sc_egid = 200;
	sc.sc_ngroups = 5;
	memcpy(raw, &sc, head);
	memcpy(raw + head, groups, sizeof(groups));
	for (odd = 0; odd <= 1; odd++) {
		p = cmsg(raw, head + sizeof(groups), odd, &len);
		peercred_init(&pc);
		check(parse_sockcred(p, len, 1, 0, 0, &pc) == 0, "parse");
		check(has(&pc, IDS | PC_BIT(PC_PID) | PC_BIT(PC_GROUPS)),
		    "fields %#x", pc.known);
		check(ID(pc, PID) == 4242 && ID(pc, UID) == 1000 &&
		    ID(pc, EUID) == 2000 && ID(pc, GID) == 100 &&
		    ID(pc, EGID) == 200, "values");
		check(groups_are(&pc, groups, 5) && !pc.groups_capped,
		    "groups");
		peercred_free(&pc);
	}
	/* A list longer than the message. */
	p = cmsg(raw, head + 4 * sizeof(gid_t), 0, &len);
	peercred_init(&pc);
	check(parse_sockcred(p, len, 1, 0, 0, &pc) == -1 && errno == EPROTO,
	    "truncated groups accepted");
	peercred_free(&pc);
	/* Cut inside the fixed part. */
	p = cmsg(raw, head - 1, 0, &len);
	check(parse_sockcred(p, len, 1, 0, 0, &pc) == -1 && errno == EPROTO,
	    "truncated header accepted");
	/* A negative count. */
	sc.sc_ngroups = -1;
	memcpy(raw, &sc, head);
	p = cmsg(raw, sizeof(raw), 0, &len);
	check(parse_sockcred(p, len, 1, 0, 0, &pc) == -1 && errno == EPROTO,
	    "negative count accepted");
	peercred_free(&pc);
}

/*
 * FreeBSD sockcred: no pid, and 16 groups means the list was cut.  Before
 * FreeBSD 15 the list is the kernel's cr_groups, the effective gid first;
 * since, the supplementary groups alone.
 */
static void
sockcred_freebsd(void)
{
	unsigned char raw[sizeof(struct l_sockcred) + 15 * sizeof(gid_t)];
	struct l_sockcred sc;
	gid_t groups[16];
	struct peercred pc;
	const void *p;
	size_t len, head = offsetof(struct l_sockcred, sc_groups);
	int i, lead;

	groups[0] = 4;
	for (i = 1; i < 16; i++)
		groups[i] = (gid_t)(500 + i);
	memset(&sc, 0, sizeof(sc));
	sc.sc_uid = 1;
	sc.sc_euid = 2;
	sc.sc_gid = 3;
	sc.sc_egid = 4;
	sc.sc_ngroups = 16;
	memcpy(raw, &sc, head);
	memcpy(raw + head, groups, sizeof(groups));
	for (lead = 0; lead <= 1; lead++) {
		p = cmsg(raw, head + sizeof(groups), 1, &len);
		peercred_init(&pc);
		check(parse_sockcred(p, len, 0, 16, lead, &pc) == 0, "parse");
		check(!(pc.known & PC_BIT(PC_PID)),
		    "a pid where there is none");
		check(ID(pc, UID) == 1 && ID(pc, EUID) == 2 &&
		    ID(pc, GID) == 3 && ID(pc, EGID) == 4,
		    "values %lu %lu %lu %lu", ID(pc, UID), ID(pc, EUID),
		    ID(pc, GID), ID(pc, EGID));
		check(groups_are(&pc, groups + lead, 16 - lead) &&
		    pc.groups_capped, "groups, %s", lead ? "FreeBSD 14" :
		    "FreeBSD 15");
		peercred_free(&pc);
	}
	/* An empty list where the effective gid should lead: no groups. */
	sc.sc_ngroups = 0;
	memcpy(raw, &sc, head);
	p = cmsg(raw, head, 0, &len);
	peercred_init(&pc);
	check(parse_sockcred(p, len, 0, 16, 1, &pc) == 0 &&
	    (pc.known & PC_BIT(PC_GROUPS)) && pc.ngroups == 0,
	    "empty list");
	peercred_free(&pc);
}

static void
sockcred2(void)
{
	unsigned char raw[sizeof(struct l_sockcred2) + sizeof(gid_t)];
	struct l_sockcred2 sc;
	gid_t groups[2] = { 5, 20 };	/* before FreeBSD 15, egid first */
	struct peercred pc;
	const void *p;
	size_t len, head = offsetof(struct l_sockcred2, sc_groups);
	int lead;

	memset(&sc, 0, sizeof(sc));
	sc.sc_pid = 77;
	sc.sc_uid = 1001;
	sc.sc_euid = 0;
	sc.sc_gid = 1002;
	sc.sc_egid = 5;
	sc.sc_ngroups = 2;
	memcpy(raw, &sc, head);
	memcpy(raw + head, groups, sizeof(groups));
	for (lead = 0; lead <= 1; lead++) {
		p = cmsg(raw, head + sizeof(groups), 1, &len);
		peercred_init(&pc);
		check(parse_sockcred2(p, len, lead, &pc) == 0, "parse");
		check(has(&pc, IDS | PC_BIT(PC_PID)) && ID(pc, PID) == 77 &&
		    ID(pc, UID) == 1001 && ID(pc, EUID) == 0 &&
		    ID(pc, GID) == 1002 && ID(pc, EGID) == 5, "values");
		check(groups_are(&pc, groups + lead, 2 - lead), "groups, %s",
		    lead ? "FreeBSD 14" : "FreeBSD 15");
		peercred_free(&pc);
	}
	sc.sc_version = 1;
	memcpy(raw, &sc, head);
	p = cmsg(raw, sizeof(raw), 0, &len);
	check(parse_sockcred2(p, len, 0, &pc) == -1 && errno == EPROTO,
	    "unknown version accepted");
	p = cmsg(raw, head - 4, 0, &len);
	check(parse_sockcred2(p, len, 0, &pc) == -1 && errno == EPROTO,
	    "truncated header accepted");
	peercred_free(&pc);
}

/*
 * FreeBSD cmsgcred: the effective gid is the first group, on FreeBSD 15 as
 * before; the supplementary groups follow it.
 */
static void
cmsgcred(void)
{
	struct l_cmsgcred cc;
	struct peercred pc;
	const void *p;
	size_t len;

	memset(&cc, 0, sizeof(cc));
	cc.cmcred_pid = 31337;
	cc.cmcred_uid = 1000;
	cc.cmcred_euid = 0;
	cc.cmcred_gid = 100;
	cc.cmcred_ngroups = 3;
	cc.cmcred_groups[0] = 200;
	cc.cmcred_groups[1] = 7;
	cc.cmcred_groups[2] = 8;
	p = cmsg(&cc, sizeof(cc), 1, &len);
	peercred_init(&pc);
	check(parse_cmsgcred(p, len, &pc) == 0, "parse");
	check(has(&pc, IDS | PC_BIT(PC_PID)) && ID(pc, PID) == 31337 &&
	    ID(pc, UID) == 1000 && ID(pc, EUID) == 0 && ID(pc, GID) == 100 &&
	    ID(pc, EGID) == 200, "values");
	check(groups_are(&pc, cc.cmcred_groups + 1, 2) && !pc.groups_capped,
	    "groups");
	peercred_free(&pc);
	cc.cmcred_ngroups = 17;
	p = cmsg(&cc, sizeof(cc), 0, &len);
	check(parse_cmsgcred(p, len, &pc) == -1 && errno == EPROTO,
	    "17 groups accepted");
	cc.cmcred_ngroups = 3;
	p = cmsg(&cc, sizeof(cc) - 1, 0, &len);
	check(parse_cmsgcred(p, len, &pc) == -1 && errno == EPROTO,
	    "truncated structure accepted");
	peercred_free(&pc);
}

/* xucred: FreeBSD 13 with its pid, macOS without the tail. */
static void
xucred(void)
{
	struct l_xucred xu;
	struct peercred pc;
	const void *p;
	size_t len;

	memset(&xu, 0, sizeof(xu));
	xu.cr_version = L_XUCRED_VERSION;
	xu.cr_uid = 1000;
	xu.cr_ngroups = 2;
	xu.cr_groups[0] = 20;
	xu.cr_groups[1] = 12;
	xu.cr_tail.cr_pid = 999;
	p = cmsg(&xu, sizeof(xu), 1, &len);
	peercred_init(&pc);
	check(parse_xucred(p, len, 1, &pc) == 0, "parse");
	check(ID(pc, EUID) == 1000 && ID(pc, EGID) == 20 &&
	    ID(pc, PID) == 999 &&
	    has(&pc, PC_BIT(PC_PID) | PC_BIT(PC_EUID) | PC_BIT(PC_EGID)),
	    "values");
	check(!(pc.known & (PC_BIT(PC_UID) | PC_BIT(PC_GID))),
	    "real ids where there are none");
	/* cr_groups[0] is cr_gid, on FreeBSD 15 as before. */
	check(groups_are(&pc, xu.cr_groups + 1, 1), "groups");
	peercred_free(&pc);
	/* Where the system has no cr_pid, the union is not a pid. */
	peercred_init(&pc);
	check(parse_xucred(p, len, 0, &pc) == 0 &&
	    !(pc.known & PC_BIT(PC_PID)), "pid read where there is none");
	peercred_free(&pc);
	/* macOS: the structure ends with the groups. */
	p = cmsg(&xu, L_XUCRED_GROUPS_END, 0, &len);
	peercred_init(&pc);
	check(parse_xucred(p, len, 1, &pc) == 0 &&
	    !(pc.known & PC_BIT(PC_PID)) && ID(pc, EUID) == 1000, "short form");
	peercred_free(&pc);
	p = cmsg(&xu, L_XUCRED_GROUPS_END - 1, 0, &len);
	check(parse_xucred(p, len, 1, &pc) == -1 && errno == EPROTO,
	    "truncated structure accepted");
	xu.cr_version = 1;
	p = cmsg(&xu, sizeof(xu), 0, &len);
	check(parse_xucred(p, len, 1, &pc) == -1 && errno == EPROTO,
	    "unknown version accepted");
	xu.cr_version = L_XUCRED_VERSION;
	xu.cr_ngroups = 0;
	p = cmsg(&xu, sizeof(xu), 0, &len);
	check(parse_xucred(p, len, 1, &pc) == -1 && errno == EPROTO,
	    "no groups, so no egid, accepted");
	peercred_free(&pc);
}

static void
unpcbid(void)
{
	struct l_unpcbid id = { 555, 1000, 100 };
	struct peercred pc;
	const void *p;
	size_t len;

	p = cmsg(&id, sizeof(id), 1, &len);
	peercred_init(&pc);
	check(parse_unpcbid(p, len, &pc) == 0 && ID(pc, PID) == 555 &&
	    ID(pc, EUID) == 1000 && ID(pc, EGID) == 100, "values");
	p = cmsg(&id, sizeof(id) - 2, 0, &len);
	check(parse_unpcbid(p, len, &pc) == -1 && errno == EPROTO,
	    "short structure accepted");
	peercred_free(&pc);
}

/* OpenBSD's order is uid, gid, pid: no field may land in another. */
static void
sockpeercred(void)
{
	struct l_sockpeercred spc = { 1000, 100, 4242 };
	struct peercred pc;
	const void *p;
	size_t len;

	p = cmsg(&spc, sizeof(spc), 1, &len);
	peercred_init(&pc);
	check(parse_sockpeercred(p, len, &pc) == 0, "parse");
	check(ID(pc, PID) == 4242 && ID(pc, EUID) == 1000 &&
	    ID(pc, EGID) == 100, "values pid %lu euid %lu egid %lu",
	    ID(pc, PID), ID(pc, EUID), ID(pc, EGID));
	check(!(pc.known & (PC_BIT(PC_UID) | PC_BIT(PC_GID))),
	    "real ids where there are none");
	peercred_free(&pc);
}

/* Linux ucred: the placeholder and "no peer" answers give nothing. */
static void
ucred(void)
{
	struct l_ucred uc = { 4242, 1000, 100 };
	struct l_ucred none = { 0, (uid_t)-1, (gid_t)-1 };
	struct l_ucred ph = { 0, 0, 0 };
	struct l_ucred other_ns = { 0, 1000, 100 };
	struct peercred pc;
	const void *p;
	size_t len;

	p = cmsg(&uc, sizeof(uc), 1, &len);
	peercred_init(&pc);
	check(parse_ucred_message(p, len, &pc) == 0 && ID(pc, UID) == 1000 &&
	    ID(pc, GID) == 100 && ID(pc, PID) == 4242 &&
	    !(pc.known & (PC_BIT(PC_EUID) | PC_BIT(PC_EGID))),
	    "as a message: real ids");
	peercred_free(&pc);
	peercred_init(&pc);
	check(parse_ucred_peer(p, len, &pc) == 0 && ID(pc, EUID) == 1000 &&
	    ID(pc, EGID) == 100 &&
	    !(pc.known & (PC_BIT(PC_UID) | PC_BIT(PC_GID))),
	    "as SO_PEERCRED: effective ids");
	peercred_free(&pc);
	p = cmsg(&none, sizeof(none), 0, &len);
	peercred_init(&pc);
	check(parse_ucred_peer(p, len, &pc) == 0 && pc.known == 0,
	    "no peer read as a peer");
	ph.uid = overflow_uid();
	ph.gid = overflow_gid();
	p = cmsg(&ph, sizeof(ph), 0, &len);
	peercred_free(&pc);
	check(parse_ucred_message(p, len, &pc) == 0 && pc.maybe_placeholder &&
	    (pc.unmapped & PC_BIT(PC_PID)), "placeholder not marked as one");
	peercred_free(&pc);
	p = cmsg(&other_ns, sizeof(other_ns), 0, &len);
	check(parse_ucred_message(p, len, &pc) == 0 && ID(pc, UID) == 1000 &&
	    !(pc.known & PC_BIT(PC_PID)) && (pc.unmapped & PC_BIT(PC_PID)) &&
	    !pc.maybe_placeholder, "pid 0 taken for a pid");
	peercred_free(&pc);
	p = cmsg(&other_ns, sizeof(other_ns), 0, &len);
	check(parse_ucred_peer(p, len, &pc) == 0 && ID(pc, EUID) == 1000 &&
	    (pc.unmapped & PC_BIT(PC_PID)), "SO_PEERCRED: pid 0 not marked");
	p = cmsg(&uc, sizeof(uc) - 1, 0, &len);
	check(parse_ucred_message(p, len, &pc) == -1 && errno == EPROTO,
	    "short structure accepted");
	peercred_free(&pc);
}

/* A report's first identity, into pc. */
static int
record_len(const char *s, size_t len, struct peercred *pc)
{
	struct peer p;

	peercred_init(pc);
	if (json_parse_peer(s, len, &p) == -1)
		return -1;
	*pc = p.id;
	peercred_free(&p.sender);
	return 0;
}

static int
record(const char *s, struct peercred *pc)
{
	return record_len(s, strlen(s), pc);
}

static void
json_good(void)
{
	struct peercred pc;
	gid_t want[3] = { 7, 8, 9 };

	check(record("{\"client\":1,\"pid\":4037,\"uid\":1000,\"euid\":2000,"
	    "\"gid\":100,\"egid\":200,\"groups\":[7,8,9],\"names\":{\"uid\":"
	    "\"a\\u00e9\\n\",\"groups\":{\"7\":\"audio\"}},\"sources\":{\"uid\":"
	    "{\"mechanism\":\"SCM_CREDENTIALS\",\"captured\":\"send\"}},"
	    "\"message\":\"x\",\"extra\":[true,false,null,-1.5e3,{}]} \n",
	    &pc) == 0, "parse");
	check(pc.known == PC_CREDS && ID(pc, PID) == 4037 &&
	    ID(pc, UID) == 1000 && ID(pc, EUID) == 2000 && ID(pc, GID) == 100 &&
	    ID(pc, EGID) == 200, "values");
	check(groups_are(&pc, want, 3), "groups");
	check(pc.src[PC_UID] != NULL &&
	    strcmp(pc.src[PC_UID], "SCM_CREDENTIALS") == 0 &&
	    pc.captured[PC_UID] == CAPTURE_SEND, "source");
	peercred_free(&pc);
	/* Keys it does not use may repeat: they change nothing. */
	check(record("{\"x\":1,\"x\":2,\"pid\":3}", &pc) == 0 &&
	    ID(pc, PID) == 3, "a repeated unknown key refused");
	peercred_free(&pc);
	check(record("{\"pid\":null,\"uid\":null,\"groups\":null}", &pc) == 0 &&
	    pc.known == 0, "nulls are unknown");
	peercred_free(&pc);
	/* Numbers in every JSON form, and a truncation flag. */
	check(record("{\"x\":[-0.5E+3,1e-2,0],\"y\":\"\\uABcd\","
	    "\"groups_truncated\":true,\"groups\":[1],\"euid\":0}", &pc) == 0 &&
	    pc.groups_capped && ID(pc, EUID) == 0, "numbers and flags");
	peercred_free(&pc);
}

static void
json_bad(void)
{
	static const char *const bad[] = {
		"", "{", "[]", "{\"pid\":}", "{\"pid\":1,}", "{\"pid\":-1}",
		"{\"pid\":0}", "{\"uid\":4294967296}", "{\"uid\":1.5}",
		"{\"uid\":01}", "{\"groups\":[1,-2]}", "{\"groups\":[1 2]}",
		"{\"x\":\"\\q\"}", "{\"x\":\"\\u12\"}", "{\"x\":\"a\tb\"}",
		"{\"x\":tru}", "{} {}", "{\"pid\":1}x", "{\"x\":\"unterminated}",
		/* A key the record uses, given twice. */
		"{\"pid\":1,\"pid\":2}", "{\"uid\":1,\"euid\":2,\"uid\":1}",
		"{\"sources\":{},\"sources\":{}}",
		"{\"sources\":{\"uid\":{},\"uid\":{}}}",
		"{\"sent_by\":{\"pid\":1,\"pid\":2}}",
		"{\"sent_by\":{},\"sent_by\":{}}",
		/* The same key, once escaped: keys compare decoded. */
		"{\"pid\":1,\"pi\\u0064\":2}", "{\"\\u0070id\":1,\"pid\":2}",
		"{\"uid\":1,\"u\\u0069d\":1}",
		"{\"x\":1e}", "{\"x\":1.}", "{\"x\":-}", "{\"x\":\"\\uZZZZ\"}",
		"{\"sources\":{\"pid\":1}}", "{\"x\":[1,]}", "{\"x\"1}",
		"{\"uid\":99999999999}", "{\"x\":\"\\",
	};
	char deep[200];
	struct peercred pc;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check(record(bad[i], &pc) == -1 && errno == EINVAL,
		    "accepted %s", bad[i]);
	/* Nesting past the limit is refused, not recursed into. */
	memset(deep, '[', sizeof(deep));
	memcpy(deep, "{\"x\":", 5);
	deep[sizeof(deep) - 1] = '\0';
	check(record(deep, &pc) == -1 && errno == EINVAL, "deep nesting");
}

static int
buf_is(const struct buf *b, const char *want)
{
	return b->len == strlen(want) && memcmp(b->p, want, b->len) == 0;
}

/* Escaping: printable ASCII as it is; UTF-8 kept in JSON only if valid. */
static void
text(void)
{
	static const struct {
		const char	*in, *human, *json;
	} t[] = {
		{ "plain", "plain", "\"plain\"" },
		{ "a\\b\"c", "a\\\\b\"c", "\"a\\\\b\\\"c\"" },
		{ "\x1b[31m\x7f\n", "\\x1b[31m\\x7f\\x0a",
		    "\"\\u001b[31m\\u007f\\u000a\"" },
		{ "\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80",
		    "\\xc3\\xa9 \\xe2\\x98\\x83 \\xf0\\x9f\\x98\\x80",
		    "\"\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80\"" },
		/* Overlong, surrogate, past U+10FFFF, cut short, stray. */
		{ "\xc0\x80", "\\xc0\\x80", "\"\\ufffd\\ufffd\"" },
		{ "\xe0\x80\x80", "\\xe0\\x80\\x80",
		    "\"\\ufffd\\ufffd\\ufffd\"" },
		{ "\xed\xa0\x80", "\\xed\\xa0\\x80",
		    "\"\\ufffd\\ufffd\\ufffd\"" },
		{ "\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80",
		    "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
		{ "\xf0\x90\x80", "\\xf0\\x90\\x80",
		    "\"\\ufffd\\ufffd\\ufffd\"" },
		{ "\xe2\x28\xa1", "\\xe2(\\xa1", "\"\\ufffd(\\ufffd\"" },
		/* C1, bidi controls and separators: valid, never raw. */
		{ "a\xc2\x85" "b\xc2\x9b", "a\\xc2\\x85b\\xc2\\x9b",
		    "\"a\\u0085b\\u009b\"" },
		{ "\xe2\x80\xae" "evil\xe2\x81\xa6\xe2\x81\xa9",
		    "\\xe2\\x80\\xaeevil\\xe2\\x81\\xa6\\xe2\\x81\\xa9",
		    "\"\\u202eevil\\u2066\\u2069\"" },
		{ "\xe2\x80\xa8\xe2\x80\xa9\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f",
		    "\\xe2\\x80\\xa8\\xe2\\x80\\xa9\\xd8\\x9c\\xe2\\x80\\x8e"
		    "\\xe2\\x80\\x8f",
		    "\"\\u2028\\u2029\\u061c\\u200e\\u200f\"" },
		/* Their neighbours are ordinary text. */
		{ "\xc2\xa0\xe2\x80\xb0\xe2\x81\xaa",
		    "\\xc2\\xa0\\xe2\\x80\\xb0\\xe2\\x81\\xaa",
		    "\"\xc2\xa0\xe2\x80\xb0\xe2\x81\xaa\"" },
	};
	struct buf b = { NULL, 0, 0, 0 };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		b.len = 0;
		buf_text(&b, t[i].in, strlen(t[i].in));
		check(buf_is(&b, t[i].human), "human form of case %zu: %.*s",
		    i, (int)b.len, b.p);
		b.len = 0;
		json_escape(&b, t[i].in, strlen(t[i].in));
		check(buf_is(&b, t[i].json), "JSON form of case %zu: %.*s", i,
		    (int)b.len, b.p);
	}
	buf_free(&b);
}

static void
set_all(struct peercred *pc, pid_t pid, unsigned long id)
{
	peercred_init(pc);
	pc->id[PC_PID] = pid;
	pc->id[PC_UID] = pc->id[PC_EUID] = (uid_t)id;
	pc->id[PC_GID] = pc->id[PC_EGID] = (gid_t)id;
	pc->known = PC_CREDS & ~PC_BIT(PC_GROUPS);
}

/* Comparing and merging, field by field; groups as sets. */
static void
peercred_ops(void)
{
	gid_t g1[3] = { 1, 2, 3 }, g2[3] = { 3, 1, 2 }, g3[2] = { 1, 2 };
	struct peercred a, b;
	int f;

	set_all(&a, 10, 5);
	set_all(&b, 10, 5);
	check(peercred_differ(&a, &b) == 0, "equal records differ");
	for (f = PC_PID; f < PC_GROUPS; f++) {
		set_all(&a, 10, 5);
		a.id[f] = f == PC_PID ? 11 : 6;
		check(peercred_differ(&a, &b) == PC_BIT(f), "field %s",
		    field_table[f].key);
	}
	set_all(&a, 10, 5);
	peercred_set_groups(&a, g1, 3);
	peercred_set_groups(&b, g2, 3);
	check(peercred_differ(&a, &b) == 0, "groups in another order");
	peercred_set_groups(&a, g3, 2);
	check(peercred_differ(&a, &b) == PC_BIT(PC_GROUPS), "missing group");
	a.groups_capped = 1;
	check(peercred_differ(&a, &b) == 0, "a capped list is a subset");
	peercred_set_groups(&b, g3, 2);
	peercred_set_groups(&a, g1, 3);
	check(peercred_differ(&a, &b) == PC_BIT(PC_GROUPS), "extra group");
	check(peercred_set_groups(&a, g1, -1) == -1 && errno == EINVAL,
	    "negative count");
	/* A field known only to got is a difference too. */
	b.known &= ~PC_BIT(PC_PID);
	check((peercred_differ(&a, &b) & PC_BIT(PC_PID)) != 0,
	    "unexpected field");
	/* Merging fills what is missing and keeps what is there. */
	peercred_free(&b);
	peercred_init(&b);
	peercred_set(&b, PC_PID, 99);
	check(peercred_merge(&b, &a) == 0 && ID(b, PID) == 99 &&
	    ID(b, UID) == 5 && b.ngroups == 3 && b.known == PC_CREDS, "merge");
	peercred_free(&a);
	peercred_free(&b);
}

/* A record as the one object of a JSON text. */
static void
peercred_object(struct buf *b, const struct peercred *pc, const struct outopts *o)
{
	struct jw w;

	jw_init(&w, b);
	jw_object(&w, NULL);
	json_peercred(&w, pc, o);
	jw_end(&w);
}

/* The output of fields the human and JSON forms rarely see. */
static void
output_forms(void)
{
	struct outopts o = { 0, 1, 1 };
	struct buf b = { NULL, 0, 0, 0 };
	struct peercred pc;
	gid_t g[16];
	int i;

	for (i = 0; i < 16; i++)
		g[i] = (gid_t)i;
	peercred_init(&pc);
	peercred_set(&pc, PC_PID, 7);
	peercred_set_source(&pc, "LOCAL_PEERPID", CAPTURE_QUERY, 0);
	out_human(&b, &pc, &o);
	check(buf_is(&b, "PID: 7 [LOCAL_PEERPID, at query]\nUID: unavailable\n"
	    "EUID: unavailable\nGID: unavailable\nEGID: unavailable\n"
	    "Supplementary groups: unavailable\nProcess: unavailable\n"
	    "Command: unavailable\nSecurity label: unavailable\n"), "%.*s",
	    (int)b.len, b.p);
	b.len = 0;
	peercred_object(&b, &pc, &o);
	check(buf_is(&b, "{\"pid\":7,\"uid\":null,\"euid\":null,\"gid\":null,"
	    "\"egid\":null,\"groups\":null,\"alive\":null,\"command\":null,"
	    "\"label\":null,\"sources\":{\"pid\":{\"mechanism\":"
	    "\"LOCAL_PEERPID\",\"captured\":\"query\"}}}"), "%.*s", (int)b.len,
	    b.p);
	peercred_set_groups(&pc, g, 16);
	pc.groups_capped = 1;
	b.len = 0;
	o.verbose = 0;
	out_human(&b, &pc, &o);
	check(strstr(b.p, "15 (the mechanism keeps at most this many)\n") !=
	    NULL, "capped list, human");
	b.len = 0;
	peercred_object(&b, &pc, &o);
	check(memmem(b.p, b.len, ",\"groups_truncated\":true", 24) != NULL,
	    "capped list, JSON");
	buf_free(&b);
	peercred_free(&pc);
}

static int fake_enable_fails;

static int
fake_enable(int fd)
{
	(void)fd;
	if (fake_enable_fails) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

static int
fake_sockcred(const void *p, size_t n, struct peercred *pc)
{
	return parse_sockcred(p, n, 0, 16, 0, pc);
}

/*
 * FreeBSD's two structures under one SCM_CREDS: the receiver's sockcred
 * when it enabled LOCAL_CREDS, else the sender's cmsgcred, which is then
 * also marked as replaced.  Run here with a table laid out as FreeBSD's.
 */
static void
dispatch(void)
{
	static const struct mech asked = {
		.name = "LOCAL_CREDS", .capture = CAPTURE_SEND,
		.fields = PC_CREDS, .enable = fake_enable,
		.cmsg_level = SOL_SOCKET, .cmsg_type = 0x10, .cmsg_space = 128,
		.parse = fake_sockcred,
	};
	static const struct mech unasked = {
		.name = "cmsgcred", .capture = CAPTURE_SEND, .fields = PC_CREDS,
		.cmsg_level = SOL_SOCKET, .cmsg_type = 0x10, .cmsg_space = 128,
		.parse = parse_cmsgcred, .replaced_by_receiver = 1,
	};
	const struct mech *saved[MECH_MAX];
	size_t saved_count = mech_count;
	struct l_sockcred sc = { 1000, 2000, 100, 200, 0, { 0 } };
	struct l_cmsgcred cc;
	struct exchange ex;
	struct msghdr msg;

	memcpy(saved, mech_table, sizeof(saved));
	mech_table[0] = &asked;
	mech_table[1] = &unasked;
	mech_count = 2;
	memset(&msg, 0, sizeof(msg));
	msg.msg_control = ctl.buf;

	/* Enabled: the message is the receiver's sockcred. */
	fake_enable_fails = 0;
	exchange_init(&ex, EXCHANGE_ALL, SOCK_STREAM, 0);
	exchange_enable(&ex, -1);
	check(ex.res[1].status == MS_SKIPPED, "cmsgcred not marked replaced");
	msg.msg_controllen = CMSG_SPACE(offsetof(struct l_sockcred,
	    sc_groups));
	cmsg(&sc, offsetof(struct l_sockcred, sc_groups), 0, &(size_t){0});
	exchange_control(&ex, &msg);
	check(ex.res[0].status == MS_GOT && ID(ex.res[0].cred, EUID) == 2000,
	    "sockcred not taken");
	exchange_free(&ex);

	/* The option refused: the same type is the sender's cmsgcred. */
	fake_enable_fails = 1;
	exchange_init(&ex, EXCHANGE_ALL, SOCK_STREAM, 0);
	exchange_enable(&ex, -1);
	check(ex.res[0].status == MS_ERROR && ex.res[1].status == MS_NONE,
	    "statuses after a refused option");
	memset(&cc, 0, sizeof(cc));
	cc.cmcred_pid = 4;
	cc.cmcred_ngroups = 1;
	cc.cmcred_groups[0] = 200;
	msg.msg_controllen = CMSG_SPACE(sizeof(cc));
	cmsg(&cc, sizeof(cc), 0, &(size_t){0});
	exchange_control(&ex, &msg);
	check(ex.res[1].status == MS_GOT && ID(ex.res[1].cred, PID) == 4,
	    "cmsgcred not taken");
	exchange_free(&ex);

	/* A message too short for what it claims is an error, not a read. */
	exchange_init(&ex, EXCHANGE_ALL, SOCK_STREAM, 0);
	exchange_enable(&ex, -1);
	msg.msg_controllen = CMSG_SPACE(8);
	cmsg(&cc, 8, 0, &(size_t){0});
	exchange_control(&ex, &msg);
	check(ex.res[1].status == MS_ERROR && ex.res[1].err == EPROTO,
	    "short cmsgcred taken");
	exchange_free(&ex);

	memcpy(mech_table, saved, sizeof(saved));
	mech_count = saved_count;
}

/* A receiver's namespaces, from the text of its maps. */
static void
ns_make(struct nsinfo *ns, const char *uid_map, const char *gid_map)
{
	memset(ns, 0, sizeof(*ns));
	ns->user_known = 1;
	ns->overflow_uid = ns->overflow_gid = 65534;
	check(ns_parse_map(uid_map, &ns->uid_map) == 0 &&
	    ns_parse_map(gid_map, &ns->gid_map) == 0, "maps %s", uid_map);
}

/* What the overflow id means, for every kind of map. */
static void
namespaces(void)
{
	static const struct {
		const char		*map;
		enum overflow_meaning	 want;
	} t[] = {
		{ "         0          0 4294967295\n", OVERFLOW_GENUINE },
		{ "0 0 1\n", OVERFLOW_UNMAPPED },
		{ "", OVERFLOW_UNMAPPED },
		{ "0 1000 1\n1 100000 65536\n", OVERFLOW_AMBIGUOUS },
		{ "65534 65534 1", OVERFLOW_AMBIGUOUS },
	};
	struct idmap m;
	struct nsinfo ns;
	struct peercred pc;
	gid_t groups[3] = { 65534, 0, 65534 };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ns_make(&ns, t[i].map, t[i].map);
		check(ns_overflow(&ns, FK_USER) == t[i].want &&
		    ns_overflow(&ns, FK_GROUPS) == t[i].want, "map %zu", i);
	}
	check(ns_parse_map("0 0\n", &m) == -1 && errno == EINVAL &&
	    ns_parse_map("0 0 0\n", &m) == -1 &&
	    ns_parse_map("x 0 1\n", &m) == -1, "bad maps taken");
	check(ns_parse_map("0 1000 1\n1 100000 65536\n", &m) == 0 &&
	    m.n == 2 && ns_maps(&m, 0) && ns_maps(&m, 65536) &&
	    !ns_maps(&m, 65537), "ranges");

	/* Not mapped: no number, no name; the groups counted apart. */
	ns_make(&ns, "0 0 1\n", "0 0 1\n");
	peercred_init(&pc);
	peercred_set(&pc, PC_UID, 65534);
	peercred_set(&pc, PC_EUID, 0);
	peercred_set_groups(&pc, groups, 3);
	ns_classify(&ns, &pc);
	check(!(pc.known & PC_BIT(PC_UID)) && (pc.unmapped & PC_BIT(PC_UID)) &&
	    (pc.known & PC_BIT(PC_EUID)) && pc.ngroups == 1 &&
	    pc.groups[0] == 0 && pc.groups_unmapped == 2 &&
	    (pc.unmapped & PC_BIT(PC_GROUPS)), "unmapped");
	peercred_free(&pc);

	/* Mapped here as well: kept, and said to be ambiguous. */
	ns_make(&ns, "65534 65534 1\n", "65534 65534 1\n");
	peercred_set(&pc, PC_UID, 65534);
	peercred_set_groups(&pc, groups, 3);
	ns_classify(&ns, &pc);
	check(ID(pc, UID) == 65534 && (pc.ambiguous & PC_BIT(PC_UID)) &&
	    pc.ngroups == 3 && (pc.ambiguous & PC_BIT(PC_GROUPS)) &&
	    pc.unmapped == 0, "ambiguous");
	peercred_free(&pc);

	/* Every id mapped: 65534 is nobody. */
	ns_make(&ns, "0 0 4294967295", "0 0 4294967295");
	peercred_set(&pc, PC_UID, 65534);
	ns_classify(&ns, &pc);
	check(ID(pc, UID) == 65534 && pc.ambiguous == 0 && pc.unmapped == 0,
	    "genuine");
	peercred_free(&pc);
}

/* What a record says of namespaces survives the trip through JSON. */
static void
json_namespaces(void)
{
	struct outopts o = { 1, 1, 0 };
	struct buf b = { NULL, 0, 0, 0 };
	struct peercred pc, back;
	gid_t groups[2] = { 100, 65534 };
	struct jw w;

	peercred_init(&pc);
	pc.unmapped = PC_BIT(PC_PID) | PC_BIT(PC_UID) | PC_BIT(PC_GROUPS);
	peercred_set(&pc, PC_EUID, 65534);
	pc.ambiguous = PC_BIT(PC_EUID) | PC_BIT(PC_GROUPS);
	peercred_set_groups(&pc, groups, 2);
	pc.groups_unmapped = 3;
	peercred_set_source(&pc, "SO_PEERCRED", CAPTURE_CONNECT, 0);
	jw_init(&w, &b);
	jw_object(&w, NULL);
	json_peercred(&w, &pc, &o);
	jw_end(&w);
	check(memmem(b.p, b.len, "\"pid\":null,\"uid\":null,", 22) != NULL &&
	    memmem(b.p, b.len, "\"unmapped\":[\"pid\",\"uid\",\"groups\"],"
	    "\"ambiguous\":[\"euid\",\"groups\"],\"groups_unmapped\":3", 75) !=
	    NULL, "%.*s", (int)b.len, b.p);
	check(record_len(b.p, b.len, &back) == 0 &&
	    back.unmapped == pc.unmapped && back.ambiguous == pc.ambiguous &&
	    back.groups_unmapped == 3 && ID(back, EUID) == 65534 &&
	    back.src[PC_PID] != NULL &&
	    strcmp(back.src[PC_PID], "SO_PEERCRED") == 0,
	    "read back");
	peercred_free(&back);
	/* A record cannot call a field both a number and unmapped. */
	check(record("{\"uid\":5,\"unmapped\":[\"uid\",\"x\"],"
	    "\"ambiguous\":[\"gid\"]}", &back) == 0 &&
	    back.unmapped == 0 && back.ambiguous == 0 &&
	    ID(back, UID) == 5, "contradiction kept");
	peercred_free(&back);
	check(record("{\"unmapped\":[1]}", &back) == -1 &&
	    record("{\"groups_unmapped\":-1}", &back) == -1,
	    "bad members taken");
	buf_free(&b);
	peercred_free(&pc);
}

/* Two processes are kept apart, in a record and through JSON. */
static void
identities(void)
{
	struct outopts o = { 1, 1, 0 };
	struct buf b = { NULL, 0, 0, 0 };
	struct peercred x, y;
	struct peer p, back;
	struct jw w;

	peercred_init(&x);
	peercred_init(&y);
	check(peercred_same_process(&x, &y), "no pids taken for two processes");
	peercred_set(&x, PC_PID, 10);
	check(peercred_same_process(&x, &y), "one pid taken for two processes");
	peercred_set(&y, PC_PID, 10);
	check(peercred_same_process(&x, &y), "equal pids taken for two processes");
	peercred_set(&y, PC_PID, 11);
	check(!peercred_same_process(&x, &y), "differing pids taken for one process");

	peer_init(&p);
	peercred_set(&p.id, PC_PID, 10);
	peercred_set(&p.id, PC_EUID, 65534);
	peercred_set_source(&p.id, "SO_PEERCRED", CAPTURE_CONNECT, 0);
	peercred_set(&p.sender, PC_PID, 11);
	peercred_set(&p.sender, PC_UID, 1000);
	peercred_set_source(&p.sender, "SCM_CREDENTIALS", CAPTURE_SEND, 1);
	p.two = 1;
	jw_init(&w, &b);
	jw_object(&w, NULL);
	json_peer(&w, &p, &o);
	jw_end(&w);
	check(json_parse_peer(b.p, b.len, &back) == 0 && back.two &&
	    ID(back.id, PID) == 10 && ID(back.id, EUID) == 65534 &&
	    !(back.id.known & PC_BIT(PC_UID)) &&
	    ID(back.sender, PID) == 11 && ID(back.sender, UID) == 1000 &&
	    (back.sender.chosen & PC_BIT(PC_UID)) &&
	    !(back.id.chosen & PC_BIT(PC_PID)),
	    "%.*s", (int)b.len, b.p);
	peer_free(&back);
	b.len = 0;
	out_peer(&b, &p, &o);
	check(memmem(b.p, b.len, "Connected by:\nPID: 10\n", 22) != NULL &&
	    memmem(b.p, b.len, "Sent by:\nPID: 11, as the sender chose\n"
	    "UID: 1000, as the sender chose\n", 69) != NULL,
	    "%.*s", (int)b.len, b.p);
	/* Whether it runs and its name come back as they went. */
	peercred_set_alive(&p.sender, 1, "sshd");
	peercred_set_alive(&p.id, 0, "ignored");
	b.len = 0;
	jw_init(&w, &b);
	jw_object(&w, NULL);
	json_peer(&w, &p, &o);
	jw_end(&w);
	check(json_parse_peer(b.p, b.len, &back) == 0 &&
	    (back.id.known & PC_BIT(PC_ALIVE)) && !back.id.alive &&
	    !(back.id.known & PC_BIT(PC_COMMAND)) && back.sender.alive &&
	    strcmp(back.sender.command, "sshd") == 0, "%.*s", (int)b.len,
	    b.p);
	peer_free(&back);
	check(json_parse_peer("{\"alive\":1}", 11, &back) == -1 &&
	    json_parse_peer("{\"command\":\"\\u001b\",\"alive\":null}", 33,
	    &back) == 0 && back.id.known == 0, "bad liveness taken");
	peer_free(&back);
	/* A sent_by inside a sent_by is only passed over. */
	check(json_parse_peer("{\"sent_by\":{\"pid\":3,\"sent_by\":"
	    "{\"pid\":4}}}", 41, &back) == 0 && back.two &&
	    ID(back.sender, PID) == 3, "nested sent_by");
	peer_free(&back);
	buf_free(&b);
	peer_free(&p);
	peercred_free(&x);
	peercred_free(&y);
}

static int
fake_ucred(const void *p, size_t n, struct peercred *pc)
{
	return parse_ucred_message(p, n, pc);
}

/*
 * Pid 0 with the overflow ids is the placeholder only in what was queued
 * before the option: a nobody of another pid namespace who waited sends
 * the same bytes.
 */
static void
placeholder(void)
{
	static const struct mech scm = {
		.name = "SCM_CREDENTIALS", .capture = CAPTURE_SEND,
		.fields = PC_BIT(PC_PID) | PC_BIT(PC_UID) | PC_BIT(PC_GID),
		.cmsg_level = SOL_SOCKET, .cmsg_type = 0x10,
		.cmsg_space = 64, .parse = fake_ucred,
	};
	const struct mech *saved[MECH_MAX];
	size_t saved_count = mech_count;
	struct l_ucred ph = { 0, 0, 0 };
	struct exchange ex;
	struct msghdr msg;
	int early;

	ph.uid = overflow_uid();
	ph.gid = overflow_gid();
	memcpy(saved, mech_table, sizeof(saved));
	mech_table[0] = &scm;
	mech_count = 1;
	memset(&msg, 0, sizeof(msg));
	msg.msg_control = ctl.buf;
	msg.msg_controllen = CMSG_SPACE(sizeof(ph));
	for (early = 0; early <= 1; early++) {
		exchange_init(&ex, EXCHANGE_ALL, SOCK_STREAM, 0);
		ex.early = early;
		cmsg(&ph, sizeof(ph), 0, &(size_t){0});
		exchange_control(&ex, &msg);
		if (early)
			check(ex.res[0].status == MS_MISSING,
			    "early placeholder taken: %d", ex.res[0].status);
		else
			check(ex.res[0].status == MS_GOT &&
			    (ex.res[0].cred.unmapped & PC_BIT(PC_PID)) &&
			    (PC_HAS(&ex.res[0].cred) & PC_BIT(PC_UID)),
			    "a nobody who waited dropped: %d",
			    ex.res[0].status);
		exchange_free(&ex);
	}
	memcpy(mech_table, saved, sizeof(saved));
	mech_count = saved_count;
}

static int
cmp_char(const void *a, const void *b)
{
	return *(const char *)a - *(const char *)b;
}

/* The watches a wait of timeout ms finds: their owners' first letters. */
static const char *
ready_after(struct evloop *ev, int timeout)
{
	static char seen[16];
	struct evwatch *w;
	int i, n;

	if ((n = evloop_wait(ev, timeout)) == -1)
		return "error";
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < n && i < (int)sizeof(seen) - 1; i++) {
		w = evloop_ready(ev, (size_t)i);
		seen[i] = *(const char *)w->owner;
	}
	/* In the order of their letters, whatever order the kernel chose. */
	qsort(seen, strlen(seen), 1, cmp_char);
	return seen;
}

/*
 * The event loop this build has (epoll, kqueue or poll): reading and
 * writing, a watch that wants nothing, a hang-up, and a forgotten watch.
 */
static void
event_loop(void)
{
	struct evwatch a, b, p;
	struct evloop ev;
	int sv[2], pv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1 || pipe(pv) == -1) {
		check(0, "setting up: %s", strerror(errno));
		return;
	}
	check(evloop_open(&ev) == 0, "open: %s", strerror(errno));
	check(evloop_watch(&ev, &a, sv[0], "a") == 0 &&
	    evloop_watch(&ev, &b, sv[1], "b") == 0 &&
	    evloop_watch(&ev, &p, pv[1], "p") == 0, "watch");
	check(strcmp(ready_after(&ev, 0), "") == 0, "nothing wanted");
	check(evloop_want(&ev, &a, EVL_READ) == 0, "want a");
	check(strcmp(ready_after(&ev, 0), "") == 0, "nothing to read");
	check(write(sv[1], "x", 1) == 1, "write");
	check(strcmp(ready_after(&ev, 1000), "a") == 0, "a readable");
	check(evloop_want(&ev, &a, 0) == 0, "a wants nothing");
	check(strcmp(ready_after(&ev, 0), "") == 0, "a not wanted");
	check(evloop_want(&ev, &b, EVL_WRITE) == 0 &&
	    evloop_want(&ev, &p, EVL_WRITE) == 0, "want b, p");
	check(strcmp(ready_after(&ev, 1000), "bp") == 0, "b, p writable: %s",
	    ready_after(&ev, 0));
	check(evloop_want(&ev, &b, EVL_READ) == 0, "b reads");
	check(strcmp(ready_after(&ev, 0), "p") == 0, "only p");
	close(sv[0]);
	check(strcmp(ready_after(&ev, 1000), "bp") == 0, "b hung up on");
	evloop_forget(&ev, &b);
	close(sv[1]);
	check(evloop_want(&ev, &p, 0) == 0 && evloop_want(&ev, &p,
	    EVL_WRITE) == 0, "p again");
	check(strcmp(ready_after(&ev, 0), "p") == 0, "p ready again");
	evloop_forget(&ev, &p);
	close(pv[1]);
	check(strcmp(ready_after(&ev, 0), "") == 0, "forgotten");
	evloop_forget(&ev, &a);
	check(strcmp(ready_after(&ev, 0), "") == 0, "none left");
	evloop_close(&ev);
	close(pv[0]);
}

#ifdef __linux__
#include <sys/syscall.h>

/* The fdinfo fallback for kernels before PIDFD_GET_INFO (6.13). */
static void
pidfd_fdinfo(void)
{
	pid_t pid = 0;
	int fd;

	if ((fd = (int)syscall(SYS_pidfd_open, getpid(), 0)) == -1) {
		check(errno == ENOSYS, "pidfd_open: %s", strerror(errno));
		return;
	}
	check(pidfd_fdinfo_pid(fd, &pid) == 0 && pid == getpid(),
	    "pid %ld", (long)pid);
	close(fd);
	check(pidfd_fdinfo_pid(fd, &pid) == -1, "a closed descriptor read");
}
#endif

static const struct {
	const char	*name;
	void		(*run)(void);
	const char	*what;
} cases[] = {
	{ "text", text,
	    "escaping: printable ASCII kept, the rest \\xNN; JSON keeps "
	    "valid UTF-8 only" },
	{ "peercred", peercred_ops,
	    "records compare field by field, groups as sets, capped lists "
	    "as subsets" },
	{ "output", output_forms,
	    "unavailable fields, query-time sources and capped lists print "
	    "as documented" },
	{ "dispatch", dispatch,
	    "FreeBSD's two SCM_CREDS structures go to the right parser" },
	{ "namespaces", namespaces,
	    "namespaces: the overflow id is genuine, not mapped or "
	    "ambiguous by the map" },
	{ "json-namespaces", json_namespaces,
	    "namespaces: unmapped and ambiguous fields survive the JSON "
	    "round trip" },
	{ "placeholder", placeholder,
	    "the placeholder is missing only in what was queued before the "
	    "option" },
	{ "identities", identities,
	    "two processes are kept apart: merged only when their pids "
	    "agree" },
	{ "event-loop", event_loop,
	    "the event loop: read, write, nothing wanted, hang-up, "
	    "forgotten watches" },
#ifdef __linux__
	{ "pidfd-fdinfo", pidfd_fdinfo,
	    "a pidfd's pid is read from fdinfo where PIDFD_GET_INFO is "
	    "missing" },
#endif
	{ "sockcred-netbsd", sockcred_netbsd,
	    "NetBSD sockcred: pid, ids and the whole group list; truncation "
	    "refused" },
	{ "sockcred-freebsd", sockcred_freebsd,
	    "FreeBSD sockcred: no pid, a list of 16 marked as cut; the egid "
	    "led the list before 15, not since" },
	{ "sockcred2", sockcred2,
	    "FreeBSD sockcred2: every field, in FreeBSD 14's layout and "
	    "15's; unknown version and truncation refused" },
	{ "cmsgcred", cmsgcred,
	    "FreeBSD cmsgcred: egid is the first group, the rest "
	    "supplementary; 17 groups refused" },
	{ "xucred", xucred,
	    "xucred: cr_groups[0] the egid, FreeBSD 13's pid, macOS's short "
	    "form, bad versions refused" },
	{ "unpcbid", unpcbid,
	    "NetBSD unpcbid: pid and effective ids; a short structure "
	    "refused" },
	{ "sockpeercred", sockpeercred,
	    "OpenBSD sockpeercred: uid, gid, pid order kept apart from "
	    "Linux's" },
	{ "ucred", ucred,
	    "Linux ucred: no peer gives nothing; a placeholder and a hidden "
	    "pid are marked" },
	{ "json-good", json_good,
	    "the server's report: a well-formed record is read field by "
	    "field" },
	{ "json-bad", json_bad,
	    "the server's report: malformed JSON, deep nesting and repeated "
	    "keys are refused" },
};

int
main(int argc, char *argv[])
{
	const char *prefix = argc > 1 ? argv[1] : "";
	size_t i;
	int ran = 0, before;

	if (mech_init() == -1)
		return 2;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (strncmp(cases[i].name, prefix, strlen(prefix)) != 0)
			continue;
		current = cases[i].name;
		before = failures;
		cases[i].run();
		printf("%s %s: %s\n", failures == before ? "ok" : "not ok",
		    cases[i].name, cases[i].what);
		ran++;
	}
	if (ran == 0) {
		printf("no case matches %s\n", prefix);
		return 2;
	}
	return failures == 0 ? 0 : 1;
}
