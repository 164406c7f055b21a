/* SPDX-License-Identifier: ISC */
/*
 * credcheck serve: a server on a named socket that applies the go-on
 * protocol to every client and prints what the kernel said of each.
 *
 * One event loop (evloop.c: epoll, kqueue or poll) over non-blocking
 * sockets: every client has its own deadline and its own state, so a
 * silent, slow or hostile client never delays another, and costs at most
 * a line on stderr.
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
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "buf.h"
#include "cmd.h"
#include "holders.h"
#include "now.h"
#include "record.h"
#include "evloop.h"
#include "exchange.h"
#include "expect.h"
#include "json.h"
#include "jsonw.h"
#include "listener.h"
#include "mech.h"
#include "mechs.h"
#include "ns.h"
#include "outq.h"
#include "output.h"
#include "proto.h"
#include "replyto.h"
#include "safedir.h"
#include "clients.h"
#include "sockopt.h"
#include "unixaddr.h"
#include "unread.h"

#define SERVE_BACKLOG		128
#define ACCEPT_BATCH		32	/* accepts per wake-up, for fairness */
#define ACCEPT_BACKOFF_MS	100	/* out of descriptors: wait this long */
#define STDOUT_QUEUE		((size_t)1 << 20) /* bytes of records that may
						 wait before accepting stops */

/* The kinds of diagnostic a datagram can cause, each rate-limited. */
enum {
	LIMIT_ADDRESS,		/* a sender that cannot be answered */
	LIMIT_ANSWER,		/* an answer sent to us */
	LIMIT_FULL,		/* a sender that does not read */
	LIMIT_UNREAD,		/* a user whose answers wait unread */
	LIMIT_SEND,		/* any other failure */
	LIMIT_KINDS
};

struct server {
	struct listener		 l;
	struct outopts		 opts;
	unsigned long		 count;		/* exchanges to serve; 0: all */
	unsigned long		 accepted;
	unsigned long		 completed;	/* clients answered */
	long long		 timeout_ms;
	long long		 accept_resume;	/* paused until; 0: not */
	int			 failed;
	int			 reader_gone;	/* stdout: EPIPE */
	unsigned		 inherited;	/* the listener's options */
	int			 type;		/* -T */
	struct expect		 must;		/* -u, -g */
	struct clientset	 cs;		/* by deadline */
	struct evloop		 ev;
	struct evwatch		 signal_w;	/* the signal self-pipe */
	struct evwatch		 listener_w;	/* while accepting */
	struct evwatch		 stdout_w;	/* while records wait */
	struct outq		 out;		/* records for stdout */
	int			 sigself[2];	/* the signal self-pipe */
	struct buf		 text;		/* a human record */
	struct buf		 json;		/* a JSON record */
	struct cmd_limit	 limit[LIMIT_KINDS];
	struct unread		 unread;	/* -T dgram's answers */
};

static int signal_fd = -1;

static void
on_signal(int signo)
{
	unsigned char c = (unsigned char)signo;
	int save = errno;
	ssize_t n;

	n = write(signal_fd, &c, 1);
	(void)n;
	errno = save;
}

/* SIGINT, SIGTERM and SIGHUP wake the loop through a pipe. */
static int
catch_signals(struct server *srv)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;
	int k;

	if (pipe(srv->sigself) == -1)
		return -1;
	for (k = 0; k < 2; k++)
		if (fcntl(srv->sigself[k], F_SETFL, O_NONBLOCK) == -1 ||
		    fcntl(srv->sigself[k], F_SETFD, FD_CLOEXEC) == -1)
			return -1;
	signal_fd = srv->sigself[1];
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) == -1)
			return -1;
	return 0;
}

static void
client_free(struct client *c)
{
	close(c->fd);
	exchange_free(&c->ex);
	buf_free(&c->reply);
	free(c);
}

static void
client_remove(struct server *srv, struct client *c)
{
	evloop_forget(&srv->ev, &c->w);
	clients_remove(&srv->cs, c);
	client_free(c);
}

