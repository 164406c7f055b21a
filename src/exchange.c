/* SPDX-License-Identifier: ISC */
/*
 * The receiving side of one exchange: enable every send-time mechanism
 * before the peer may write, receive the peer's line with each control
 * message parsed, and read the connect-time snapshots.  One call does one
 * recvmsg(2), so the same code serves blocking and non-blocking sockets.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <sys/ioctl.h>
#ifdef __sun
#include <sys/filio.h>
#endif

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exchange.h"
#include "mech.h"
#include "mechs.h"
#include "ns.h"
#include "now.h"
#include "peercred.h"
#include "proto.h"
#include "sockopt.h"

#define DISCARD_ROOM	512
#define OVERFLOW_ROOM	((size_t)64 * 1024)

/* A control buffer aligned for struct cmsghdr, shared: parsing is at once. */
static union {
	struct cmsghdr	hdr;
	unsigned char	buf[MECH_CTL_ROOM];
} ctl;

/* Errors that mean "this kernel does not have it", not "it failed". */
static int
errno_unsupported(int e)
{
	return e == ENOPROTOOPT || e == EOPNOTSUPP || e == ENOSYS;
}

static void
result_error(struct mech_result *r, int e)
{
	r->status = errno_unsupported(e) ? MS_UNSUPPORTED : MS_ERROR;
	r->err = e;
}

/*
 * An exchange on a socket of the type (SOCK_STREAM, SOCK_SEQPACKET,
 * SOCK_DGRAM), whose options in inherited (mech_table bits) are on
 * already, set on the listener it came from.
 *
 * EXCHANGE_ALL runs every mechanism, to check each one (selftest).
 * EXCHANGE_NEEDED asks each only for fields still unknown, in the table's
 * order of preference, and enables a per-message mechanism only if it gives
 * a field no connect-time mechanism does: what a server needs per client.
 */
void
exchange_init(struct exchange *ex, enum exchange_mode mode, int type,
    unsigned inherited)
{
	size_t i;

	memset(ex, 0, sizeof(*ex));
	ex->mode = mode;
	ex->messages = type != SOCK_STREAM;
	ex->inherited = inherited;
	for (i = 0; i < mech_count; i++)
		ex->res[i].status = mech_supported(mech_table[i]) ?
		    MS_NONE : MS_UNSUPPORTED;
}

/*
 * What a socket of the type needs: all the per-message mechanisms for
 * datagrams, which have no connection to ask; for the others, only those
 * that add a field to what the connect-time ones give.
 */
enum exchange_mode
exchange_mode_for(int type)
{
	return type == SOCK_DGRAM ? EXCHANGE_ALL : EXCHANGE_NEEDED;
}

void
exchange_free(struct exchange *ex)
{
	size_t i;

	for (i = 0; i < mech_count; i++)
		peercred_free(&ex->res[i].cred);
	free(ex->line);
	ex->line = NULL;
}

/*
 * How much the peer had written when the options were enabled: only that
 * much can carry a placeholder (Linux) or nothing (the BSDs).  Unknown,
 * all of it might.
 */
static size_t
queued_now(int fd)
{
	int n;

	if (ioctl(fd, FIONREAD, &n) == -1 || n < 0)
		return SIZE_MAX;
	return (size_t)n;
}

/* Whether a mechanism's opt-in adds a field the mode needs. */
static int
worth_enabling(const struct mech *m, enum exchange_mode mode)
{
	unsigned covered = mode == EXCHANGE_ALL ? 0 : mech_connect_fields;

	return m->enable != NULL && (m->fields & ~covered) != 0;
}

/*
 * Opt in to the send-time mechanisms; a failure is recorded, not fatal.
 * What a sender attaches unasked is then marked skipped if the kernel
 * will replace it with what the receiver asked for.
 */
