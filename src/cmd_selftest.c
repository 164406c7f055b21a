/* SPDX-License-Identifier: ISC */
/*
 * credcheck selftest: the seed's socketpair demonstration, done right for
 * every mechanism this system has, then done wrong to show the race.
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

#include "credcheck.h"

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
sender(int ctl, enum order order, long long deadline)
{
	char *greeting = NULL;
	int sv[2], ok;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		return 1;
	if (order == ORDER_RACE && proto_send_line(sv[1], SELFTEST_LINE,
	    strlen(SELFTEST_LINE), deadline) == -1)
		return 1;
	if (proto_send_fd(ctl, sv[0]) == -1)
		return 1;
	close(sv[0]);
	if (order == ORDER_SYNCED) {
		ok = proto_read_line(sv[1], &greeting, 64, deadline) != -1 &&
		    strcmp(greeting, "go on") == 0 &&
		    proto_send_line(sv[1], SELFTEST_LINE,
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

/* One run in the given order.  *pidp is the sender's pid. */
static int
run(struct exchange *ex, enum order order, pid_t *pidp)
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
		exit(sender(ctl[1], order, deadline));
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

	for (f = 0; f < PC_GROUPS; f++) {
		if (!(bad & PC_BIT(f)))
			continue;
		if (!(want->known & PC_BIT(f)))
			snprintf(v->detail, sizeof(v->detail),
			    "%s given but not expected", peercred_field_name(f));
		else
			snprintf(v->detail, sizeof(v->detail),
			    "%s %lu, expected %lu", peercred_field_name(f),
			    peercred_id(got, f), peercred_id(want, f));
		return;
	}
	snprintf(v->detail, sizeof(v->detail),
	    "supplementary groups differ from getgroups(2)");
}

/* The verdict on one mechanism in the synchronised run. */
static void
judge(struct verdict *v, const struct mech *m, const struct mech_result *r,
    const struct peercred *want)
{
	unsigned bad;

	v->detail[0] = '\0';
	if (r->status == MS_ERROR && m->no_socketpair != 0 &&
	    r->err == m->no_socketpair) {
		v->result = "unsupported";
		snprintf(v->detail, sizeof(v->detail),
		    "not filled in for socket pairs");
		return;
	}
	switch (r->status) {
	case MS_UNSUPPORTED:
		v->result = "unsupported";
		return;
	case MS_SKIPPED:
		v->result = "skipped";
		if (m->replaced_by_receiver)
			snprintf(v->detail, sizeof(v->detail), "the kernel "
			    "replaces it with what the receiver asked for");
		return;
	case MS_NONE:
		v->result = "FAIL";
		snprintf(v->detail, sizeof(v->detail),
		    "no credentials arrived");
		return;
	case MS_MISSING:
		v->result = "FAIL";
		snprintf(v->detail, sizeof(v->detail),
		    "the kernel marked the credentials missing");
		return;
	case MS_ERROR:
		v->result = "FAIL";
		snprintf(v->detail, sizeof(v->detail), "%s",
		    strerror(r->err));
		return;
	case MS_GOT:
		break;
	}
	if ((bad = peercred_differ(&r->cred, want)) != 0) {
		v->result = "FAIL";
		describe_difference(v, &r->cred, want, bad);
	} else
		v->result = "ok";
}

/* What the receiver got when the peer wrote first: shown, not judged. */
static void
describe_race(struct verdict *v, const struct mech_result *r)
{
	v->detail[0] = '\0';
	switch (r->status) {
	case MS_UNSUPPORTED:
		v->result = "unsupported";
		break;
	case MS_SKIPPED:
		v->result = "skipped";
		break;
	case MS_NONE:
		v->result = "none";
		snprintf(v->detail, sizeof(v->detail),
		    "no credentials came with the message");
		break;
	case MS_MISSING:
		v->result = "missing";
		snprintf(v->detail, sizeof(v->detail), "placeholder "
		    "credentials (pid 0, overflow ids), reported as missing");
		break;
	case MS_ERROR:
		v->result = "error";
		snprintf(v->detail, sizeof(v->detail), "%s",
		    strerror(r->err));
		break;
	case MS_GOT:
		v->result = "arrived";
		snprintf(v->detail, sizeof(v->detail),
		    "the kernel attached them anyway");
		break;
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
		strlcat(buf, peercred_field_name(f), size);
	}
}

static void
human_row(struct buf *b, const struct mech *m, const struct verdict *v)
{
	char fields[64], line[256];

	fields_text(fields, sizeof(fields), m->fields);
	snprintf(line, sizeof(line), "%-22s %-8s %-21s %s%s%s\n", m->name,
	    capture_name(m->capture), fields, v->result,
	    v->detail[0] != '\0' ? ": " : "", v->detail);
	buf_str(b, line);
}

