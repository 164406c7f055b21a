/* SPDX-License-Identifier: ISC */
/*
 * The peer as it is now: what a record holds of it, and how two such
 * descriptions compare.  Reading it costs a few /proc files a peer, so it
 * is read only where the command asks (now_ask): connect, fd and selftest
 * always, serve with -v.
 */

#include <sys/types.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "now.h"
#include "groups.h"

const struct now_field_info now_table[NOW_NFIELDS] = {
	[NOW_CGROUP] =	{ "cgroup",	"Cgroup",	"/proc/PID/cgroup" },
	[NOW_EXE] =	{ "exe",	"Executable",	"/proc/PID/exe" },
	[NOW_IDS] =	{ "ids",	"Ids now",	"/proc/PID/status" },
	[NOW_PIDFS] =	{ "pidfs_inode", "Process id",	"pidfs" },
};

static int asked;

/* The command wants the peer as it is now: every pidfd taken reads it. */
void
now_ask(void)
{
	asked = 1;
}

int
now_asked(void)
{
	return asked;
}

/* An empty description whose every field is unknown for the reason e. */
struct pnow *
now_new(int e)
{
	struct pnow *n;

	if ((n = calloc(1, sizeof(*n))) == NULL)
		return NULL;
	now_fail(n, e);
	return n;
}

void
now_free(struct pnow *n)
{
	if (n == NULL)
		return;
	free(n->cgroup);
	free(n->exe);
	free(n->groups);
	free(n);
}

/* Every field is unknown, for the reason e (the process has exited). */
void
now_fail(struct pnow *n, int e)
{
	int f;

	free(n->cgroup);
	free(n->exe);
	free(n->groups);
	n->cgroup = n->exe = NULL;
	n->groups = NULL;
	n->ngroups = n->groups_unmapped = 0;
	n->known = 0;
	for (f = 0; f < NOW_NFIELDS; f++)
		n->err[f] = e;
}

static char *
copy_text(const char *s, size_t len)
{
	char *t;

	if ((t = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(t, s, len);
	t[len] = '\0';
	return t;
}

/* A text field, now known; -1 out of memory. */
int
now_set_text(struct pnow *n, enum now_field f, const char *s, size_t len)
{
	char **slot = f == NOW_CGROUP ? &n->cgroup : &n->exe;
	char *t;

	if ((t = copy_text(s, len)) == NULL)
		return -1;
	free(*slot);
	*slot = t;
	n->known |= NOW_BIT(f);
	return 0;
}

struct pnow *
now_copy(const struct pnow *src)
{
	struct pnow *n;

	if ((n = malloc(sizeof(*n))) == NULL)
		return NULL;
	*n = *src;
	n->cgroup = n->exe = NULL;
	n->groups = NULL;
	if ((src->cgroup != NULL && (n->cgroup = copy_text(src->cgroup,
	    strlen(src->cgroup))) == NULL) ||
	    (src->exe != NULL && (n->exe = copy_text(src->exe,
	    strlen(src->exe))) == NULL) ||
	    (src->ngroups > 0 && (n->groups = calloc((size_t)src->ngroups,
	    sizeof(gid_t))) == NULL)) {
		now_free(n);
		return NULL;
	}
	if (src->ngroups > 0)
		memcpy(n->groups, src->groups,
		    (size_t)src->ngroups * sizeof(gid_t));
	return n;
}

/*
 * The systemd unit a cgroup path ends in, as a pointer into it with its
 * length; NULL when its last part names no unit.  systemd names a
 * unit's cgroup after the unit, and only units of these kinds have one.
 */
const char *
now_unit(const char *cgroup, size_t *len)
{
	static const char *const kinds[] = {
		".service", ".scope", ".socket", ".slice", ".mount", ".swap"
	};
	const char *last;
	size_t i, n, k;

	last = strrchr(cgroup, '/');
	last = last == NULL ? cgroup : last + 1;
	n = strlen(last);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		k = strlen(kinds[i]);
		if (n > k && strcmp(last + n - k, kinds[i]) == 0) {
			*len = n;
			return last;
		}
	}
	return NULL;
}

/* Whether two lists of groups differ as sets. */
int
now_sets_differ(const gid_t *a, int na, const gid_t *b, int nb)
{
	gid_t *x, *y;
	int nx, ny, differ;

	nx = groups_set(a, na, &x);
	ny = groups_set(b, nb, &y);
	differ = nx == -1 || ny == -1 || nx != ny ||
	    memcmp(x, y, (size_t)nx * sizeof(gid_t)) != 0;
	free(x);
	free(y);
	return differ;
}

static int
ids_differ(const struct pnow *a, const struct pnow *b)
{
	return a->unmapped != b->unmapped ||
	    memcmp(a->uid, b->uid, sizeof(a->uid)) != 0 ||
	    memcmp(a->gid, b->gid, sizeof(a->gid)) != 0 ||
	    a->groups_unmapped != b->groups_unmapped ||
	    now_sets_differ(a->groups, a->ngroups, b->groups, b->ngroups);
}

/* The fields both know whose values differ, and those only got knows. */
unsigned
now_differ(const struct pnow *got, const struct pnow *want)
{
	unsigned both = got->known & want->known, bad;

	bad = got->known & ~want->known & ~NOW_BIT(NOW_PIDFS);
	if ((both & NOW_BIT(NOW_CGROUP)) &&
	    strcmp(got->cgroup, want->cgroup) != 0)
		bad |= NOW_BIT(NOW_CGROUP);
	if ((both & NOW_BIT(NOW_EXE)) && strcmp(got->exe, want->exe) != 0)
		bad |= NOW_BIT(NOW_EXE);
	if ((both & NOW_BIT(NOW_IDS)) && ids_differ(got, want))
		bad |= NOW_BIT(NOW_IDS);
	if ((both & NOW_BIT(NOW_PIDFS)) && got->pidfs != want->pidfs)
		bad |= NOW_BIT(NOW_PIDFS);
	return bad;
}
