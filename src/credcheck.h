/* SPDX-License-Identifier: ISC */
/*
 * credcheck: show the credentials the kernel vouches for at the other end
 * of an AF_UNIX socket.  This is the one internal header: the credential
 * record, the mechanism table, the wire protocol and the output.
 */

#ifndef CREDCHECK_H
#define CREDCHECK_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Stand-ins for what some C libraries lack (compat.c, asked by mk/config). */
#ifdef COMPAT_STRTONUM
#define strtonum	compat_strtonum
long long compat_strtonum(const char *, long long, long long, const char **);
#endif
#ifdef COMPAT_REALLOCARRAY
#define reallocarray	compat_reallocarray
void	*compat_reallocarray(void *, size_t, size_t);
#endif
#ifdef COMPAT_GETPROGNAME
#define getprogname	compat_getprogname
const char *compat_getprogname(void);
#endif
#ifdef COMPAT_ARC4RANDOM
#include <stdint.h>
#define arc4random_uniform	compat_arc4random_uniform
uint32_t compat_arc4random_uniform(uint32_t);
#endif

#define CREDCHECK_VERSION	"0.1"

/* The go-on exchange of SPEC section 5. */
#define PROTO_GREETING		"go on\n"
#define PROTO_LINE_MAX		1024	/* client bytes kept; the rest is dropped */
#define PROTO_DEFAULT_TIMEOUT	10	/* seconds */

/*
 * The fields a peer may be described by.  A field is either known, with the
 * mechanism that produced it, or it is not: there are no sentinel values.
 */
enum pc_field {
	PC_PID,
	PC_UID,
	PC_EUID,
	PC_GID,
	PC_EGID,
	PC_GROUPS,
	PC_NFIELDS
};
#define PC_BIT(f)	(1u << (f))
#define PC_ALL		((1u << PC_NFIELDS) - 1)

/* When the kernel took its copy of the credentials. */
enum capture {
	CAPTURE_CONNECT,	/* connect(2), listen(2) or socketpair(2) */
	CAPTURE_SEND,		/* the peer's send of the message */
	CAPTURE_QUERY		/* when asked (macOS LOCAL_PEERPID) */
};

struct mech;

struct peercred {
	unsigned		 known;		/* PC_BIT() of each field set */
	pid_t			 pid;
	uid_t			 uid, euid;
	gid_t			 gid, egid;
	gid_t			*groups;	/* malloc(3)ed, ngroups long */
	int			 ngroups;
	int			 groups_capped;	/* the mechanism may have cut it */
	const struct mech	*src[PC_NFIELDS];
};

void	 peercred_init(struct peercred *);
void	 peercred_free(struct peercred *);
void	 peercred_set_source(struct peercred *, const struct mech *);
int	 peercred_set_groups(struct peercred *, const void *, int);
int	 peercred_merge(struct peercred *, const struct peercred *);
unsigned peercred_differ(const struct peercred *, const struct peercred *);
int	 peercred_self(struct peercred *, pid_t);
const char *peercred_field_name(int);
unsigned long peercred_id(const struct peercred *, int);

/*
 * A credential mechanism.  Each mech_*.c defines one of these whatever the
 * system; where the system lacks the mechanism its functions are NULL and
 * it is reported as unsupported.
 *
 * enable:	receiver opt-in, needed before the peer writes (may be NULL).
 * query:	connect-time snapshot read from a connected socket.
 * parse:	send-time control message of cmsg_level/cmsg_type; the payload
 *		is given with its length so that it is never cast in place.
 * attach:	sender side: fill a control message the kernel completes
 *		(FreeBSD's cmsgcred); send_space is its CMSG_SPACE.
 * listed:	shown on every system, supported or not (getpeereid, which
 *		depends on the C library rather than the kernel).
 * replaced_by_receiver: the kernel drops what the sender attached when
 *		the receiver enabled an option of its own.
 * no_socketpair: the errno with which it refuses socket pairs, if any.
 */
struct mech {
	const char	*name;
	enum capture	 capture;
	unsigned	 fields;	/* PC_BIT()s it can provide */
	int		(*enable)(int);
	int		(*query)(int, struct peercred *);
	int		 cmsg_level, cmsg_type;
	size_t		 cmsg_space;
	int		(*parse)(const void *, size_t, struct peercred *);
	size_t		 send_space;
	void		(*attach)(struct cmsghdr *);
	int		 listed;
	int		 replaced_by_receiver;
	int		 no_socketpair;
};

#define MECH_MAX	8	/* room in struct exchange */
extern const struct mech *mech_table[];	/* this system's, by mech_init */
extern size_t mech_count;
extern unsigned mech_connect_fields;

/*
 * The level of the BSD and macOS LOCAL_* options: 0, which older systems
 * have no name for, and which FreeBSD and NetBSD insist on.
 */
#ifdef SOL_LOCAL
#define LOCAL_LEVEL	SOL_LOCAL
#else
#define LOCAL_LEVEL	0
#endif

int	 mech_init(void);
int	 mech_option_on(int, int, int);
int	 mech_supported(const struct mech *);
size_t	 mech_cmsg_space(void);
size_t	 mech_send_space(void);
void	 mech_attach_all(void *, size_t);

/* What one mechanism gave for one exchange. */
enum mech_status {
	MS_UNSUPPORTED,		/* not on this system or this kernel */
	MS_NONE,		/* supported, but not run or nothing arrived */
	MS_GOT,			/* delivered credentials */
	MS_MISSING,		/* the kernel marked them missing */
	MS_ERROR,		/* the call failed: see err */
	MS_SKIPPED		/* not needed: others gave its fields */
};