/*
 * A client that did not complete the exchange costs one line on stderr,
 * and neither the count nor the exit status; returns 1, for "finished",
 * so that its caller removes it.
 */
static int
client_failed(const struct client *c, const char *why)
{
	warnx("client %lu: %s", c->id, why);
	return 1;
}

/* A client that got its answer: it counts towards -c.  Returns 1. */
static int
client_done(struct server *srv)
{
	srv->completed++;
	return 1;
}

static int
client_failed_errno(const struct client *c, const char *when)
{
	char why[128];

	if (errno == EPIPE || errno == ECONNRESET)
		snprintf(why, sizeof(why), "hung up %s", when);
	else
		snprintf(why, sizeof(why), "%s: %s", when, strerror(errno));
	return client_failed(c, why);
}

/* Write what is pending; -1 on error, else whether all of it went. */
static int
client_flush(struct client *c)
{
	ssize_t n;

	while (c->outlen > 0) {
		n = write(c->fd, c->out, c->outlen);
		if (n == -1)
			return errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR ? 0 : -1;
		c->out += n;
		c->outlen -= (size_t)n;
	}
	return 1;
}

/* The record of a client, c's own or the peer p made of it. */
static void
client_record(struct record *r, const struct server *srv,
    const struct client *c, const struct peer *p)
{
	memset(r, 0, sizeof(*r));
	r->what = "client";
	r->who = "client";
	r->key = "client";
	r->number = c->id;
	r->path = srv->l.path;
	r->pathlen = strlen(srv->l.path);
	r->ex = &c->ex;
	r->spoke = 1;
	r->p = p;
	r->o = &srv->opts;
}

/*
 * Keep what the client has not taken yet of a record built in a shared
 * buffer: usually nothing, as the whole record goes at once.
 */
static int
client_keep_reply(struct client *c)
{
	if (c->outlen == 0)
		return 0;
	buf_add(&c->reply, c->out, c->outlen);
	if (c->reply.failed) {
		errno = ENOMEM;
		return -1;
	}
	c->out = c->reply.p;
	return 0;
}

/*
 * A record: its warnings said, its JSON in srv->json for the client, and
 * its text (or JSON) queued for stdout.  -1 (ENOMEM) if it could not be
 * made.
 */
static int
put_record(struct server *srv, const struct record *r)
{
	cmd_record_warn(r);
	buf_reset(&srv->json);
	buf_reset(&srv->text);
	record_json(&srv->json, r);
	if (!srv->opts.json)
		record_human(&srv->text, r);
	if (srv->json.failed || srv->text.failed) {
		errno = ENOMEM;
		return -1;
	}
	if (outq_put(&srv->out, srv->opts.json ? &srv->json : &srv->text) ==
	    -1) {
		warn("client %lu: record not kept for stdout", r->number);
		srv->failed = 1;
	}
	return 0;
}

/*
 * -u, -g: a client that is not who it must be gets a refusal for its
 * answer, which says its own id but not the one the server wants; the
 * log has both.  It does not count towards -c.  -1 (ENOMEM) if the
 * refusal could not be made.
 */
static int
client_refuse(struct client *c, const struct expect_why *why)
{
	struct jw w;

	warnx("client %lu: refused: %s", c->id, why->full);
	buf_reset(&c->reply);
	jw_init(&w, &c->reply);
	json_refusal(&w, c->id, why->told);
	buf_char(&c->reply, '\n');
	if (c->reply.failed) {
		errno = ENOMEM;
		return -1;
	}
	c->refused = 1;
	c->state = CL_REPLY;
	c->out = c->reply.p;
	c->outlen = c->reply.len;
	return 0;
}

/*
 * -u, -g: the ids that came with the line must match as well as the
 * connect-time ones, as the socket may have changed hands since.
 */
static int
client_sent_as_admitted(const struct server *srv, const struct peer *p,
    struct expect_why *why)
{
	return !EXPECT_ANY(&srv->must) || expect_check_sent(&srv->must,
	    p->two ? &p->sender : &p->id, "client (as it sent its line)", why);
}

