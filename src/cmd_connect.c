/* SPDX-License-Identifier: ISC */
/*
 * credcheck connect: the client of the go-on protocol.  It waits for
 * "go on" before it writes, so the server's per-message credentials are
 * attached; then it shows the server's credentials, from the connect-time
 * snapshot of its own socket, and what the server saw of it.  With -P it
 * shows the server's credentials alone, of any server, and hangs up.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <err.h>
#include <poll.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "buf.h"
#include "cmd.h"
#include "exchange.h"
#include "expect.h"
#include "holders.h"
#include "json.h"
#include "now.h"
#include "ns.h"
#include "jsonw.h"
#include "output.h"
#include "peercred.h"
#include "proto.h"
#include "safedir.h"
#include "unixaddr.h"

#define CONNECT_LINE	"credcheck connect\n"
#define REPORT_MAX	((size_t)4 * 1024 * 1024)

/*
 * Before connect(2): the per-message options on, so that whatever the
 * server writes first brings its send-time credentials.  Nothing can be
 * queued before them, so nothing that comes can be a placeholder.
 */
static void
enable_before_connect(int fd, void *arg)
{
	struct exchange *ex = arg;

	exchange_enable_unconnected(ex, fd);
}

/*
 * The server's block alone: for -P, and, where the server does not speak
 * the protocol, before the error, as its credentials were known as soon
 * as connect(2) returned.
 */
static void
print_server(const struct peer *server, const struct outopts *o)
{
	struct buf b = { NULL, 0, 0, 0 };
	struct jw w;
	int save = errno;	/* the error the caller reports next */

	if (o->json) {
		jw_init(&w, &b);
		jw_object(&w, NULL);
		json_receiver(&w, ns_self());
		jw_object(&w, "server");
		json_peer(&w, server, o);
		jw_end(&w);
		jw_end(&w);
		buf_char(&b, '\n');
	} else {
		out_receiver(&b, ns_self());
		buf_lit(&b, "Server:\n");
		out_peer(&b, server, o);
	}
	if (out_write(stdout, &b) == -1 || fflush(stdout) == EOF)
		err(1, "stdout");
	buf_free(&b);
	errno = save;
}

static void
format_human(struct buf *b, const struct peer *server,
    const struct peer *seen, const struct outopts *o)
{
	out_receiver(b, ns_self());
	buf_lit(b, "Server:\n");
	out_peer(b, server, o);
	buf_lit(b, "\nSeen by the server:\n");
	out_peer(b, seen, o);
}

static void
format_json(struct buf *b, const struct peer *server,
    const struct peer *seen, const struct outopts *o)
{
	struct jw w;

	jw_init(&w, b);
	jw_object(&w, NULL);
	json_receiver(&w, ns_self());
	jw_object(&w, "server");
	json_peer(&w, server, o);
	jw_end(&w);
	jw_object(&w, "seen_by_server");
	json_peer(&w, seen, o);
	jw_end(&w);
	jw_end(&w);
	buf_char(b, '\n');
}

/*
 * Linux keeps an abstract name per socket type: a refused name may still
 * have a server of another type, perhaps another user's.  Say so, if so.
 */
static void
other_type_there(const char *path, const char *shown, int type)
{
	static const int types[] = { SOCK_STREAM, SOCK_SEQPACKET, SOCK_DGRAM };
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i] != type && proto_probe(path, types[i],
		    proto_now_ms() + 1000) == 0)
			errx(1, "connect %s: no %s server is there, but a %s "
			    "one is (-T %s): abstract names are per socket "
			    "type", shown, args_socktype_name(type),
			    args_socktype_name(types[i]),
			    args_socktype_name(types[i]));
}

/*
 * connect(2)'s errors, in words that say which: a file that is not a
 * socket also answers ECONNREFUSED.
 */
static void
connect_failed(const char *path, const char *shown, int type,
    long long timeout_ms)
{
	struct stat st;
	int save = errno;

	if (save == ENAMETOOLONG)
		errx(1, "connect %s: path too long for a UNIX-domain socket "
		    "(at most %zu bytes)", shown,
		    UNIXADDR_PATH_SIZE - 1);
	if (save == ECONNREFUSED && !unixaddr_abstract(path) &&
	    lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode))
		errx(1, "connect %s: not a socket", shown);
	if (save == ECONNREFUSED && unixaddr_abstract(path))
		other_type_there(path, shown, type);
	if (save == ECONNREFUSED)
		errx(1, "connect %s: no server is listening there", shown);
	if (save == EPROTOTYPE)
		errx(1, "connect %s: the server's socket is not a %s socket "
		    "(-T)", shown, args_socktype_name(type));
	if (save == ETIMEDOUT)
		errx(1, "connect %s: the server took no connection within %lld "
		    "s (it is not accepting; its backlog is full)", shown,
		    timeout_ms / 1000);
	errno = save;
	err(1, "connect %s", shown);
}