void
exchange_enable(struct exchange *ex, int fd)
{
	size_t i;
	int asked = 0, own = 0;

	for (i = 0; i < mech_count; i++) {
		if (mech_table[i]->enable == NULL ||
		    ex->res[i].status == MS_UNSUPPORTED)
			continue;
		if (!worth_enabling(mech_table[i], ex->mode)) {
			ex->res[i].status = MS_SKIPPED;
			continue;
		}
		if (ex->inherited & (1u << i)) {
			asked = 1;
			continue;
		}
		own = 1;
		if (mech_table[i]->enable(fd) == -1)
			result_error(&ex->res[i], errno);
		else
			asked = 1;
	}
	for (i = 0; i < mech_count; i++)
		if (asked && mech_table[i]->replaced_by_receiver &&
		    ex->res[i].status == MS_NONE)
			ex->res[i].status = MS_SKIPPED;
	/* Inherited options were on before the client could write. */
	ex->queued = own ? queued_now(fd) : 0;
}

/* Before connect(2): nothing can be queued yet, so nothing that comes can
 * be a placeholder, whatever FIONREAD says of an unconnected socket. */
void
exchange_enable_unconnected(struct exchange *ex, int fd)
{
	exchange_enable(ex, fd);
	ex->queued = 0;
}

/*
 * Opt in on a listening socket, for the mechanisms whose option every
 * accepted socket inherits (Linux SO_PASSCRED): then even what a client
 * writes before its socket is accepted carries its credentials, and no
 * accepted socket needs the option again.  The mechanisms taken, as bits
 * of mech_table for exchange.inherited; a refusal only costs each client
 * its own opt-in.
 */
unsigned
exchange_inherit(int fd, enum exchange_mode mode)
{
	unsigned taken = 0;
	size_t i;

	for (i = 0; i < mech_count; i++)
		if (mech_table[i]->inherited &&
		    worth_enabling(mech_table[i], mode) &&
		    mech_table[i]->enable(fd) == 0)
			taken |= 1u << i;
	return taken;
}

/*
 * A socket of datagrams is its own receiver: every option set on it once
 * holds for every datagram after, as an inherited one does for accepted
 * sockets.  Setting them again for each datagram would count the ones
 * already queued as written before the option, which they were not.
 * The mechanisms taken, as bits of mech_table.
 */
unsigned
exchange_enable_once(int fd, enum exchange_mode mode)
{
	unsigned taken = 0;
	size_t i;

	for (i = 0; i < mech_count; i++)
		if (mech_table[i]->enable != NULL &&
		    worth_enabling(mech_table[i], mode) &&
		    mech_table[i]->enable(fd) == 0)
			taken |= 1u << i;
	return taken;
}

/*
 * The fields a connect- or query-time mechanism has given: those that a
 * record shows from them, whatever came with the line (exchange_peer
 * merges them first), so that a mechanism listed first is shown first.
 */
static unsigned
known_at_connect(const struct exchange *ex)
{
	unsigned known = 0;
	size_t i;

	for (i = 0; i < mech_count; i++)
		if (ex->res[i].status == MS_GOT &&
		    mech_table[i]->capture != CAPTURE_SEND)
			known |= PC_HAS(&ex->res[i].cred);
	return known;
}

/* What the connect-time mechanisms before mechanism i gave of its seeds. */
static void
seed(const struct exchange *ex, size_t i, struct peercred *pc)
{
	const struct peercred *got;
	size_t k;
	int f;

	for (k = 0; k < i; k++) {
		got = &ex->res[k].cred;
		if (ex->res[k].status != MS_GOT ||
		    mech_table[k]->capture != CAPTURE_CONNECT)
			continue;
		for (f = 0; f < PC_NIDS; f++)
			if ((mech_table[i]->seeded & got->known & ~pc->known &
			    PC_BIT(f)) != 0)
				peercred_set(pc, (enum pc_field)f, got->id[f]);
	}
}

