/* SPDX-License-Identifier: ISC */
/*
 * credcheck fd: the peer of a connected socket handed down by whoever
 * accepted it (inetd, systemd-socket-activate --accept or a socket unit
 * with Accept=yes, s6-ipcserver, ucspi-unix): what the kernel says of it
 * at once, and, when it speaks the protocol, what came with its line.
 *
 * The supervisor accepted the connection before credcheck ran, so the
 * per-message options are turned on late: a peer that wrote before "go
 * on" is found out by the bytes already queued, as in serve.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "holders.h"
#include "now.h"
#include "record.h"
#include "compat.h"
#include "exchange.h"
#include "output.h"
#include "peercred.h"
#include "proto.h"
#include "supervisor.h"
#include "unixaddr.h"

#define SD_LISTEN_FDS_START	3	/* systemd's first passed descriptor */

struct handed {
	int		 fd;
	long long	 timeout_ms;
	struct outopts	 o;
	char		 name[UNIXADDR_PATH_SIZE + 2];
	ssize_t		 namelen;	/* -1: unnamed */
	int		 type;		/* SOCK_STREAM, SOCK_SEQPACKET */
	struct exchange	 ex;
	int		 spoke;
	struct supervisor sup;
	int		 supervised;
};

/*
 * Without N: 3 when systemd says it passed descriptors to this process
 * (LISTEN_FDS, and LISTEN_PID if set), else 0, as inetd and UCSPI pass
 * the connection.
 */
static int
default_fd(void)
{
	const char *fds = getenv("LISTEN_FDS"), *pid = getenv("LISTEN_PID");
	const char *errstr;

	if (fds == NULL)
		return 0;
	(void)strtonum(fds, 1, INT_MAX, &errstr);
	if (errstr != NULL)
		return 0;
	if (pid != NULL && strtonum(pid, 1, LLONG_MAX, &errstr) !=
	    (long long)getpid())
		return 0;
	return SD_LISTEN_FDS_START;
}

