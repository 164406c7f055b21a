/* SPDX-License-Identifier: ISC */
/*
 * The peer as it is now (now.c), beside the ids the kernel vouched for at
 * connect or send time: its cgroup and systemd unit, its executable, the
 * ids and groups it has now, and the kernel's unique id of the process.
 * Each is read through a pidfd (linux_now.c) and kept only if the pidfd
 * shows the process still running after the read; a field that could not
 * be read keeps the reason, as an errno.
 */

#ifndef NOW_H
#define NOW_H

#include <sys/types.h>

#include <stdint.h>


enum now_field {
	NOW_CGROUP,		/* the cgroup v2 path: /proc/PID/cgroup */
	NOW_EXE,		/* the executable: /proc/PID/exe */
	NOW_IDS,		/* ids and groups now: /proc/PID/status */
	NOW_PIDFS,		/* the pidfd's pidfs inode */
	NOW_NFIELDS
};
#define NOW_BIT(f)	(1u << (f))

/* The ids of NOW_IDS, in /proc/PID/status's order. */
enum now_id {
	NOW_REAL,
	NOW_EFFECTIVE,
	NOW_SAVED,
	NOW_FS,
	NOW_NIDS
};

struct now_field_info {
	const char	*key;		/* JSON key */
	const char	*label;		/* the human form's label */
	const char	*source;	/* what it was read from */
};

extern const struct now_field_info now_table[NOW_NFIELDS];

struct pnow {
	unsigned	 known;			/* NOW_BIT()s read */
	int		 err[NOW_NFIELDS];	/* why one was not */
	char		*cgroup;
	char		*exe;
	uint32_t	 uid[NOW_NIDS], gid[NOW_NIDS];
	unsigned	 unmapped;		/* bits of uid, then gid */
	gid_t		*groups;
	int		 ngroups;
	int		 groups_unmapped;	/* left out of groups */
	unsigned long long pidfs;
};
#define NOW_GID_BIT(i)	(1u << (NOW_NIDS + (i)))

void	 now_ask(void);
int	 now_asked(void);
struct pnow *now_new(int);
void	 now_free(struct pnow *);
struct pnow *now_copy(const struct pnow *);
void	 now_fail(struct pnow *, int);
int	 now_set_text(struct pnow *, enum now_field, const char *, size_t);
const char *now_unit(const char *, size_t *);
unsigned now_differ(const struct pnow *, const struct pnow *);
int	 now_sets_differ(const gid_t *, int, const gid_t *, int);
struct pnow *now_self(void);
#ifdef __linux__
struct pnow *now_read(int, pid_t);
int	 now_read_pidfs(int, struct pnow *);
#endif

#endif /* NOW_H */