/*
 * Connect-time results that name this very process: a kernel may answer a
 * client's query with the client's own ids (NetBSD's uipc_usrreq.c 1.180
 * of 2016, run in a rump kernel: connect(2) copies onto the client's
 * socket the ids it has just stored for the accepted one).  They are not
 * the peer's, and every connect-time mechanism reads the one record the
 * kernel keeps, so all their results go.  Returns the name of the
 * mechanism that showed it, or NULL when none did.
 */
const char *
exchange_drop_self(struct exchange *ex, pid_t self)
{
	const char *named = NULL;
	struct mech_result *r;
	size_t i;

	for (i = 0; i < mech_count && named == NULL; i++) {
		r = &ex->res[i];
		if (r->status == MS_GOT &&
		    mech_table[i]->capture == CAPTURE_CONNECT &&
		    (r->cred.known & PC_BIT(PC_PID)) &&
		    r->cred.id[PC_PID] == (uint32_t)self)
			named = mech_table[i]->name;
	}
	for (i = 0; named != NULL && i < mech_count; i++) {
		r = &ex->res[i];
		if (r->status == MS_GOT &&
		    mech_table[i]->capture == CAPTURE_CONNECT) {
			peercred_free(&r->cred);
			r->status = MS_NONE;
		}
	}
	return named;
}

/* Take every connect-time snapshot. */
void
exchange_query(struct exchange *ex, int fd)
{
	struct mech_result *r;
	size_t i;

	for (i = 0; i < mech_count; i++) {
		r = &ex->res[i];
		if (mech_table[i]->query == NULL || r->status == MS_UNSUPPORTED)
			continue;
		if (ex->mode == EXCHANGE_NEEDED &&
		    (mech_table[i]->fields & ~known_at_connect(ex)) == 0) {
			r->status = MS_SKIPPED;
			continue;
		}
		peercred_free(&r->cred);
		if (ex->mode == EXCHANGE_NEEDED)
			seed(ex, i, &r->cred);
		if (mech_table[i]->query(fd, &r->cred) == -1) {
			result_error(r, errno);
			peercred_free(&r->cred);
			continue;
		}
		ns_classify(ns_self(), &r->cred);
		r->status = PC_HAS(&r->cred) != 0 ? MS_GOT : MS_MISSING;
		peercred_set_source(&r->cred, mech_table[i]->name,
		    mech_table[i]->capture, mech_table[i]->sender_chooses);
	}
}

static void
close_passed_fds(struct exchange *ex, const struct cmsghdr *cm, size_t len)
{
	size_t n = (len - CMSG_LEN(0)) / sizeof(int), k;
	int fd;

	for (k = 0; k < n; k++) {
		memcpy(&fd, CMSG_DATA(cm) + k * sizeof(int), sizeof(fd));
		sockopt_close_now(fd);
		if (close(fd) == 0)
			ex->fds_closed++;
	}
}

static int
enabled(const struct exchange *ex, size_t i)
{
	enum mech_status st = ex->res[i].status;

	return st != MS_UNSUPPORTED && st != MS_ERROR && st != MS_SKIPPED;
}

/*
 * The mechanism a control message belongs to: the first that parses its
 * level and type and is still listening, else the first that parses it
 * at all, so that what it carries (SCM_PIDFD's descriptor) is disposed
 * of.  FreeBSD sends two structures as SCM_CREDS, the receiver's sockcred
 * if it enabled LOCAL_CREDS, else the sender's cmsgcred; exchange_enable()
 * has marked the cmsgcred skipped in the first case, and a refused
 * LOCAL_CREDS is an error, so the one left is the right one.
 */
static int
cmsg_owner(const struct exchange *ex, int level, int type)
{
	const struct mech *m;
	size_t i;
	int any = -1;

	for (i = 0; i < mech_count; i++) {
		m = mech_table[i];
		if (m->parse == NULL || m->cmsg_level != level ||
		    m->cmsg_type != type)
			continue;
		if (enabled(ex, i))
			return (int)i;
		if (any == -1)
			any = (int)i;
	}
	return any;
}

