/* SPDX-License-Identifier: ISC */
/*
 * credcheck selftest: the socketpair demonstration of LOCAL_CREDS's
 * opt-in rule (see credcheck(1)), done right for every mechanism this
 * system has, then done wrong to show the race.
 *
 * The sender is a forked child that creates the socket pair itself and
 * hands the receiving end over, so every connect-time mechanism must name
 * the child: one that answers with the receiver's own pid is caught.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "buf.h"
#include "cmd.h"
#include "exchange.h"
#include "json.h"
#include "linux.h"
#include "jsonw.h"
#include "mech.h"
#include "mechs.h"
#include "now.h"
#include "ns.h"
#include "output.h"
#include "peercred.h"
#include "proto.h"

#define SELFTEST_LINE		"credcheck selftest\n"
#define SELFTEST_TIMEOUT_MS	(PROTO_DEFAULT_TIMEOUT * 1000LL)

enum order {
	ORDER_SYNCED,		/* option enabled, "go on", then the write */
	ORDER_RACE		/* the write first, the option afterwards */
};

struct verdict {
	const char	*result;	/* ok, FAIL, unsupported; arrived... */
	char		 detail[128];
};

/* Wait for the receiver to close the control socket. */
static void
sender_linger(int ctl, long long deadline)
{
	char c;

	while (proto_wait(ctl, POLLIN, deadline) == 0 &&
	    read(ctl, &c, 1) == 1)
		continue;
}

/*
 * The child.  It stays alive until the receiver has taken its snapshots:
 * a pidfd can only be had for a living process.
 */
static int
sender(int ctl, int type, enum order order, long long deadline)
{
	char *greeting = NULL;
	int pair[2], ok;

	if (socketpair(AF_UNIX, type, 0, pair) == -1)
		return 1;
	if (order == ORDER_RACE && proto_send_line(pair[1], SELFTEST_LINE,
	    strlen(SELFTEST_LINE), deadline) == -1)
		return 1;
	if (proto_send_fd(ctl, pair[0]) == -1)
		return 1;
	close(pair[0]);
	if (order == ORDER_SYNCED) {
		ok = proto_read_line(pair[1], &greeting, 64, deadline) != -1 &&
		    strcmp(greeting, "go on") == 0 &&
		    proto_send_line(pair[1], SELFTEST_LINE,
		    strlen(SELFTEST_LINE), deadline) == 0;
		free(greeting);
		if (!ok)
			return 1;
	}
	sender_linger(ctl, deadline);
	return 0;
}

/* The receiver's side of one run; fd is the end the child handed over. */
static int
receive(struct exchange *ex, int fd, enum order order, long long deadline)
{
	int n;

	exchange_enable(ex, fd);
	if (order == ORDER_SYNCED && proto_write_all(fd, PROTO_GREETING,
	    strlen(PROTO_GREETING), deadline) == -1)
		return -1;
	do {
		if (proto_wait(fd, POLLIN, deadline) == -1)
			return -1;
	} while ((n = exchange_recv(ex, fd)) == 0);
	if (n == -1)
		return -1;
	exchange_query(ex, fd);
	return 0;
}

/*
 * One run in the given order, on a socket pair of the given type.  *pidp
 * is the sender's pid.
 */