/*
 * The line is in: take the snapshots, print the record, flushed at once,
 * and send it as JSON to the client.  Returns 1 when the client is done.
 */
static int
client_finish(struct server *srv, struct client *c)
{
	struct expect_why why;
	struct holders held;
	struct record r;
	struct peer p;
	int n;

	exchange_query(&c->ex, c->fd);
	if (exchange_peer(&c->ex, &p) == -1)
		return client_failed_errno(c, "credentials");
	/* Every process's descriptors are read: only where asked. */
	if (srv->opts.verbose) {
		(void)holders_of_peer(c->fd, &held);
		held.by = "connected";
		p.held = &held;
	}
	if (!client_sent_as_admitted(srv, &p, &why)) {
		peer_free(&p);
		if (client_refuse(c, &why) == -1)
			return client_failed_errno(c, "refusal");
		if ((n = client_flush(c)) == -1)
			return client_failed_errno(c, "before the refusal");
		return n;
	}
	client_record(&r, srv, c, &p);
	n = put_record(srv, &r);
	peer_free(&p);
	if (n == -1)
		return client_failed_errno(c, "record");
	c->out = srv->json.p;
	c->outlen = srv->json.len;
	c->state = CL_REPLY;
	if ((n = client_flush(c)) == -1)
		return client_failed_errno(c, "before the report");
	if (n == 1)
		return client_done(srv);
	if (client_keep_reply(c) == -1)
		return client_failed_errno(c, "report");
	return 0;
}

/* Move one client on; returns 1 when it is finished, for good or ill. */
static int
client_step(struct server *srv, struct client *c)
{
	int n;

	switch (c->state) {
	case CL_GREETING:
	case CL_REPLY:
		if ((n = client_flush(c)) == -1)
			return client_failed_errno(c,
			    c->state == CL_REPLY ? "before the report" :
			    "before \"go on\"");
		if (n == 0)
			return 0;
		if (c->state == CL_REPLY)
			return c->refused ? 1 : client_done(srv);
		c->state = CL_LINE;
		return 0;
	case CL_LINE:
		if ((n = exchange_recv(&c->ex, c->fd)) == -1)
			return client_failed_errno(c, "before its line");
		if (n == 0)
			return 0;
		return client_finish(srv, c);
	}
	return 0;
}

/*
 * -u, -g: the client's connect-time effective ids, asked before it is
 * greeted.  Returns 1 to let it in; 0 when it is not, with a refusal for
 * its answer in place of "go on"; -1 if its ids cannot be asked.
 */
static int
client_admit(struct server *srv, struct client *c)
{
	struct exchange ex;
	struct expect_why why;
	struct peer p;
	int ok;

	exchange_init(&ex, EXCHANGE_NEEDED, srv->type, 0);
	exchange_query(&ex, c->fd);
	ok = exchange_peer(&ex, &p);
	exchange_free(&ex);
	if (ok == -1)
		return -1;
	ok = expect_check(&srv->must, &p.id, "client", &why);
	peer_free(&p);
	if (ok)
		return 1;
	return client_refuse(c, &why);
}

/*
 * Move a client on, then wait for what its state needs: returns 1 when it
 * is finished, for good or ill.
 */
static int
client_run(struct server *srv, struct client *c)
{
	if (client_step(srv, c) == 1)
		return 1;
	if (evloop_want(&srv->ev, &c->w, c->state == CL_LINE ? EVL_READ :
	    EVL_WRITE) == -1)
		return client_failed_errno(c, evloop_name());
	return 0;
}