/*
 * The greeting was not "go on": a refusal from a credcheck serve run
 * with -u or -g ({"refused": why}), or another protocol.
 */
static void
greeting_refused(const struct exchange *ex, const char *path)
{
	char why[PROTO_LINE_MAX];

	if (ex->complete && ex->line[0] == '{' &&
	    json_parse_refusal(ex->line, ex->len, why, sizeof(why)) == 0)
		errx(1, "%s: the server refused us: %s", path,
		    why[0] != '\0' ? why : "(its reason is not plain text)");
	errx(1, "%s: the server did not say \"go on\": it speaks another "
	    "protocol", path);
}

static void
read_failed(const char *path, const char *what, long long timeout_ms)
{
	if (errno == ETIMEDOUT)
		errx(1, "%s: no %s within %lld s", path, what,
		    timeout_ms / 1000);
	if (errno == ECONNRESET)
		errx(1, "%s: the server hung up before the %s", path, what);
	err(1, "%s: waiting for the %s", path, what);
}

/* One connection to a server, as the steps below fill it in. */
struct conn {
	const char	*path;
	char		*shown;		/* path, escaped for messages */
	struct outopts	 o;
	struct expect	 must;		/* -u, -g */
	long long	 timeout_ms;
	int		 peek;		/* -P */
	int		 type;		/* -T */
	int		 fd;
	struct exchange	 ex;		/* the server's side of our socket */
	struct peer	 server;
	struct holders	 held;		/* who holds the server's socket */
};

/*
 * Who holds the server's socket now.  With -P our socket was never
 * accepted, so its peer has no holder: the listener bound at the path is
 * the one asked about.
 */
static void
server_held(struct conn *cn)
{
	struct sockaddr_un sun;
	socklen_t len;

	if (!cn->peek)
		(void)holders_of_peer(cn->fd, &cn->held);
	else if (!unixaddr_abstract(cn->path))
		(void)holders_of_listener(cn->path, 0, 0, &cn->held);
	else if (unixaddr_make(cn->path, &sun, &len) == 0)
		(void)holders_of_listener(sun.sun_path,
		    (size_t)len - offsetof(struct sockaddr_un, sun_path), 1,
		    &cn->held);
	cn->held.by = "listened";
}

/* What the mechanisms gave so far of the server, as one peer. */
static void
server_now(struct conn *cn)
{
	if (exchange_peer(&cn->ex, &cn->server) == -1)
		err(1, "%s: server credentials", cn->shown);
	cn->server.held = &cn->held;
}

static void
connect_args(int argc, char *argv[], struct conn *cn)
{
	int ch;

	memset(cn, 0, sizeof(*cn));
	cn->timeout_ms = PROTO_DEFAULT_TIMEOUT * 1000LL;
	cn->type = SOCK_STREAM;
	while ((ch = getopt(argc, argv, CMD_OPTIONS("g:hjnPT:t:u:v"))) !=
	    -1) {
		switch (ch) {
		case 'T':
			cn->type = cmd_type_arg(optarg);
			break;
		case 't':
			cn->timeout_ms = 1000 * cmd_number_arg(optarg, 1,
			    86400, "timeout");
			break;
		case 'P':
			cn->peek = 1;
			break;
		case 'u':
		case 'g':
			cmd_expect_arg(ch, optarg, &cn->must);
			break;
		default:
			cmd_common_flag(ch, &cn->o, "connect");
		}
	}
	cn->must.numeric = cn->o.numeric;
	/* A datagram's sender is known only by what comes with it. */
	if (cn->type == SOCK_DGRAM && (cn->peek || EXPECT_ANY(&cn->must)))
		usage_error("-T dgram: -P, -u and -g need connect-time "
		    "credentials, which datagrams have not");
	cmd_operands(argc, argv, 1, 1, "connect", "path");
	now_ask();
	cn->path = cmd_path_arg(argv[optind]);
	cn->shown = cmd_shown(cn->path);
}

/* -u, -g: the server is not who it must be; nothing more is sent. */
static void
server_refused(const struct conn *cn, const struct expect_why *why)
{
	close(cn->fd);
	print_server(&cn->server, &cn->o);
	errx(1, "%s: %s", cn->shown, why->full);
}

/*
 * Connect, and know the server at once by the connect-time mechanisms:
 * enough for -P, and for -u and -g, which tell an impostor nothing, not
 * a byte.
 */