static int
run(struct exchange *ex, int type, enum order order, pid_t *pidp)
{
	long long deadline = proto_now_ms() + SELFTEST_TIMEOUT_MS;
	int ctl[2], fd, rc = -1, status, save;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, ctl) == -1)
		return -1;
	fflush(NULL);
	if ((pid = fork()) == -1) {
		save = errno;
		close(ctl[0]);
		close(ctl[1]);
		errno = save;
		return -1;
	}
	if (pid == 0) {
		close(ctl[0]);
		/* exit(3), not _exit(2): stdio was flushed before the fork,
		 * and the run-time's exit handlers (coverage, leak checks)
		 * should see the child too. */
		exit(sender(ctl[1], type, order, deadline));
	}
	close(ctl[1]);
	if ((fd = proto_recv_fd(ctl[0], deadline)) != -1) {
		rc = receive(ex, fd, order, deadline);
		save = errno;
		close(fd);
	} else
		save = errno;
	close(ctl[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		continue;
	if (rc == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
		rc = -1;
		save = EPROTO;
	}
	*pidp = pid;
	errno = save;
	return rc;
}

static void
describe_difference(struct verdict *v, const struct peercred *got,
    const struct peercred *want, unsigned bad)
{
	int f;

	if (bad & PC_BIT(PC_ALIVE)) {
		snprintf(v->detail, sizeof(v->detail), "the sender is said "
		    "to have exited while it ran");
		return;
	}
	if (bad & PC_BIT(PC_LABEL)) {
		snprintf(v->detail, sizeof(v->detail), "%s",
		    !(want->known & PC_BIT(PC_LABEL)) ? "a label, where the "
		    "sender has none of its own" : "label differs from the "
		    "sender's own");
		return;
	}
	if (bad & PC_BIT(PC_COMMAND)) {
		snprintf(v->detail, sizeof(v->detail), "command %.20s, "
		    "expected %.20s", got->command, want->command);
		return;
	}
	for (f = 0; f < PC_NIDS; f++) {
		if (!(bad & PC_BIT(f)))
			continue;
		if (!(PC_HAS(want) & PC_BIT(f)))
			snprintf(v->detail, sizeof(v->detail),
			    "%s given but not expected", field_table[f].key);
		else if (!(got->known & PC_BIT(f)))
			snprintf(v->detail, sizeof(v->detail),
			    "%s %s here, expected %lu", field_table[f].key,
			    field_table[f].kind == FK_PID ? "not visible" :
			    "not mapped", (unsigned long)want->id[f]);
		else if (!(want->known & PC_BIT(f)))
			snprintf(v->detail, sizeof(v->detail),
			    "%s %lu, expected one not mapped here",
			    field_table[f].key, (unsigned long)got->id[f]);
		else
			snprintf(v->detail, sizeof(v->detail),
			    "%s %lu, expected %lu", field_table[f].key,
			    (unsigned long)got->id[f],
			    (unsigned long)want->id[f]);
		return;
	}
	snprintf(v->detail, sizeof(v->detail),
	    "supplementary groups differ from getgroups(2)");
}

/*
 * What was read of the sender as it is now (through a pidfd) differs from
 * what the sender's own system calls and /proc/self say.
 */
static void
describe_now_difference(struct verdict *v, unsigned bad)
{
	int f;

	for (f = 0; f < NOW_NFIELDS; f++)
		if (bad & NOW_BIT(f)) {
			snprintf(v->detail, sizeof(v->detail), "%s now differs "
			    "from what the sender says of itself",
			    now_table[f].key);
			return;
		}
}

/* What a mechanism's status reads as; a detail of NULL is its errno. */
struct wording {
	const char	*result;
	const char	*detail;
};

static const struct wording synced_words[] = {
	[MS_UNSUPPORTED] = { "unsupported", "" },
	[MS_NONE] = { "FAIL", "no credentials arrived" },
	[MS_GOT] = { "ok", "" },
	[MS_MISSING] = { "FAIL", "the kernel marked the credentials missing" },
	[MS_ERROR] = { "FAIL", NULL },
	[MS_SKIPPED] = { "skipped", "" },
};

/* The race is shown, not judged: nothing here is a failure. */
static const struct wording race_words[] = {
	[MS_UNSUPPORTED] = { "unsupported", "" },
	[MS_NONE] = { "none", "no credentials came with the message" },
	[MS_GOT] = { "arrived", "the kernel attached them anyway" },
	[MS_MISSING] = { "missing", "placeholder credentials (pid 0, "
	    "overflow ids), reported as missing" },
	[MS_ERROR] = { "error", NULL },
	[MS_SKIPPED] = { "skipped", "" },
};

static void
word(struct verdict *v, const struct wording *words,
    const struct mech_result *r)
{
	const struct wording *w = &words[r->status];

	v->result = w->result;
	snprintf(v->detail, sizeof(v->detail), "%s",
	    w->detail != NULL ? w->detail : strerror(r->err));
}

/*
 * The sender runs while it is looked at, under this program's command
 * name, which a fork keeps; where pidfds say so, that is what they must
 * say.  Elsewhere no mechanism gives either.
 */
static void
want_process(struct peercred *want)
{
#ifdef __linux__
	char command[PC_COMMAND_MAX];

	peercred_set_alive(want, 1, process_command(getpid(), command,
	    sizeof(command)) == 0 ? command : NULL);
	/* Out of memory, the fields read now are not checked. */
	want->now = now_self();
	(void)self_label(want);
#else
	(void)want;
#endif
}

/*
 * The verdict on one mechanism in the synchronised run, on a socket pair
 * of the type.  A connect-time mechanism that a kernel does not fill in
 * for a pair is unsupported there, and for datagrams, which have no
 * connection for it to describe, wherever they come from.
 */
static void
judge(struct verdict *v, const struct mech *m, const struct mech_result *r,
    const struct peercred *want, int type)
{
	unsigned bad;

	if (r->status == MS_ERROR && m->no_socketpair != 0 &&
	    r->err == m->no_socketpair) {
		v->result = "unsupported";
		snprintf(v->detail, sizeof(v->detail), "not filled in for %s",
		    type == SOCK_DGRAM ? "datagram sockets" : "socket pairs");
		return;
	}
	word(v, synced_words, r);
	if (r->status == MS_SKIPPED && m->replaced_by_receiver)
		snprintf(v->detail, sizeof(v->detail), "the kernel "
		    "replaces it with what the receiver asked for");
	else if (r->status == MS_GOT &&
	    (bad = peercred_differ(&r->cred, want)) != 0) {
		v->result = "FAIL";
		describe_difference(v, &r->cred, want, bad);
	} else if (r->status == MS_GOT && r->cred.now != NULL &&
	    want->now != NULL &&
	    (bad = now_differ(r->cred.now, want->now)) != 0) {
		v->result = "FAIL";
		describe_now_difference(v, bad);
	}
}

static void
fields_text(char *buf, size_t size, unsigned fields)
{
	int f;

	buf[0] = '\0';
	for (f = 0; f < PC_NFIELDS; f++) {
		if (!(fields & PC_BIT(f)))
			continue;
		if (buf[0] != '\0')
			strlcat(buf, " ", size);
		strlcat(buf, field_table[f].key, size);
	}
}

/*
 * The Fields column: 21 wide, or as wide as this system's longest list
 * (NetBSD's LOCAL_CREDS: "pid uid euid gid egid groups"), so that every
 * Result starts in one column.
 */
static int
fields_width(void)
{
	char fields[64];
	size_t i;
	int width = 21, n;

	for (i = 0; i < mech_count; i++) {
		fields_text(fields, sizeof(fields), mech_table[i]->fields);
		if ((n = (int)strlen(fields)) > width)
			width = n;
	}
	return width;
}

static void
human_row(struct buf *b, const struct mech *m, const struct verdict *v,
    int width)
{
	char fields[64], line[256];

	fields_text(fields, sizeof(fields), m->fields);
	snprintf(line, sizeof(line), "%-22s %-8s %-*s %s%s%s\n", m->name,
	    capture_name(m->capture), width, fields, v->result,
	    v->detail[0] != '\0' ? ": " : "", v->detail);
	buf_str(b, line);
}

static void
json_row(struct jw *w, const struct mech *m, const struct verdict *v)
{
	int f;

	jw_object(w, NULL);
	jw_str(w, "mechanism", m->name);
	jw_str(w, "captured", capture_name(m->capture));
	jw_array(w, "fields");
	for (f = 0; f < PC_NFIELDS; f++)
		if (m->fields & PC_BIT(f))
			jw_str(w, NULL, field_table[f].key);
	jw_end(w);
	jw_str(w, "result", v->result);
	if (v->detail[0] != '\0')
		jw_str(w, "detail", v->detail);
	jw_end(w);
}

struct report {
	const struct outopts	*out;
	int			 type;		/* of the socket pair */
	struct exchange		 synced, race;
	struct peercred		 want;		/* the synced sender */
	struct peercred		 final;		/* merged from the ok ones */
	struct verdict		 synced_v[MECH_MAX];	/* one per mechanism */
	struct verdict		 race_v[MECH_MAX];
	int			 failed;
};

/* Judge every mechanism and merge what passed into final. */
static int
judge_all(struct report *rp)
{
	size_t i;

	for (i = 0; i < mech_count; i++) {
		judge(&rp->synced_v[i], mech_table[i], &rp->synced.res[i],
		    &rp->want, rp->type);
		word(&rp->race_v[i], race_words, &rp->race.res[i]);
		if (strcmp(rp->synced_v[i].result, "FAIL") == 0)
			rp->failed = 1;
		else if (strcmp(rp->synced_v[i].result, "ok") == 0 &&
		    peercred_merge(&rp->final, &rp->synced.res[i].cred) == -1)
			return -1;
	}
	return 0;
}

/* The race is shown for the send-time mechanisms the system has. */
static int
race_shown(size_t i)
{
	return mech_table[i]->capture == CAPTURE_SEND &&
	    mech_supported(mech_table[i]);
}

static void
format_human(struct buf *b, const struct report *rp)
{
	char line[128];
	size_t i;
	int any = 0, width = fields_width();

	if (rp->type != SOCK_STREAM) {
		buf_lit(b, "Socket type: ");
		buf_str(b, args_socktype_name(rp->type));
		buf_lit(b, "\n\n");
	}
	snprintf(line, sizeof(line), "%-22s %-8s %-*s %s\n", "Mechanism",
	    "Captured", width, "Fields", "Result");
	buf_str(b, line);
	for (i = 0; i < mech_count; i++)
		human_row(b, mech_table[i], &rp->synced_v[i], width);
	buf_str(b, "\nUnsynchronised: the peer wrote before the receiver "
	    "enabled the option\n");
	for (i = 0; i < mech_count; i++)
		if (race_shown(i)) {
			human_row(b, mech_table[i], &rp->race_v[i], width);
			any = 1;
		}
	if (!any)
		buf_lit(b, "(no send-time mechanism on this system)\n");
	buf_char(b, '\n');
	out_receiver(b, ns_self());
	out_human(b, &rp->final, rp->out);
}

static void
format_json(struct buf *b, const struct report *rp)
{
	struct jw w;
	size_t i;

	jw_init(&w, b);
	jw_object(&w, NULL);
	json_peercred(&w, &rp->final, rp->out);
	json_receiver(&w, ns_self());
	jw_str(&w, "type", args_socktype_name(rp->type));
	jw_array(&w, "mechanisms");
	for (i = 0; i < mech_count; i++)
		json_row(&w, mech_table[i], &rp->synced_v[i]);
	jw_end(&w);
	jw_array(&w, "unsynchronised");
	for (i = 0; i < mech_count; i++)
		if (race_shown(i))
			json_row(&w, mech_table[i], &rp->race_v[i]);
	jw_end(&w);
	jw_str(&w, "result", rp->failed ? "FAIL" : "ok");
	jw_end(&w);
	buf_char(b, '\n');
}

static void
report_free(struct report *rp)
{
	exchange_free(&rp->synced);
	exchange_free(&rp->race);
	peercred_free(&rp->want);
	peercred_free(&rp->final);
}

/* Whether this system makes socket pairs of the type (macOS: no seqpacket). */
static int
socket_type_works(int type)
{
	int pair[2];

	if (socketpair(AF_UNIX, type, 0, pair) == -1)
		return -1;
	close(pair[0]);
	close(pair[1]);
	return 0;
}

int
cmd_selftest(int argc, char *argv[])
{
	struct outopts out = { 0, 0, 0 };
	struct buf b = { NULL, 0, 0, 0 };
	struct report rp;
	pid_t pid, race_pid;
	int ch, type = SOCK_STREAM;

	while ((ch = getopt(argc, argv, CMD_OPTIONS("hjnT:v"))) != -1) {
		switch (ch) {
		case 'T':
			type = cmd_type_arg(optarg);
			break;
		default:
			cmd_common_flag(ch, &out, "selftest");
		}
	}
	cmd_operands(argc, argv, 0, 0, "selftest", "operand");
	now_ask();

	memset(&rp, 0, sizeof(rp));
	rp.out = &out;
	rp.type = type;
	if (type != SOCK_STREAM && socket_type_works(type) == -1)
		errx(1, "%s UNIX-domain sockets: %s", args_socktype_name(type),
		    strerror(errno));
	exchange_init(&rp.synced, EXCHANGE_ALL, type, 0);
	exchange_init(&rp.race, EXCHANGE_ALL, type, 0);
	if (run(&rp.synced, type, ORDER_SYNCED, &pid) == -1)
		err(1, "synchronised exchange");
	if (run(&rp.race, type, ORDER_RACE, &race_pid) == -1)
		err(1, "unsynchronised exchange");
	/* What the kernel said is compared with what it says of itself. */
	if (peercred_self(&rp.want, pid) == -1)
		err(1, "selftest");
	want_process(&rp.want);
	ns_classify(ns_self(), &rp.want);
	if (judge_all(&rp) == -1)
		err(1, "selftest");
	if (out.json)
		format_json(&b, &rp);
	else
		format_human(&b, &rp);
	report_free(&rp);
	if (out_write(stdout, &b) == -1)
		err(1, "output");
	buf_free(&b);
	return rp.failed ? 1 : 0;
}