/* A new client: enable the credential options, then say "go on". */
static int
client_add(struct server *srv, int fd)
{
	int admitted = 1;

	struct client *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return -1;
	c->fd = fd;
	exchange_init(&c->ex, EXCHANGE_NEEDED, srv->type, srv->inherited);
	if (evloop_watch(&srv->ev, &c->w, fd, c) == -1) {
		free(c);
		return -1;
	}
	clients_add(&srv->cs, c);
	c->id = ++srv->accepted;
	c->deadline = proto_now_ms() + srv->timeout_ms;
	c->state = CL_GREETING;
	c->out = PROTO_GREETING;
	c->outlen = strlen(PROTO_GREETING);
	if (EXPECT_ANY(&srv->must) &&
	    (admitted = client_admit(srv, c)) == -1) {
		client_failed_errno(c, "credentials");
		client_remove(srv, c);
		return 0;
	}
	if (admitted)
		exchange_enable(&c->ex, fd);
	if (client_run(srv, c) == 1)
		client_remove(srv, c);
	return 0;
}

static int
accepting(const struct server *srv)
{
	return srv->count == 0 || srv->completed < srv->count;
}

/*
 * Out of descriptors the pending connection stays queued: stop polling
 * the listener for a moment rather than wake up for it again at once.
 */
static void
accept_some(struct server *srv)
{
	int fd, n;

	for (n = 0; n < ACCEPT_BATCH && accepting(srv); n++) {
		if ((fd = listener_accept(&srv->l)) == -1) {
			if (errno == EMFILE || errno == ENFILE) {
				if (srv->accept_resume == 0)
					warnx("accept: out of file descriptors;"
					    " pausing");
				srv->accept_resume = proto_now_ms() +
				    ACCEPT_BACKOFF_MS;
			} else if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR && errno != ECONNABORTED)
				warn("accept");
			return;
		}
		if (client_add(srv, fd) == -1) {
			warn("new client");
			close(fd);
		}
	}
}

/*
 * -T dgram: whom a datagram may be answered at, by the rules of
 * replyto.c: the socket that sent it, reached without a link, of a user
 * whose id came with it, and not this server's own.
 */
static void
dgram_rule(const struct server *srv, const struct peercred *pc,
    struct replyrule *rule)
{
	memset(rule, 0, sizeof(*rule));
	if (pc->known & PC_BIT(PC_UID))
		rule->owner[rule->nowners++] = (uid_t)pc->id[PC_UID];
	if (pc->known & PC_BIT(PC_EUID))
		rule->owner[rule->nowners++] = (uid_t)pc->id[PC_EUID];
	rule->self_file = !srv->l.abstract;
	rule->self_dev = srv->l.dev;
	rule->self_ino = srv->l.ino;
}

/* Why a datagram's sender cannot be answered, from replyto_open's errno. */
static const char *
dgram_unanswerable(int e)
{
	switch (e) {
	case EDESTADDRREQ:
		return "its sender has no address";
	case EINVAL:
		return "its sender's address is a relative name";
	case ELOOP:
		return "its sender's address leads through a symbolic link";
	case ENOTSOCK:
		return "its sender's address is not a socket";
	case EPERM:
		return "its sender's address is a socket of another user";
	case EDEADLK:
		return "its sender's address is this server's own socket";
	default:
		return strerror(e);
	}
}

/*
 * A line that is one of a credcheck server's own answers ("go on", a
 * record, a refusal) is not answered, as a resolver does not answer an
 * answer: two servers led to each other would otherwise answer each
 * other for ever.
 */
static int
dgram_is_answer(const struct exchange *ex)
{
	static const char record[] = "{\"client\":";

	return strcmp(ex->line, "go on") == 0 ||
	    strncmp(ex->line, record, sizeof(record) - 1) == 0;
}

/*
 * Send an answer, or lose it: a sender that does not read loses its own
 * answers (the send does not wait), not others theirs.  -1 if not sent.
 */
static int
dgram_answer(struct server *srv, const struct replyto *rt, uid_t to,
    const void *buf, size_t len, const char *what)
{
	if (replyto_send(srv->l.fd, rt, buf, len) != -1) {
		if (unread_answered(&srv->unread, to, &rt->sun, rt->len) == -1)
			err(1, NULL);
		return 0;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)
		cmd_warnx_limited(&srv->limit[LIMIT_FULL], "%s not sent: its "
		    "receiver's queue is full", what);
	else
		cmd_warnx_limited(&srv->limit[LIMIT_SEND], "%s not sent: %s",
		    what, strerror(errno));
	return -1;
}