static void
connect_open(struct conn *cn)
{
	const char *self;
	struct expect_why why;

	exchange_init(&cn->ex, exchange_mode_for(cn->type), cn->type, 0);
	if ((cn->fd = proto_connect(cn->path, cn->type, proto_now_ms() +
	    cn->timeout_ms, cn->peek ? NULL : enable_before_connect,
	    &cn->ex)) == -1)
		connect_failed(cn->path, cn->shown, cn->type, cn->timeout_ms);
	/* Linux answers SO_PEERCRED on datagrams with pid 0 and uid -1. */
	if (cn->type != SOCK_DGRAM)
		exchange_query(&cn->ex, cn->fd);
	if ((self = exchange_drop_self(&cn->ex, getpid())) != NULL)
		warnx("%s: %s names this process, not the server: the "
		    "kernel's connect-time credentials are left out", cn->shown,
		    self);
	if (cn->peek)
		server_held(cn);
	server_now(cn);
	if (cn->peek && PC_HAS(&cn->server.id) == 0)
		errx(1, "%s: this system gives a client no connect-time "
		    "credentials of its server", cn->shown);
	if (EXPECT_ANY(&cn->must) && !expect_check(&cn->must, &cn->server.id,
	    "server", &why))
		server_refused(cn, &why);
}

/*
 * -u, -g: the ids that came with "go on" must be who the server must be
 * too, as the connect-time ids describe who listened, not who answers;
 * before we send a byte.
 */
static void
connect_expect_sender(const struct conn *cn)
{
	const struct peercred *sender = cn->server.two ? &cn->server.sender :
	    &cn->server.id;
	struct expect_why why;

	if (EXPECT_ANY(&cn->must) && !expect_check_sent(&cn->must, sender,
	    "server (as it said \"go on\")", &why))
		server_refused(cn, &why);
}

/*
 * "go on", and with it the server's send-time credentials.  A datagram
 * client asks for it with an empty datagram, its server's only way to
 * know it is there.
 */
static void
connect_greeting(struct conn *cn, long long deadline)
{
	if (cn->type == SOCK_DGRAM && proto_send_empty(cn->fd, deadline) ==
	    -1) {
		print_server(&cn->server, &cn->o);
		err(1, "%s: asking for \"go on\"", cn->shown);
	}
	if (exchange_greeting(&cn->ex, cn->fd, deadline) == -1) {
		print_server(&cn->server, &cn->o);
		if (errno == EPROTO)
			greeting_refused(&cn->ex, cn->shown);
		read_failed(cn->shown, "\"go on\"", cn->timeout_ms);
	}
	/* The server has accepted, and waits for our line: it holds it. */
	server_held(cn);
	peer_free(&cn->server);
	server_now(cn);
	connect_expect_sender(cn);
}

/*
 * Whether a datagram came from the process that said "go on": every id
 * that came with both is the same, and a pid or a uid came with both.
 */
static int
same_sender(const struct peercred *a, const struct peercred *b)
{
	unsigned both = a->known & b->known;
	int f;

	if ((both & (PC_BIT(PC_PID) | PC_BIT(PC_UID))) == 0)
		return 0;
	for (f = 0; f < PC_NIDS; f++)
		if ((both & PC_BIT(f)) && a->id[f] != b->id[f])
			return 0;
	return 1;
}

/*
 * One datagram, taken as the report if it is one: from the process that
 * said "go on", a credential record, and of this process where its pid
 * is there to tell.  Returns 1 if it is, 0 if not, -1 on error (EAGAIN:
 * none was there).
 */
static int
dgram_take(struct conn *cn, char *buf, struct peer *seen)
{
	struct exchange ex;
	struct peer from;
	ssize_t n;
	int ok;

	exchange_init(&ex, EXCHANGE_ALL, SOCK_DGRAM, 0);
	n = exchange_recv_whole(&ex, cn->fd, buf, REPORT_MAX);
	ok = n >= 0 && exchange_peer(&ex, &from) == 0;
	exchange_free(&ex);
	if (!ok)
		return n == -1 && errno == EMSGSIZE ? 0 : -1;
	ok = same_sender(&cn->server.id, &from.id);
	peer_free(&from);
	if (!ok || json_parse_peer(buf, (size_t)n, seen) == -1)
		return 0;
	if ((seen->id.known & PC_BIT(PC_PID)) &&
	    seen->id.id[PC_PID] != (uint32_t)getpid()) {
		peer_free(seen);
		return 0;
	}
	buf[n] = '\0';
	return 1;
}

