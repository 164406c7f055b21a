/* SPDX-License-Identifier: ISC */
/*
 * What every command shares: the usage, usage errors, number options and
 * the flags they all take.
 */

#include <sys/types.h>

#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "buf.h"
#include "cmd.h"
#include "compat.h"
#include "exchange.h"
#include "mech.h"
#include "mechs.h"
#include "output.h"
#include "proto.h"
#include "record.h"
#include "unixaddr.h"

void
usage_print(FILE *fp)
{
	fprintf(fp,
	    "usage: %s selftest [-jnv] [-T type]\n"
	    "       %s serve [-1jnv] [-c count] [-g group] [-m mode] [-T type]\n"
	    "                [-t seconds] [-u user] path\n"
	    "       %s connect [-Pjnv] [-g group] [-T type] [-t seconds] [-u user]\n"
	    "                path\n"
	    "       %s fd [-jnv] [-t seconds] [N]\n"
	    "       %s -h | -V\n",
	    getprogname(), getprogname(), getprogname(), getprogname(),
	    getprogname());
}

void
usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	usage_print(stderr);
	exit(2);
}

/*
 * Exit once standard output has taken everything: a write that failed
 * (a full disk, a reader gone) is an error, not success.
 */
void
cmd_exit(int status)
{
	if (fflush(stdout) == EOF || ferror(stdout))
		err(1, "stdout");
	exit(status);
}

/*
 * A number option between min and max, or a usage error naming it: digits
 * only, as strtonum(3) would also take leading blanks and a sign.
 */
long long
cmd_number_arg(const char *s, long long min, long long max, const char *what)
{
	const char *errstr;
	long long v;

	if (*s < '0' || *s > '9')
		usage_error("%s %s: invalid", what, s);
	v = strtonum(s, min, max, &errstr);
	if (errstr != NULL)
		usage_error("%s %s: %s", what, s, errstr);
	return v;
}

/*
 * The -h, -j, -n and -v flags every command takes; anything else getopt(3)
 * returned is a usage error (optstrings start with ':').
 */
void
cmd_common_flag(int ch, struct outopts *o, const char *cmd)
{
	switch (ch) {
	case 'j':
		o->json = 1;
		break;
	case 'n':
		o->numeric = 1;
		break;
	case 'v':
		o->verbose = 1;
		break;
	case 'h':
		usage_print(stdout);
		cmd_exit(0);
	case ':':
		usage_error("option -%c needs a value", optopt);
	default:
		usage_error("unknown option -%c for %s", optopt, cmd);
	}
}

/*
 * After getopt(3): at least min (0 or 1) and at most max (0 or 1)
 * operands, each a noun, else a usage error.  An extra operand that looks
 * like an option is an option written after an operand, which ended the
 * options.
 */
void
cmd_operands(int argc, char *argv[], int min, int max, const char *cmd,
    const char *noun)
{
	int n = argc - optind, i;

	if (n < min)
		usage_error("%s needs a %s", cmd, noun);
	if (n <= max)
		return;
	for (i = optind + max; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			usage_error("%s: %s after %s: options come before "
			    "the operands", cmd, argv[i], argv[optind]);
	if (max == 0)
		usage_error("%s takes no operand", cmd);
	usage_error("%s takes %sone %s", cmd, min == 0 ? "at most " : "", noun);
}

/* A socket's path, or an abstract @name (Linux), which "@" alone is not. */
const char *
cmd_path_arg(const char *path)
{
	if (unixaddr_abstract(path) && path[1] == '\0')
		usage_error("@ alone names no socket; an abstract name is @ and "
		    "at least one byte");
	return path;
}

/*
 * A path as messages show it: escaped as the records escape text, so that
 * an operator's path with control characters cannot write them to a
 * terminal.  The caller frees it, or keeps it to its end, as an error
 * message's arguments are.
 */
char *
cmd_shown(const char *path)
{
	struct buf b = { NULL, 0, 0, 0 };

	buf_text(&b, path, strlen(path));
	buf_char(&b, '\0');
	if (b.failed)
		err(1, NULL);
	return b.p;
}

/* -T: stream, seqpacket or dgram, else a usage error. */
int
cmd_type_arg(const char *arg)
{
	int type;

	if (args_socktype(arg, &type) == -1)
		usage_error("-T: stream, seqpacket or dgram, not %s", arg);
	return type;
}

/* -u user or -g group: a name or a number, else a usage error. */
void
cmd_expect_arg(int ch, const char *arg, struct expect *e)
{
	if (ch == 'u') {
		if (args_user(arg, &e->euid) == -1)
			usage_error("no such user: %s", arg);
		e->euid_set = 1;
	} else {
		if (args_group(arg, &e->egid) == -1)
			usage_error("no such group: %s", arg);
		e->egid_set = 1;
	}
}

/*
 * Whether a line of this kind may be printed now: one a second.  One
 * that may not is counted as left out.
 */
static int
limit_pass(struct cmd_limit *l)
{
	long long now = proto_now_ms() / 1000;

	if (l->printed && now == l->second) {
		l->left_out++;
		return 0;
	}
	l->second = now;
	l->printed = 1;
	return 1;
}

/*
 * A diagnostic that a peer can cause as often as it likes: at most one
 * line a second of each kind, after a line that counts those left out
 * since the last, so that a flood of bad datagrams cannot flood stderr.
 */
void
cmd_warnx_limited(struct cmd_limit *l, const char *fmt, ...)
{
	va_list ap;

	if (!limit_pass(l))
		return;
	if (l->left_out > 0)
		warnx("%lu more lines like the next were left out",
		    l->left_out);
	l->left_out = 0;
	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
}

/*
 * Say which per-message mechanisms came back empty, and why it matters,
 * and whether the socket changed hands.  A peer that sent no line has no
 * per-message credentials to miss.
 */
void
cmd_record_warn(const struct record *r)
{
	const struct mech_result *m;
	size_t i;

	for (i = 0; i < mech_count && r->spoke; i++) {
		m = &r->ex->res[i];
		if (mech_table[i]->capture != CAPTURE_SEND)
			continue;
		if (m->status == MS_MISSING)
			warnx("%s %lu: %s: placeholder credentials: the "
			    "%s wrote before \"go on\"", r->what, r->number,
			    mech_table[i]->name, r->who);
		else if (m->status == MS_NONE)
			warnx("%s %lu: %s: no credentials came with the "
			    "line", r->what, r->number, mech_table[i]->name);
		else if (m->status == MS_ERROR)
			warnx("%s %lu: %s: %s", r->what, r->number,
			    mech_table[i]->name, strerror(m->err));
	}
	if (r->p->two)
		warnx("%s %lu: the socket changed hands: connected by pid "
		    "%lu, sent by pid %lu", r->what, r->number,
		    (unsigned long)r->p->id.id[PC_PID],
		    (unsigned long)r->p->sender.id[PC_PID]);
	if (r->ex->ctrunc)
		warnx("%s %lu: control data truncated (MSG_CTRUNC)", r->what,
		    r->number);
	if (r->ex->fds_closed > 0)
		warnx("%s %lu: closed %d descriptor(s) it passed", r->what,
		    r->number, r->ex->fds_closed);
}