enum exchange_mode {
	EXCHANGE_ALL,		/* every mechanism, to check each one */
	EXCHANGE_NEEDED		/* only what adds a field */
};

struct mech_result {
	enum mech_status	 status;
	int			 err;		/* errno of a failed call */
	struct peercred		 cred;
};

/* Room for every control message of one receive, and some descriptors. */
#define EXCHANGE_CTL_ROOM	512

/* The receiver's state for one exchange. */
struct exchange {
	enum exchange_mode	 mode;
	struct mech_result	 res[MECH_MAX];	/* indexed as mech_table */
	char			*line;		/* PROTO_LINE_MAX + 1, at need */
	size_t			 len;		/* bytes kept in line */
	size_t			 dropped;	/* bytes past PROTO_LINE_MAX */
	int			 complete;	/* the newline has arrived */
	int			 ctrunc;	/* MSG_CTRUNC seen */
	int			 fds_closed;	/* SCM_RIGHTS descriptors shut */
};

void	 exchange_init(struct exchange *, enum exchange_mode);
void	 exchange_free(struct exchange *);
void	 exchange_enable(struct exchange *, int);
void	 exchange_query(struct exchange *, int);
int	 exchange_recv(struct exchange *, int);
void	 exchange_control(struct exchange *, struct msghdr *);
int	 exchange_credentials(const struct exchange *, struct peercred *);

long long proto_now_ms(void);
int	 proto_wait(int, short, long long);
int	 proto_write_all(int, const void *, size_t, long long);
int	 proto_send_line(int, const char *, size_t, long long);
ssize_t	 proto_read_line(int, char **, size_t, long long);
int	 proto_send_fd(int, int);
int	 proto_recv_fd(int, long long);

/* The server's named socket (listener.c). */
struct listener {
	int		 fd;
	char		 path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	dev_t		 dev;
	ino_t		 ino;
};

int	 listener_open(struct listener *, const char *, int, int);
void	 listener_close(struct listener *);
int	 listener_accept(struct listener *);

/* Linux's overflow ids, the placeholder for an id it cannot give. */
uid_t	 overflow_uid(void);
gid_t	 overflow_gid(void);

/* Linux pidfds (pidfd.c). */
int	 pidfd_take(int, struct peercred *);
int	 pidfd_fdinfo_pid(int, pid_t *);	/* before Linux 6.13 */

/* Option values (args.c). */
int	 args_mode(const char *, int *);

/* The server's report, as the client reads it (json.c). */
int	 json_parse_record(const char *, size_t, struct peercred *);

/* Names for ids, looked up once each. */
const char *names_user(uid_t);
const char *names_group(gid_t);
void	 names_clear(void);

/* A growable byte buffer (buf.c); failed is set if it could not grow. */
struct buf {
	char	*p;
	size_t	 len, cap;
	int	 failed;
};

void	 buf_grow_add(struct buf *, const void *, size_t);
void	 buf_str(struct buf *, const char *);
void	 buf_char(struct buf *, char);
void	 buf_ulong(struct buf *, unsigned long);
void	 buf_free(struct buf *);

/* The common case inline: there is room already. */
static inline void
buf_add(struct buf *b, const void *data, size_t n)
{
	if (n != 0 && n <= b->cap - b->len) {
		memcpy(b->p + b->len, data, n);
		b->len += n;
	} else
		buf_grow_add(b, data, n);
}

/* A string literal, its length known at compile time. */
#define buf_lit(b, s)	buf_add((b), (s), sizeof(s) - 1)

/* Output, built in a buffer. */
struct outopts {
	int	json;
	int	numeric;
	int	verbose;
};

const char *capture_name(enum capture);
void	 out_human(struct buf *, const struct peercred *,
	    const struct outopts *);
void	 out_json(struct buf *, const struct peercred *,
	    const struct outopts *);
void	 out_json_string(struct buf *, const char *, size_t);
void	 out_text(struct buf *, const char *, size_t);
int	 out_write(FILE *, const struct buf *);

/* serve's clients (clients.c); the protocol is in cmd_serve.c. */
enum client_state {
	CL_GREETING,		/* writing "go on" */
	CL_LINE,		/* reading the client's line */
	CL_REPLY		/* writing the record back */
};

struct client {
	int			 fd;
	unsigned long		 id;
	enum client_state	 state;
	long long		 deadline;
	struct exchange		 ex;
	const char		*out;		/* what is left to write */
	size_t			 outlen;
	struct buf		 reply;		/* what the socket did not take */
	size_t			 slot;		/* in clients and pfds */
	struct client		*older, *newer;	/* by deadline */
};

struct clientset {
	struct client		**clients;
	struct pollfd		*pfds;		/* fixed entries, then slots */
	size_t			 n, cap, fixed;
	struct client		*oldest, *newest;
};

void	 clients_init(struct clientset *, size_t);
int	 clients_reserve(struct clientset *);
int	 clients_add(struct clientset *, struct client *, short);
void	 clients_remove(struct clientset *, struct client *);
void	 clients_events(struct clientset *, const struct client *, short);
void	 clients_free(struct clientset *);

/* Commands: the only code that prints or exits. */
int	 cmd_selftest(int, char **);
int	 cmd_serve(int, char **);
int	 cmd_connect(int, char **);
void	 common_flag(int, struct outopts *, const char *);
long long number_arg(const char *, long long, long long, const char *);
void	 usage_print(FILE *);
void	 usage_error(const char *, ...)
#if defined(__GNUC__) || defined(__clang__)
	    __attribute__((__noreturn__, __format__(__printf__, 1, 2)))
#endif
	    ;

#endif /* CREDCHECK_H */