/*
 * -T dgram: the report, from among whatever else reaches our socket by
 * the deadline (where the kernel does not keep it for its peer alone,
 * anyone may write to it): a datagram that is not it is said and
 * passed over.  Returns the report's length, or -1.
 */
static ssize_t
dgram_report(struct conn *cn, char **bufp, long long deadline,
    struct peer *seen)
{
	struct cmd_limit said = { 0, 0, 0 };
	char *buf;
	int rc;

	if ((buf = malloc(REPORT_MAX + 1)) == NULL)
		return -1;
	for (;;) {
		if (proto_wait(cn->fd, POLLIN, deadline) == -1)
			break;
		if ((rc = dgram_take(cn, buf, seen)) == 1) {
			*bufp = buf;
			return (ssize_t)strlen(buf);
		}
		if (rc == -1 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR))
			continue;
		if (rc == -1)
			break;
		cmd_warnx_limited(&said, "%s: a datagram that is not the "
		    "server's report of us: passed over", cn->shown);
	}
	free(buf);
	return -1;
}

/* Our line, then the server's report of us. */
static void
connect_report(struct conn *cn, long long deadline, struct peer *seen)
{
	char *line = NULL;
	ssize_t len;

	if (proto_send_line(cn->fd, CONNECT_LINE, strlen(CONNECT_LINE),
	    deadline) == -1) {
		print_server(&cn->server, &cn->o);
		err(1, "%s: sending", cn->shown);
	}
	deadline = proto_now_ms() + cn->timeout_ms;
	if (cn->type == SOCK_DGRAM)
		len = dgram_report(cn, &line, deadline, seen);
	else
		len = proto_read_line(cn->fd, &line, REPORT_MAX, deadline);
	if (len == -1) {
		print_server(&cn->server, &cn->o);
		read_failed(cn->shown, "report", cn->timeout_ms);
	}
	if (cn->type != SOCK_DGRAM && json_parse_peer(line, (size_t)len,
	    seen) == -1) {
		print_server(&cn->server, &cn->o);
		errx(1, "%s: the server's report is not a credential record",
		    cn->shown);
	}
	free(line);
}

/*
 * A datagram client's address is a file where the system has no other
 * (proto.c), made in TMPDIR: one that cannot take it is said to be the
 * fault, not the server's path; as root, only a directory no other user
 * can change will do.
 */
static void
bind_dir_usable(void)
{
	/* Room for "/credcheck.XXXXXX/c" after it. */
	static const size_t room = sizeof("/credcheck.XXXXXX/c") - 1;
	const char *dir = proto_bind_dir();
	char bad[UNIXADDR_PATH_SIZE + 1];

	if (dir == NULL)
		return;
	if (strlen(dir) + room >= UNIXADDR_PATH_SIZE)
		errx(1, "TMPDIR %s: too long for a datagram client's address "
		    "in it (at most %zu bytes)", cmd_shown(dir),
		    UNIXADDR_PATH_SIZE - 1 - room);
	if (access(dir, W_OK | X_OK) == -1)
		err(1, "TMPDIR %s", cmd_shown(dir));
	if (safedir_check(dir, 1, bad, sizeof(bad)) == 0)
		return;
	if (errno == EPERM || errno == ELOOP)
		errx(1, "TMPDIR %s: another user can change the directory %s, "
		    "where a datagram client's address is made",
		    cmd_shown(dir), cmd_shown(bad));
	err(1, "TMPDIR %s", cmd_shown(dir));
}

int
cmd_connect(int argc, char *argv[])
{
	struct buf b = { NULL, 0, 0, 0 };
	struct conn cn;
	struct peer seen;
	long long deadline;

	connect_args(argc, argv, &cn);
	/* A datagram client's own address, where it is a file, goes with it,
	 * whichever way connect ends. */
	if (cn.type == SOCK_DGRAM && atexit(proto_unbind) != 0)
		errx(1, "atexit");
	if (cn.type == SOCK_DGRAM)
		bind_dir_usable();
	connect_open(&cn);
	if (!cn.peek) {
		deadline = proto_now_ms() + cn.timeout_ms;
		connect_greeting(&cn, deadline);
		connect_report(&cn, deadline, &seen);
	}
	close(cn.fd);
	exchange_free(&cn.ex);
	if (cn.peek)
		print_server(&cn.server, &cn.o);
	else {
		if (cn.o.json)
			format_json(&b, &cn.server, &seen, &cn.o);
		else
			format_human(&b, &cn.server, &seen, &cn.o);
		peer_free(&seen);
		if (out_write(stdout, &b) == -1)
			err(1, "output");
		buf_free(&b);
	}
	peer_free(&cn.server);
	free(cn.shown);
	return 0;
}
