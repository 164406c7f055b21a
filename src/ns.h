/* SPDX-License-Identifier: ISC */
/*
 * The receiver's namespaces (ns.c): whether its user and pid namespaces
 * are the initial ones, and which ids its user namespace maps, read once.
 * Linux gives a peer's id that the receiver's user namespace does not map
 * as the overflow id, and a pid outside its pid namespace as 0; these say
 * what such a value means here.
 */

#ifndef NS_H
#define NS_H

#include "peercred.h"

#define NS_MAP_MAX	340	/* lines of a uid_map or gid_map */

struct idmap {
	unsigned long	 inside[NS_MAP_MAX];	/* first id, as seen here */
	unsigned long	 outside[NS_MAP_MAX];	/* as the parent sees it */
	unsigned long	 count[NS_MAP_MAX];
	int		 n;
};

struct nsinfo {
	int		 user_known, user_initial;
	int		 pid_known, pid_initial;
	unsigned long	 user_ino, pid_ino;	/* nsfs inodes, to tell them */
	struct idmap	 uid_map, gid_map;
	unsigned long	 overflow_uid, overflow_gid;
};

/* What the overflow id means in a field: see ns_overflow(). */
enum overflow_meaning {
	OVERFLOW_GENUINE,	/* every id is mapped: it is the peer's */
	OVERFLOW_UNMAPPED,	/* it is not mapped: the kernel's stand-in */
	OVERFLOW_AMBIGUOUS	/* mapped here, so it may be either */
};

const struct nsinfo *ns_self(void);
int	 ns_apart(const struct nsinfo *, int *, int *);
int	 ns_parse_map(const char *, struct idmap *);
int	 ns_maps(const struct idmap *, unsigned long);
enum overflow_meaning ns_overflow(const struct nsinfo *, enum field_kind);
void	 ns_classify(const struct nsinfo *, struct peercred *);

#endif /* NS_H */