static void
json_row(struct buf *b, const struct mech *m, const struct verdict *v,
    int first)
{
	int f, any = 0;

	if (!first)
		buf_char(b, ',');
	buf_lit(b, "{\"mechanism\":\"");
	buf_str(b, m->name);
	buf_lit(b, "\",\"captured\":\"");
	buf_str(b, capture_name(m->capture));
	buf_lit(b, "\",\"fields\":[");
	for (f = 0; f < PC_NFIELDS; f++) {
		if (!(m->fields & PC_BIT(f)))
			continue;
		if (any++)
			buf_char(b, ',');
		buf_char(b, '"');
		buf_str(b, peercred_field_name(f));
		buf_char(b, '"');
	}
	buf_lit(b, "],\"result\":\"");
	buf_str(b, v->result);
	buf_char(b, '"');
	if (v->detail[0] != '\0') {
		buf_lit(b, ",\"detail\":");
		out_json_string(b, v->detail, strlen(v->detail));
	}
	buf_char(b, '}');
}

struct report {
	const struct outopts	*out;
	struct exchange		 synced, race;
	struct peercred		 want;		/* the synced sender */
	struct peercred		 final;		/* merged from the ok ones */
	struct verdict		 sv[MECH_MAX], rv[MECH_MAX];
	int			 failed;
};

/* Judge every mechanism and merge what passed into final. */
static int
judge_all(struct report *rp)
{
	size_t i;

	for (i = 0; i < mech_count; i++) {
		judge(&rp->sv[i], mech_table[i], &rp->synced.res[i], &rp->want);
		describe_race(&rp->rv[i], &rp->race.res[i]);
		if (strcmp(rp->sv[i].result, "FAIL") == 0)
			rp->failed = 1;
		else if (strcmp(rp->sv[i].result, "ok") == 0 &&
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
print_human(struct buf *b, const struct report *rp)
{
	char line[128];
	size_t i;
	int any = 0;

	snprintf(line, sizeof(line), "%-22s %-8s %-21s %s\n", "Mechanism",
	    "Captured", "Fields", "Result");
	buf_str(b, line);
	for (i = 0; i < mech_count; i++)
		human_row(b, mech_table[i], &rp->sv[i]);
	buf_str(b, "\nUnsynchronised: the peer wrote before the receiver "
	    "enabled the option\n");
	for (i = 0; i < mech_count; i++)
		if (race_shown(i)) {
			human_row(b, mech_table[i], &rp->rv[i]);
			any = 1;
		}
	if (!any)
		buf_lit(b, "(no send-time mechanism on this system)\n");
	buf_char(b, '\n');
	out_human(b, &rp->final, rp->out);
}

static void
print_json(struct buf *b, const struct report *rp)
{
	size_t i;
	int first = 1;

	buf_char(b, '{');
	out_json(b, &rp->final, rp->out);
	buf_lit(b, ",\"mechanisms\":[");
	for (i = 0; i < mech_count; i++)
		json_row(b, mech_table[i], &rp->sv[i], i == 0);
	buf_lit(b, "],\"unsynchronised\":[");
	for (i = 0; i < mech_count; i++)
		if (race_shown(i)) {
			json_row(b, mech_table[i], &rp->rv[i], first);
			first = 0;
		}
	buf_lit(b, "],\"result\":\"");
	buf_str(b, rp->failed ? "FAIL" : "ok");
	buf_lit(b, "\"}\n");
}

static void
report_free(struct report *rp)
{
	exchange_free(&rp->synced);
	exchange_free(&rp->race);
	peercred_free(&rp->want);
	peercred_free(&rp->final);
}

int
cmd_selftest(int argc, char *argv[])
{
	struct outopts out = { 0, 0, 0 };
	struct buf b = { NULL, 0, 0, 0 };
	struct report rp;
	pid_t pid, race_pid;
	int ch;

	while ((ch = getopt(argc, argv, ":hjnv")) != -1)
		common_flag(ch, &out, "selftest");
	if (argc != optind)
		usage_error("selftest takes no operand");

	memset(&rp, 0, sizeof(rp));
	rp.out = &out;
	exchange_init(&rp.synced, EXCHANGE_ALL);
	exchange_init(&rp.race, EXCHANGE_ALL);
	if (run(&rp.synced, ORDER_SYNCED, &pid) == -1)
		err(1, "synchronised exchange");
	if (run(&rp.race, ORDER_RACE, &race_pid) == -1)
		err(1, "unsynchronised exchange");
	if (peercred_self(&rp.want, pid) == -1 || judge_all(&rp) == -1)
		err(1, "selftest");
	if (out.json)
		print_json(&b, &rp);
	else
		print_human(&b, &rp);
	report_free(&rp);
	if (out_write(stdout, &b) == -1)
		err(1, "output");
	buf_free(&b);
	return rp.failed ? 1 : 0;
}