/*
 * The first message of each listening mechanism counts; later ones, and
 * those of a mechanism not listening (an option inherited from the
 * listener that this exchange did not need), are still parsed, and so
 * have their descriptors closed, but dropped.
 */
static void
take_cmsg(struct exchange *ex, const struct cmsghdr *cm, size_t len)
{
	struct mech_result *r;
	struct peercred pc;
	int i;

	if ((i = cmsg_owner(ex, cm->cmsg_level, cm->cmsg_type)) == -1)
		return;
	r = &ex->res[i];
	peercred_init(&pc);
	if (mech_table[i]->parse(CMSG_DATA(cm), len - CMSG_LEN(0), &pc) == -1) {
		if (r->status == MS_NONE)
			result_error(r, errno);
		peercred_free(&pc);
		return;
	}
	if (r->status != MS_NONE) {
		peercred_free(&pc);
		return;
	}
	/* What looks like a placeholder is one if it was written early. */
	if (pc.maybe_placeholder && ex->early) {
		peercred_free(&pc);
		peercred_init(&pc);
	}
	ns_classify(ns_self(), &pc);
	r->status = PC_HAS(&pc) != 0 ? MS_GOT : MS_MISSING;
	peercred_set_source(&pc, mech_table[i]->name, mech_table[i]->capture,
	    mech_table[i]->sender_chooses);
	r->cred = pc;
}

/*
 * musl's CMSG_NXTHDR compares a size_t with a pointer difference, which
 * -Wsign-compare flags in our code; the warning is the macro's, so it is
 * silenced here alone.
 */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
#endif
static struct cmsghdr *
next_cmsg(struct msghdr *msg, struct cmsghdr *cm)
{
	return CMSG_NXTHDR(msg, cm);
}
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic pop
#endif

/*
 * Walk every control message of a received msghdr, whose control buffer
 * is at least cmsghdr-aligned.  cmsg_len is bounded by what was received
 * (Solaris leaves it unshrunk on truncation) before anything is read.
 */
void
exchange_control(struct exchange *ex, struct msghdr *msg)
{
	struct cmsghdr *cm;
	const unsigned char *end = (const unsigned char *)msg->msg_control +
	    msg->msg_controllen;
	size_t len;

	if (msg->msg_flags & MSG_CTRUNC)
		ex->ctrunc = 1;
	for (cm = CMSG_FIRSTHDR(msg); cm != NULL; cm = next_cmsg(msg, cm)) {
		len = cm->cmsg_len;
		if (len < CMSG_LEN(0) ||
		    len > (size_t)(end - (const unsigned char *)cm))
			break;
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
			close_passed_fds(ex, cm, len);
		else
			take_cmsg(ex, cm, len);
	}
}

/*
 * Keep what fits of the line, count the rest; stop at the newline.  What
 * follows the newline is not part of the line and is never counted, so
 * the count depends only on the bytes sent, not on how reads split them.
 */
static void
take_data(struct exchange *ex, const char *p, size_t n, int kept)
{
	const char *nl = memchr(p, '\n', n);
	size_t used = nl != NULL ? (size_t)(nl - p) : n;

	if (kept)
		ex->len += used;
	else
		ex->dropped += used;
	if (nl != NULL)
		ex->complete = 1;
}

/*
 * A seqpacket socket's first message is the line, up to its newline: the
 * kernel drops what does not fit the buffer, so the bytes past the first
 * PROTO_LINE_MAX are counted from the message's length where recvmsg(2)
 * can be asked for it (Linux: MSG_TRUNC), and are uncounted elsewhere.
 */
#ifdef __linux__
#define RECV_WHOLE_LENGTH	MSG_TRUNC
#else
#define RECV_WHOLE_LENGTH	0
#endif

static char overflow[OVERFLOW_ROOM];	/* a message's bytes past the line's */