/* The record of a line, for stdout and for its sender. */
static void
dgram_record(struct server *srv, struct client *c, struct peer *p,
    const struct replyto *rt, uid_t to)
{
	struct record r;

	c->id = ++srv->accepted;
	client_record(&r, srv, c, p);
	if (put_record(srv, &r) == -1) {
		client_failed_errno(c, "record");
		return;
	}
	if (dgram_answer(srv, rt, to, srv->json.p, srv->json.len,
	    "a report") == 0)
		client_done(srv);
}

/*
 * -T dgram: a datagram stands alone.  An empty one asks for "go on",
 * sent back to its sender; any other is a line, reported with the
 * credentials that came with it and answered with the record.  The
 * options were set once, at the start (exchange_enable_once), and no
 * connect-time mechanism applies: there is no connection to ask.  A
 * user whose sockets leave answers unread waits (unread.c).
 */
static void
dgram_one(struct server *srv, struct client *c, const struct sockaddr_un *from,
    socklen_t fromlen)
{
	struct replyrule rule;
	struct replyto rt;
	struct peer p;
	uid_t to;

	if (exchange_peer(&c->ex, &p) == -1) {
		cmd_warnx_limited(&srv->limit[LIMIT_SEND], "a datagram's "
		    "credentials: %s", strerror(errno));
		return;
	}
	dgram_rule(srv, &p.id, &rule);
	if (c->ex.received > 0 && dgram_is_answer(&c->ex))
		cmd_warnx_limited(&srv->limit[LIMIT_ANSWER], "a datagram that "
		    "is a credcheck server's answer: not answered");
	else if (replyto_open(&rt, from, fromlen, &rule) == -1)
		cmd_warnx_limited(&srv->limit[LIMIT_ADDRESS], "a datagram not "
		    "answered: %s", dgram_unanswerable(errno));
	else {
		to = rule.owner[0];
		if (unread_may_answer(&srv->unread, srv->l.fd, to) == -1)
			cmd_warnx_limited(&srv->limit[LIMIT_UNREAD], "a datagram "
			    "of uid %lu not answered: its sockets hold %d "
			    "answers unread", (unsigned long)to,
			    UNREAD_PER_USER);
		else if (c->ex.received == 0)
			(void)dgram_answer(srv, &rt, to, PROTO_GREETING,
			    strlen(PROTO_GREETING), "\"go on\"");
		else
			dgram_record(srv, c, &p, &rt, to);
		replyto_close(&rt);
	}
	peer_free(&p);
}

static void
dgram_some(struct server *srv)
{
	struct sockaddr_un from;
	struct client c;
	socklen_t fromlen;
	int n, rc = 1;

	for (n = 0; n < ACCEPT_BATCH && accepting(srv) && rc == 1; n++) {
		memset(&c, 0, sizeof(c));
		c.fd = -1;
		exchange_init(&c.ex, exchange_mode_for(SOCK_DGRAM), SOCK_DGRAM,
		    srv->inherited);
		exchange_enable(&c.ex, srv->l.fd);
		fromlen = sizeof(from);
		memset(&from, 0, sizeof(from));
		if ((rc = exchange_recv_from(&c.ex, srv->l.fd, &from,
		    &fromlen)) == 1)
			dgram_one(srv, &c, &from, fromlen);
		else if (rc == -1)
			cmd_warnx_limited(&srv->limit[LIMIT_SEND], "receiving: "
			    "%s", strerror(errno));
		exchange_free(&c.ex);
	}
}

/* Milliseconds until the next deadline, for the wait. */
static int
next_wake(const struct server *srv, long long now)
{
	long long next = now + 60000;

	if (srv->cs.oldest != NULL && srv->cs.oldest->deadline < next)
		next = srv->cs.oldest->deadline;
	if (srv->accept_resume != 0 && srv->accept_resume < next)
		next = srv->accept_resume;
	return next <= now ? 0 : (int)(next - now);
}