/* A connected UNIX-domain stream socket at fd, or a one-line reason. */
static void
check_socket(struct handed *h)
{
	struct sockaddr_un sun;
	struct stat st;
	socklen_t len = sizeof(sun);
	int type, on = 0;

	if (fstat(h->fd, &st) == -1)
		errx(1, "descriptor %d is not open", h->fd);
	if (!S_ISSOCK(st.st_mode))
		errx(1, "descriptor %d is not a socket", h->fd);
	memset(&sun, 0, sizeof(sun));
	if (getsockname(h->fd, (struct sockaddr *)&sun, &len) == -1)
		err(1, "descriptor %d", h->fd);
	if (sun.sun_family != AF_UNIX)
		errx(1, "descriptor %d is not a UNIX-domain socket", h->fd);
	h->namelen = unixaddr_name(&sun, len, h->name, sizeof(h->name));
	len = sizeof(type);
	if (getsockopt(h->fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1)
		err(1, "descriptor %d", h->fd);
	if (type != SOCK_STREAM && type != SOCK_SEQPACKET)
		errx(1, "descriptor %d is not a stream or seqpacket socket",
		    h->fd);
	h->type = type;
#ifdef SO_ACCEPTCONN
	len = sizeof(on);
	(void)getsockopt(h->fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len);
#endif
	if (on)
		errx(1, "descriptor %d is a listening socket, not a connection "
		    "(systemd: --accept, Accept=yes)", h->fd);
	/* Where SO_ACCEPTCONN is missing, a listening socket ends here. */
	len = sizeof(sun);
	if (getpeername(h->fd, (struct sockaddr *)&sun, &len) == -1 &&
	    errno == ENOTCONN)
		errx(1, "descriptor %d is not connected to a peer", h->fd);
}

/*
 * Say "go on" and wait for the peer's line until the deadline.  A peer
 * that does not speak the protocol is still reported, from what the
 * kernel knew at connect(2): the reason goes to stderr.
 */
static void
listen_to_peer(struct handed *h)
{
	long long deadline = proto_now_ms() + h->timeout_ms;
	int n = 0;

	exchange_enable(&h->ex, h->fd);
	if (proto_write_all(h->fd, PROTO_GREETING, strlen(PROTO_GREETING),
	    deadline) == -1) {
		warn("descriptor %d: \"go on\" not sent", h->fd);
		return;
	}
	while (n == 0) {
		if (proto_wait(h->fd, POLLIN, deadline) == -1 ||
		    (n = exchange_recv(&h->ex, h->fd)) == -1)
			break;
	}
	if (n == 1)
		h->spoke = 1;
	else if (errno == ETIMEDOUT)
		warnx("descriptor %d: no line within %lld s: connect-time "
		    "credentials only", h->fd, h->timeout_ms / 1000);
	else if (errno == ECONNRESET || errno == EPIPE)
		warnx("descriptor %d: the peer hung up without a line: "
		    "connect-time credentials only", h->fd);
	else
		warn("descriptor %d: before its line", h->fd);
}

/* Whether the descriptor behind fd is the socket itself (inetd's stdout). */
static int
is_the_socket(int fd, int sock)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && fstat(sock, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/*
 * The record goes to stdout; where stdout is the socket (inetd, UCSPI),
 * to stderr, the supervisor's log; where both are, only to the peer.
 */
static void
print_record(const struct handed *h, const struct buf *text)
{
	FILE *fp = stdout;

	if (is_the_socket(STDOUT_FILENO, h->fd))
		fp = is_the_socket(STDERR_FILENO, h->fd) ? NULL : stderr;
	if (fp != NULL && (fwrite(text->p, 1, text->len, fp) != text->len ||
	    fflush(fp) == EOF))
		err(1, "%s", fp == stdout ? "stdout" : "stderr");
}

/*
 * Where stderr is the socket (inetd puts the connection on 0, 1 and 2),
 * a diagnostic would be the next line the peer reads, after "go on" and
 * before its report: diagnostics are dropped then, and the exit status
 * alone says how it went.
 */
static void
quiet_stderr_on_socket(const struct handed *h)
{
	int fd;

	if (!is_the_socket(STDERR_FILENO, h->fd))
		return;
	if ((fd = open("/dev/null", O_WRONLY)) == -1)
		err(1, "/dev/null");
	if (dup2(fd, STDERR_FILENO) == -1)
		err(1, "dup2");
	close(fd);
}

/* Each of the supervisor's variables that the kernel contradicts. */
static void
warn_disagreement(const struct handed *h)
{
	int f;

	for (f = 0; f < SUP_NFIELDS && h->supervised; f++)
		if (h->sup.disagree & SUP_BIT(f))
			warnx("descriptor %d: the supervisor's %s%s is not "
			    "what the kernel says", h->fd, h->sup.proto,
			    sup_suffix[f]);
}

static void
fd_args(struct handed *h, int argc, char *argv[])
{
	int ch;

	memset(h, 0, sizeof(*h));
	h->timeout_ms = PROTO_DEFAULT_TIMEOUT * 1000LL;
	while ((ch = getopt(argc, argv, CMD_OPTIONS("hjnt:v"))) != -1) {
		switch (ch) {
		case 't':
			h->timeout_ms = 1000 * cmd_number_arg(optarg, 1, 86400,
			    "timeout");
			break;
		default:
			cmd_common_flag(ch, &h->o, "fd");
		}
	}
	cmd_operands(argc, argv, 0, 1, "fd", "descriptor");
	now_ask();
	h->fd = argc - optind == 1 ? (int)cmd_number_arg(argv[optind], 0,
	    INT_MAX, "descriptor") : default_fd();
}

int
cmd_fd(int argc, char *argv[])
{
	struct handed h;
	struct record r;
	struct buf json = { NULL, 0, 0, 0 }, text = { NULL, 0, 0, 0 };
	struct holders held;
	struct peer p;

	fd_args(&h, argc, argv);
	check_socket(&h);
	exchange_init(&h.ex, EXCHANGE_NEEDED, h.type, 0);
	quiet_stderr_on_socket(&h);
	listen_to_peer(&h);
	exchange_query(&h.ex, h.fd);
	if (exchange_peer(&h.ex, &p) == -1)
		err(1, "descriptor %d: credentials", h.fd);
	(void)holders_of_peer(h.fd, &held);
	held.by = "connected";
	p.held = &held;
	h.supervised = supervisor_read(&h.sup) == 0;
	if (h.supervised)
		supervisor_compare(&h.sup, &p.id);
	memset(&r, 0, sizeof(r));
	r.what = "descriptor";
	r.who = "peer";
	r.key = "fd";
	r.number = (unsigned long)h.fd;
	r.path = h.namelen >= 0 ? h.name : NULL;
	r.pathlen = h.namelen >= 0 ? (size_t)h.namelen : 0;
	r.ex = &h.ex;
	r.spoke = h.spoke;
	r.p = &p;
	r.sup = h.supervised ? &h.sup : NULL;
	r.o = &h.o;
	cmd_record_warn(&r);
	record_json(&json, &r);
	if (!h.o.json)
		record_human(&text, &r);
	if (json.failed || text.failed)
		err(1, NULL);
	print_record(&h, h.o.json ? &json : &text);
	/* The record is the peer's answer, as from serve. */
	if (h.spoke && proto_write_all(h.fd, json.p, json.len,
	    proto_now_ms() + h.timeout_ms) == -1)
		warn("descriptor %d: the report not sent", h.fd);
	warn_disagreement(&h);
	peer_free(&p);
	exchange_free(&h.ex);
	buf_free(&json);
	buf_free(&text);
	cmd_exit(h.supervised && h.sup.disagree != 0 ? 1 : 0);
	return 0;
}