static void
take_message(struct exchange *ex, const char *p, size_t n, size_t room)
{
	size_t over, seen;
	const char *nl;

	if (n <= room)
		take_data(ex, p, n, 1);
	else {
		take_data(ex, p, room, 1);
		/*
		 * No newline in what was kept: the line goes on into what
		 * the overflow room took, up to its newline; a newline past
		 * that room is not seen, and the rest is counted whole.
		 */
		over = n - room;
		seen = over < sizeof(overflow) ? over : sizeof(overflow);
		if (!ex->complete)
			ex->dropped += (nl = memchr(overflow, '\n', seen)) !=
			    NULL ? (size_t)(nl - overflow) : over;
	}
	ex->complete = 1;
}

/*
 * One recvmsg(2), with the sender's address in *from where from is not
 * NULL (a socket of datagrams, whose empty datagram is a message too).
 */
static int
receive(struct exchange *ex, int fd, struct sockaddr_un *from,
    socklen_t *fromlen)
{
	char discard[DISCARD_ROOM];
	struct msghdr msg;
	struct iovec iov[2];
	ssize_t n;
	int kept;

	if (ex->line == NULL &&
	    (ex->line = malloc(PROTO_LINE_MAX + 1)) == NULL)
		return -1;
	kept = ex->len < PROTO_LINE_MAX;
	iov[0].iov_base = kept ? ex->line + ex->len : discard;
	iov[0].iov_len = kept ? PROTO_LINE_MAX - ex->len : sizeof(discard);
	iov[1].iov_base = overflow;
	iov[1].iov_len = sizeof(overflow);
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = iov;
	/* A message's overflow shows where its line ends. */
	msg.msg_iovlen = ex->messages ? 2 : 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	if (from != NULL) {
		msg.msg_name = from;
		msg.msg_namelen = *fromlen;
	}
	ex->early = ex->received < ex->queued;
	if ((n = recvmsg(fd, &msg, ex->messages ? RECV_WHOLE_LENGTH : 0)) ==
	    -1)
		return errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR ? 0 : -1;
	ex->received += (size_t)n;
	exchange_control(ex, &msg);
	if (from != NULL)
		*fromlen = msg.msg_namelen;
	/* An empty message is one, where something came with it: the
	 * end of a seqpacket connection reads the same, and brings none. */
	if (n == 0 && (from != NULL || (ex->messages && msg.msg_controllen > 0)))
		ex->complete = 1;
	else if (n == 0) {
		if (ex->len == 0 && ex->dropped == 0) {
			errno = ECONNRESET;
			return -1;
		}
		ex->complete = 1;
	} else if (ex->messages)
		take_message(ex, iov[0].iov_base, (size_t)n, iov[0].iov_len);
	else
		take_data(ex, iov[0].iov_base, (size_t)n, kept);
	if (ex->complete)
		ex->line[ex->len] = '\0';
	return ex->complete;
}

/*
 * One whole datagram of at most size bytes into buf (a report), with its
 * control messages taken into ex: the sender's credentials.  Returns its
 * length; -1 with EAGAIN when none waits, EMSGSIZE when it was longer, or
 * recvmsg(2)'s error.
 */
ssize_t
exchange_recv_whole(struct exchange *ex, int fd, char *buf, size_t size)
{
	struct msghdr msg;
	struct iovec iov;
	ssize_t n;

	iov.iov_base = buf;
	iov.iov_len = size;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.buf;
	msg.msg_controllen = sizeof(ctl.buf);
	if ((n = recvmsg(fd, &msg, 0)) == -1)
		return -1;
	ex->received += (size_t)n;
	exchange_control(ex, &msg);
	if (msg.msg_flags & MSG_TRUNC) {
		errno = EMSGSIZE;
		return -1;
	}
	return n;
}

/*
 * One recvmsg(2).  Returns 1 once the line is complete, 0 when more is to
 * come (or the socket would block), -1 with errno on error; a peer that
 * hangs up before sending anything gives ECONNRESET.  A peer that hangs up
 * after part of a line has sent its line.
 */
