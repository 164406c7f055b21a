/* SPDX-License-Identifier: ISC */
/*
 * struct peercred: what is known of the process at the other end of a
 * socket, field by field, each field with where it came from.  The field
 * table says, once, what each field is called and what kind of value it
 * holds; everything that walks the fields (output, JSON, merging,
 * comparing, selftest) walks the table.
 */

#ifndef PEERCRED_H
#define PEERCRED_H

#include <sys/types.h>

#include <stdint.h>

struct holders;
struct pnow;

enum pc_field {
	PC_PID,
	PC_UID,
	PC_EUID,
	PC_GID,
	PC_EGID,
	PC_GROUPS,
	PC_ALIVE,		/* running or exited, when the record is made */
	PC_COMMAND,		/* its command name, read while it runs */
	PC_LABEL,		/* its security label (SO_PEERSEC) */
	PC_NFIELDS
};
#define PC_NIDS		PC_GROUPS	/* the fields before it are numbers */
#define PC_BIT(f)	(1u << (f))
#define PC_CREDS	((1u << (PC_GROUPS + 1)) - 1)	/* pid to groups */

enum field_kind {
	FK_PID,			/* a process id */
	FK_USER,		/* a user id: names come from passwd */
	FK_GROUP,		/* a group id: names come from group */
	FK_GROUPS,		/* the list of supplementary groups */
	FK_ALIVE,		/* whether the process still runs */
	FK_COMMAND,		/* text the process itself can set */
	FK_LABEL		/* text a security module gives */
};

struct field {
	const char	*key;		/* JSON key, and the word in messages */
	const char	*label;		/* the human form's label */
	enum field_kind	 kind;
	unsigned long	 max;		/* the most a record may hold */
};

extern const struct field field_table[PC_NFIELDS];

/* When the kernel took its copy of the credentials. */
enum capture {
	CAPTURE_CONNECT,	/* connect(2), listen(2) or socketpair(2) */
	CAPTURE_SEND,		/* the peer's send of the message */
	CAPTURE_QUERY		/* when asked (macOS LOCAL_PEERPID) */
};

#define SOURCE_NAME_MAX	32	/* a mechanism's name, with its NUL */
#define PC_COMMAND_MAX	16	/* Linux's TASK_COMM_LEN, with its NUL */
#define PC_LABEL_MAX	4096	/* the longest label kept, with its NUL */

/*
 * A field is known or it is not: there are no sentinel values.  A field
 * the kernel had but could not express in the receiver's namespaces (a
 * pid of another pid namespace, an id not mapped in its user namespace)
 * is unmapped, not known: its number would be the kernel's stand-in.
 */
struct peercred {
	unsigned	 known;			/* PC_BIT() of each field set */
	unsigned	 unmapped;		/* not expressible here */
	unsigned	 ambiguous;		/* overflow id, mapped here */
	uint32_t	 id[PC_NIDS];		/* pid, uid, euid, gid, egid */
	gid_t		*groups;		/* malloc(3)ed, ngroups long */
	int		 ngroups;
	int		 groups_unmapped;	/* left out of groups */
	unsigned char	 groups_capped;		/* the mechanism may cut it */
	unsigned char	 maybe_placeholder;	/* see exchange.c */
	unsigned char	 alive;			/* 1 running, 0 exited */
	char		 command[PC_COMMAND_MAX];
	char		*label;			/* malloc(3)ed */
	/*
	 * Where each field came from: a mechanism's name, its capture time,
	 * and whether the sender chose the value (Linux SCM_CREDENTIALS: any
	 * of its own real, effective or saved ids; any id or pid with
	 * privilege).  The name is a mechanism's own, or one read from a
	 * report and kept by source_name(): a pointer, and the rest bytes
	 * and bits, so that a server's many records stay small.
	 */
	const char	*src[PC_NFIELDS];	/* NULL: not known */
	unsigned char	 captured[PC_NFIELDS];	/* enum capture */
	unsigned	 chosen;		/* PC_BIT()s */
	struct pnow	*now;			/* NULL: not read (now.h) */
};
#define PC_HAS(pc)	((pc)->known | (pc)->unmapped)

/*
 * A peer as a record shows it: one identity, or two when the process that
 * connected is not the one that sent (the socket changed hands), so that
 * no field of one is shown as the other's.
 */
struct peer {
	struct peercred	 id;		/* the identity, or the connector */
	struct peercred	 sender;	/* with two: the sender */
	int		 two;
	const struct holders *held;	/* who holds its socket now, or
					   NULL: not the peer's to free */
};

void	 peercred_init(struct peercred *);
void	 peercred_free(struct peercred *);
void	 peercred_set(struct peercred *, enum pc_field, unsigned long);
void	 peercred_set_pid(struct peercred *, long);
void	 peercred_pid_not_visible(struct peercred *);
void	 peercred_set_alive(struct peercred *, int, const char *);
int	 peercred_set_groups(struct peercred *, const void *, int);
int	 peercred_set_label(struct peercred *, const char *, size_t);
void	 peercred_set_source(struct peercred *, const char *, enum capture,
	    int);
int	 peercred_merge(struct peercred *, const struct peercred *);
unsigned peercred_differ(const struct peercred *, const struct peercred *);
int	 peercred_self(struct peercred *, pid_t);
int	 peercred_same_process(const struct peercred *,
	    const struct peercred *);
void	 peer_init(struct peer *);
void	 peer_free(struct peer *);
int	 peercred_field_of(const char *);

const char *source_name(const char *);
const char *capture_name(enum capture);
int	 capture_of(const char *, enum capture *);

#endif /* PEERCRED_H */