static void
expire(struct server *srv, long long now)
{
	char why[64];

	while (srv->cs.oldest != NULL && srv->cs.oldest->deadline <= now) {
		snprintf(why, sizeof(why), "no complete exchange within %lld "
		    "s; dropped", srv->timeout_ms / 1000);
		client_failed(srv->cs.oldest, why);
		client_remove(srv, srv->cs.oldest);
	}
}

/*
 * Write the records stdout takes now.  A write error loses what waits,
 * said with the bytes lost; with the reader gone (EPIPE) every record to
 * come would be lost too, so serving ends.
 */
static void
stdout_flush(struct server *srv)
{
	size_t left;

	if (outq_pending(&srv->out) == 0 || outq_flush(&srv->out) == 0)
		return;
	left = outq_pending(&srv->out);
	srv->reader_gone = errno == EPIPE;
	warnx("stdout: %s; %zu bytes of records lost", strerror(errno), left);
	outq_drop(&srv->out);
	srv->failed = 1;
}

/*
 * The fixed watches: the signal pipe always; the listener while accepting
 * and while the records waiting for stdout are fewer than STDOUT_QUEUE
 * bytes; stdout while records wait.
 */
static int
watch_fixed(struct server *srv, long long now)
{
	if (srv->accept_resume != 0 && srv->accept_resume <= now)
		srv->accept_resume = 0;
	if (evloop_want(&srv->ev, &srv->listener_w, accepting(srv) &&
	    srv->accept_resume == 0 && !outq_full(&srv->out) ? EVL_READ : 0) ==
	    -1)
		return -1;
	if (!outq_can_block(&srv->out))
		return 0;
	return evloop_want(&srv->ev, &srv->stdout_w,
	    outq_pending(&srv->out) > 0 ? EVL_WRITE : 0);
}

/*
 * Returns 0 when told to stop or done with -c, -1 on an error of the
 * event loop.  The listener is served after the clients found ready, so
 * that a client that is removed is never one still to come.
 */