int
exchange_recv(struct exchange *ex, int fd)
{
	return receive(ex, fd, NULL, NULL);
}

/*
 * One datagram, whole, and who sent it (*fromlen: its size, then the
 * address's): returns 1, with ex->received 0 for an empty datagram, 0 if
 * none waits, -1 on error.
 */
int
exchange_recv_from(struct exchange *ex, int fd, struct sockaddr_un *from,
    socklen_t *fromlen)
{
	return receive(ex, fd, from, fromlen);
}

/* Whether what came of the first line is still "go on", or all of it. */
static int
greeting_so_far(const struct exchange *ex, int complete)
{
	size_t want = strlen(PROTO_GREETING) - 1;	/* its newline apart */

	if (ex->len > want || memcmp(ex->line, PROTO_GREETING, ex->len) != 0)
		return 0;
	return !complete || ex->len == want;
}

/*
 * A server's first line, read as the client's line is by serve, so that
 * what the server writes brings its send-time credentials (connect turns
 * the options on before connect(2): nothing can come before them).
 * Returns 0 when it is "go on".  Else -1 with errno: EPROTO as soon as a
 * byte differs from it, with what came in ex->line (read on to its end
 * when it opens with '{', as serve's refusal does, and ex->complete
 * says whether it all came), ETIMEDOUT, ECONNRESET, or recvmsg(2)'s.
 */
int
exchange_greeting(struct exchange *ex, int fd, long long deadline)
{
	int n, other = 0;

	for (;;) {
		if (proto_wait(fd, POLLIN, deadline) == -1 ||
		    (n = exchange_recv(ex, fd)) == -1)
			break;
		if (!other && !greeting_so_far(ex, n))
			other = 1;
		if (other && (n == 1 || ex->line[0] != '{'))
			break;
		if (n == 1)
			return 0;
	}
	if (other)
		errno = EPROTO;
	return -1;
}

/*
 * What the mechanisms of one side gave, merged in table order: those read
 * from the socket (connect or query time), or those that came with the
 * message (send time).
 */
static int
collect(const struct exchange *ex, int sent, struct peercred *pc)
{
	size_t i;

	peercred_init(pc);
	for (i = 0; i < mech_count; i++) {
		if (ex->res[i].status != MS_GOT ||
		    (mech_table[i]->capture == CAPTURE_SEND) != sent)
			continue;
		if (peercred_merge(pc, &ex->res[i].cred) == -1) {
			peercred_free(pc);
			return -1;
		}
	}
	return 0;
}

/*
 * Everything the exchange learnt of the peer.  Connect-time credentials
 * describe the process that connected, send-time ones the process that
 * sent: one identity, merged field by field (connect-time first), unless
 * their pids say they are two processes, which are then kept apart.
 */
/*
 * Where the peer as it is now was asked for and no pidfd let it be read
 * (no system but Linux 6.5 and later gives one), each of its fields says
 * so, rather than the record staying silent.
 */
static int
now_unread(struct peercred *pc)
{
	if (!now_asked() || pc->now != NULL || PC_HAS(pc) == 0)
		return 0;
	return (pc->now = now_new(ENOTSUP)) == NULL ? -1 : 0;
}

static int
exchange_peer_now(struct peer *p)
{
	if (now_unread(&p->id) == -1 || now_unread(&p->sender) == -1) {
		peer_free(p);
		return -1;
	}
	return 0;
}

int
exchange_peer(const struct exchange *ex, struct peer *p)
{
	peer_init(p);
	if (collect(ex, 0, &p->id) == -1)
		return -1;
	if (collect(ex, 1, &p->sender) == -1) {
		peer_free(p);
		return -1;
	}
	if (!peercred_same_process(&p->id, &p->sender)) {
		p->two = 1;
		return exchange_peer_now(p);
	}
	if (peercred_merge(&p->id, &p->sender) == -1) {
		peer_free(p);
		return -1;
	}
	peercred_free(&p->sender);
	return exchange_peer_now(p);
}
