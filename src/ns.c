/* SPDX-License-Identifier: ISC */
/*
 * The receiver's namespaces, read once: a busy server pays for them at
 * its first client, not at every one.
 *
 * Linux reports a peer's ids as they appear in the receiver's user
 * namespace: an id that namespace does not map reads as the overflow id
 * (kernel.overflowuid, 65534 unless changed), and a pid outside the
 * receiver's pid namespace reads as 0.  So 65534 is the peer's own id only
 * where every id is mapped (the initial user namespace); where the
 * overflow id is not mapped here it can only be the stand-in; where it is
 * mapped but others are not, it may be either.  The initial namespaces
 * have fixed nsfs inode numbers (PROC_USER_INIT_INO, PROC_PID_INIT_INO in
 * the kernel's proc_ns.h).  Other systems have no such namespaces: there
 * every id is the peer's.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux.h"
#include "now.h"
#include "ns.h"
#include "peercred.h"

#define INIT_USER_INO	0xEFFFFFFDUL
#define INIT_PID_INO	0xEFFFFFFCUL
#define ALL_IDS		4294967295UL	/* the initial namespace's map */
#define MAP_TEXT_MAX	(NS_MAP_MAX * 40)

/* One line of a map: "inside outside count", as the kernel prints it. */
static int
map_line(const char *line, struct idmap *m)
{
	unsigned long v[3];
	char *end;
	int i;

	for (i = 0; i < 3; i++) {
		errno = 0;
		v[i] = strtoul(line, &end, 10);
		if (errno != 0 || end == line)
			return -1;
		line = end;
	}
	if (m->n == NS_MAP_MAX || v[2] == 0)
		return -1;
	m->inside[m->n] = v[0];
	m->outside[m->n] = v[1];
	m->count[m->n] = v[2];
	m->n++;
	return 0;
}

/* A uid_map or gid_map's text; -1 with EINVAL if it is not one. */
int
ns_parse_map(const char *text, struct idmap *m)
{
	const char *p = text;

	m->n = 0;
	while (*p != '\0') {
		if (map_line(p, m) == -1) {
			errno = EINVAL;
			return -1;
		}
		p = strchr(p, '\n');
		p = p != NULL ? p + 1 : text + strlen(text);
	}
	return 0;
}

/* Whether id, as seen here, is in the map. */
int
ns_maps(const struct idmap *m, unsigned long id)
{
	int i;

	for (i = 0; i < m->n; i++)
		if (id >= m->inside[i] && id - m->inside[i] < m->count[i])
			return 1;
	return 0;
}

static int
maps_every_id(const struct idmap *m)
{
	return m->n == 1 && m->inside[0] == 0 && m->count[0] == ALL_IDS;
}

static int
read_map(const char *path, struct idmap *m)
{
	char text[MAP_TEXT_MAX];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	n = fread(text, 1, sizeof(text) - 1, fp);
	(void)fclose(fp);
	text[n] = '\0';
	return ns_parse_map(text, m);
}

static int
ns_inode(const char *path, unsigned long *ino)
{
	struct stat st;

	if (stat(path, &st) == -1)
		return -1;
	*ino = (unsigned long)st.st_ino;
	return 0;
}

static void
ns_load(struct nsinfo *ns)
{
	memset(ns, 0, sizeof(*ns));
	ns->overflow_uid = overflow_uid();
	ns->overflow_gid = overflow_gid();
	if (read_map("/proc/self/uid_map", &ns->uid_map) == 0 &&
	    read_map("/proc/self/gid_map", &ns->gid_map) == 0) {
		ns->user_known = 1;
		ns->user_initial = maps_every_id(&ns->uid_map) &&
		    maps_every_id(&ns->gid_map);
		if (ns_inode("/proc/self/ns/user", &ns->user_ino) == 0)
			ns->user_initial = ns->user_ino == INIT_USER_INO;
	}
	if (ns_inode("/proc/self/ns/pid", &ns->pid_ino) == 0) {
		ns->pid_known = 1;
		ns->pid_initial = ns->pid_ino == INIT_PID_INO;
	}
}

/* This process's namespaces, read at the first call. */
const struct nsinfo *
ns_self(void)
{
	static struct nsinfo ns;
	static int loaded;

	if (!loaded) {
		ns_load(&ns);
		loaded = 1;
	}
	return &ns;
}

/*
 * Whether the user and the pid namespace are known not to be the initial
 * ones, the namespaces a record names; whether either is.
 */