static int
serve_loop(struct server *srv)
{
	struct evwatch *w;
	int i, n, accept_now;

	for (;;) {
		/* The count reached, or no one to read the records: a
		 * client still in its exchange is closed, as at a signal. */
		if (!accepting(srv) || srv->reader_gone)
			return 0;
		if (watch_fixed(srv, proto_now_ms()) == -1)
			return -1;
		if ((n = evloop_wait(&srv->ev, next_wake(srv,
		    proto_now_ms()))) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		accept_now = 0;
		for (i = 0; i < n; i++) {
			w = evloop_ready(&srv->ev, (size_t)i);
			if (w == &srv->signal_w)
				return 0;
			if (w == &srv->listener_w)
				accept_now = 1;
			else if (w->owner != NULL &&
			    client_run(srv, w->owner) == 1)
				client_remove(srv, w->owner);
		}
		if (accept_now && srv->type == SOCK_DGRAM)
			dgram_some(srv);
		else if (accept_now)
			accept_some(srv);
		stdout_flush(srv);
		expire(srv, proto_now_ms());
	}
}

/* Take the signal bytes waiting: a signal after them stops the drain. */
static void
signals_taken(struct server *srv)
{
	unsigned char c[16];

	while (read(srv->sigself[0], c, sizeof(c)) > 0)
		continue;
}

/*
 * The records still waiting go out before serve exits, for as long as the
 * -t timeout; what stdout has not taken by then, or by another signal, is
 * said lost.
 */
static void
stdout_drain(struct server *srv)
{
	long long deadline = proto_now_ms() + srv->timeout_ms, now;
	struct pollfd pfds[2];

	signals_taken(srv);
	pfds[0].fd = srv->sigself[0];
	pfds[0].events = POLLIN;
	pfds[1].fd = srv->out.fd;
	pfds[1].events = POLLOUT;
	while (!srv->reader_gone && outq_pending(&srv->out) > 0 &&
	    (now = proto_now_ms()) < deadline) {
		if (poll(pfds, 2, (int)(deadline - now)) == -1 &&
		    errno != EINTR)
			break;
		if (pfds[0].revents != 0)
			break;
		stdout_flush(srv);
	}
	if (outq_pending(&srv->out) > 0) {
		warnx("stdout: %zu bytes of records not written",
		    outq_pending(&srv->out));
		srv->failed = 1;
	}
}

static void
server_close(struct server *srv)
{
	while (srv->cs.oldest != NULL)
		client_remove(srv, srv->cs.oldest);
	evloop_close(&srv->ev);
	buf_free(&srv->text);
	buf_free(&srv->json);
	unread_free(&srv->unread);
	listener_close(&srv->l);
	stdout_drain(srv);
	outq_free(&srv->out);
}

/*
 * The line scripts wait for, with the path's bytes escaped as in the
 * records: a name can hold anything but NUL and '/'.
 */
static void
say_listening(struct server *srv)
{
	buf_reset(&srv->text);
	buf_text(&srv->text, srv->l.path, strlen(srv->l.path));
	if (srv->text.failed)
		err(1, NULL);
	warnx("listening on %.*s", (int)srv->text.len, srv->text.p);
}

/*
 * -v: the options set on the listening socket, which every client's socket
 * has before the client can write (Linux SO_PASSCRED, NetBSD LOCAL_CREDS).
 */
static void
say_inherited(const struct server *srv)
{
	size_t i;

	if (!srv->opts.verbose || srv->type == SOCK_DGRAM)
		return;
	for (i = 0; i < mech_count; i++)
		if (srv->inherited & (1u << i))
			warnx("%s: enabled on the listening socket, which "
			    "every accepted socket inherits", mech_table[i]->name);
}

static void
say_limit(char *buf, size_t size, rlim_t v)
{
	if (v == RLIM_INFINITY)
		snprintf(buf, size, "unlimited");
	else
		snprintf(buf, size, "%llu", (unsigned long long)v);
}

/* As many clients as the hard limit allows; -v says so. */
static void
raise_open_files(const struct server *srv)
{
	char a[32], b[32];
	rlim_t from, to;
	int rc;

	if ((rc = clients_room(&from, &to)) == -1)
		warn("raising the limit on open files");
	else if (rc == 1 && srv->opts.verbose) {
		say_limit(a, sizeof(a), from);
		say_limit(b, sizeof(b), to);
		warnx("open files: limit raised from %s to %s", a, b);
	}
}

/*
 * The signal pipe, the listener and stdout, each under a watch; stdout
 * only where a write could block (outq.c): a file is written at once.
 */
static int
watch_server(struct server *srv)
{
	if (evloop_watch(&srv->ev, &srv->signal_w, srv->sigself[0], NULL) ==
	    -1 || evloop_want(&srv->ev, &srv->signal_w, EVL_READ) == -1)
		return -1;
	if (evloop_watch(&srv->ev, &srv->listener_w, srv->l.fd, NULL) == -1)
		return -1;
	if (!outq_can_block(&srv->out))
		return 0;
	return evloop_watch(&srv->ev, &srv->stdout_w, srv->out.fd, NULL);
}

/*
 * Root removes, binds and chmods by name: only below directories that no
 * other user can change (safedir.c).
 */
static void
dirs_safe(const char *path)
{
	char bad[UNIXADDR_PATH_SIZE + 1];

	/* Other errors are listener_open's to say. */
	if (!unixaddr_abstract(path) && safedir_check(path, 0, bad,
	    sizeof(bad)) == -1 && (errno == EPERM || errno == ELOOP))
		errx(1, "%s: another user can change the directory %s; root "
		    "serves only where no other user can", cmd_shown(path),
		    cmd_shown(bad));
}

/* listener_open's errors, in the words of credcheck(1). */
static void
open_failed(const char *path)
{
	const char *shown = cmd_shown(path);
	struct stat st;

	switch (errno) {
	case ENAMETOOLONG:
		errx(1, "%s: path too long for a UNIX-domain socket (at most "
		    "%zu bytes)", shown,
		    UNIXADDR_PATH_SIZE - 1);
	case EEXIST:
		if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode) &&
		    st.st_uid != geteuid())
			errx(1, "%s: a socket of another user, which may not "
			    "be stale; left alone", shown);
		errx(1, "%s: exists and is not a stale socket; left alone",
		    shown);
	case EADDRINUSE:
		errx(1, "%s: address in use: a server is listening there",
		    shown);
	case EWOULDBLOCK:
		errx(1, "%s: its directory stays locked by another process",
		    shown);
	default:
		err(1, "%s", shown);
	}
}