int
ns_apart(const struct nsinfo *ns, int *user, int *pid)
{
	*user = ns->user_known && !ns->user_initial;
	*pid = ns->pid_known && !ns->pid_initial;
	return *user || *pid;
}

/* What the overflow id means in a field of the given kind. */
enum overflow_meaning
ns_overflow(const struct nsinfo *ns, enum field_kind kind)
{
	const struct idmap *m = kind == FK_USER ? &ns->uid_map : &ns->gid_map;
	unsigned long id = kind == FK_USER ? ns->overflow_uid :
	    ns->overflow_gid;

	if (!ns->user_known) {
#ifdef __linux__
		return OVERFLOW_AMBIGUOUS;	/* no /proc: cannot tell */
#else
		return OVERFLOW_GENUINE;
#endif
	}
	if (maps_every_id(m))
		return OVERFLOW_GENUINE;
	return ns_maps(m, id) ? OVERFLOW_AMBIGUOUS : OVERFLOW_UNMAPPED;
}

/* Ids that are the overflow id where it stands for one not mapped here. */
static void
classify_now(const struct nsinfo *ns, struct pnow *n)
{
	int i, k = 0;

	if (n == NULL || !(n->known & NOW_BIT(NOW_IDS)))
		return;
	for (i = 0; i < NOW_NIDS; i++) {
		if (n->uid[i] == ns->overflow_uid &&
		    ns_overflow(ns, FK_USER) == OVERFLOW_UNMAPPED)
			n->unmapped |= 1u << i;
		if (n->gid[i] == ns->overflow_gid &&
		    ns_overflow(ns, FK_GROUP) == OVERFLOW_UNMAPPED)
			n->unmapped |= NOW_GID_BIT(i);
	}
	if (ns_overflow(ns, FK_GROUPS) != OVERFLOW_UNMAPPED)
		return;
	for (i = 0; i < n->ngroups; i++)
		if (n->groups[i] != (gid_t)ns->overflow_gid)
			n->groups[k++] = n->groups[i];
	n->groups_unmapped += n->ngroups - k;
	n->ngroups = k;
}

/* Take out the groups that are the overflow gid; how many there were. */
static int
drop_groups(struct peercred *pc, gid_t overflow)
{
	int i, k = 0;

	for (i = 0; i < pc->ngroups; i++)
		if (pc->groups[i] != overflow)
			pc->groups[k++] = pc->groups[i];
	i = pc->ngroups - k;
	pc->ngroups = k;
	return i;
}

static int
count_groups(const struct peercred *pc, gid_t overflow)
{
	int i, k = 0;

	for (i = 0; i < pc->ngroups; i++)
		k += pc->groups[i] == overflow;
	return k;
}

static void
classify_groups(const struct nsinfo *ns, struct peercred *pc)
{
	gid_t overflow = (gid_t)ns->overflow_gid;

	if (!(pc->known & PC_BIT(PC_GROUPS)) ||
	    count_groups(pc, overflow) == 0)
		return;
	switch (ns_overflow(ns, FK_GROUPS)) {
	case OVERFLOW_UNMAPPED:
		pc->groups_unmapped += drop_groups(pc, overflow);
		pc->unmapped |= PC_BIT(PC_GROUPS);
		break;
	case OVERFLOW_AMBIGUOUS:
		pc->ambiguous |= PC_BIT(PC_GROUPS);
		break;
	case OVERFLOW_GENUINE:
		break;
	}
}

/*
 * Mark what the kernel could not express here: an id that is the
 * overflow id is not mapped (no longer known, no name looked up) or
 * ambiguous.
 */
void
ns_classify(const struct nsinfo *ns, struct peercred *pc)
{
	enum field_kind kind;
	int f;

	for (f = 0; f < PC_NIDS; f++) {
		kind = field_table[f].kind;
		if (!(pc->known & PC_BIT(f)) || kind == FK_PID ||
		    pc->id[f] != (kind == FK_USER ? ns->overflow_uid :
		    ns->overflow_gid))
			continue;
		switch (ns_overflow(ns, kind)) {
		case OVERFLOW_UNMAPPED:
			pc->known &= ~PC_BIT(f);
			pc->unmapped |= PC_BIT(f);
			break;
		case OVERFLOW_AMBIGUOUS:
			pc->ambiguous |= PC_BIT(f);
			break;
		case OVERFLOW_GENUINE:
			break;
		}
	}
	classify_groups(ns, pc);
	classify_now(ns, pc->now);
}