/*
 * serve's options, into srv and *mode (-m; -1: none); returns the path,
 * checked against them.
 */
static const char *
serve_args(struct server *srv, int *mode, int argc, char *argv[])
{
	const char *path;
	int ch;

	memset(srv, 0, sizeof(*srv));
	srv->timeout_ms = PROTO_DEFAULT_TIMEOUT * 1000LL;
	srv->type = SOCK_STREAM;
	*mode = -1;
	while ((ch = getopt(argc, argv, CMD_OPTIONS("1c:g:hjm:nT:t:u:v"))) !=
	    -1) {
		switch (ch) {
		case 'T':
			srv->type = cmd_type_arg(optarg);
			break;
		case '1':
			srv->count = 1;
			break;
		case 'c':
			srv->count = (unsigned long)cmd_number_arg(optarg, 0,
			    LONG_MAX, "count");
			break;
		case 'm':
			if (args_mode(optarg, mode) == -1)
				usage_error("mode must be octal, 0 to 777: %s",
				    optarg);
			break;
		case 't':
			srv->timeout_ms = 1000 * cmd_number_arg(optarg, 1,
			    86400, "timeout");
			break;
		case 'u':
		case 'g':
			cmd_expect_arg(ch, optarg, &srv->must);
			break;
		default:
			cmd_common_flag(ch, &srv->opts, "serve");
		}
	}
	cmd_operands(argc, argv, 1, 1, "serve", "path");
	/* A few /proc files a client: read where asked. */
	if (srv->opts.verbose)
		now_ask();
	srv->must.numeric = srv->opts.numeric;
	if (srv->type == SOCK_DGRAM && EXPECT_ANY(&srv->must))
		usage_error("-T dgram: -u and -g need connect-time "
		    "credentials, which datagrams have not");
	path = cmd_path_arg(argv[optind]);
	if (unixaddr_abstract(path) && *mode >= 0)
		usage_error("-m: %s is an abstract name, which has no file "
		    "permissions", path);
	return path;
}

int
cmd_serve(int argc, char *argv[])
{
	struct server srv;
	const char *path;
	int mode;

	path = serve_args(&srv, &mode, argc, argv);
	raise_open_files(&srv);
	clients_init(&srv.cs);
	if (evloop_open(&srv.ev) == -1)
		err(1, "%s", evloop_name());
	if (outq_init(&srv.out, STDOUT_FILENO, STDOUT_QUEUE) == -1)
		err(1, "stdout");
	if (catch_signals(&srv) == -1)
		err(1, "signals");
	dirs_safe(path);
	if (listener_open(&srv.l, path, srv.type, mode, SERVE_BACKLOG) == -1)
		open_failed(path);
	if (watch_server(&srv) == -1)
		err(1, "%s", evloop_name());
	srv.inherited = srv.type == SOCK_DGRAM ?
	    exchange_enable_once(srv.l.fd, exchange_mode_for(srv.type)) :
	    exchange_inherit(srv.l.fd, exchange_mode_for(srv.type));
	say_inherited(&srv);
	/* Refused where the kernel can (every accepted socket inherits it),
	 * disposed of at once where it cannot. */
	(void)sockopt_refuse_rights(srv.l.fd);
	say_listening(&srv);
	if (serve_loop(&srv) == -1) {
		warn("%s", evloop_name());
		srv.failed = 1;
	}
	server_close(&srv);
	return srv.failed ? 1 : 0;
}
