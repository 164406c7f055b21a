/* SPDX-License-Identifier: ISC */
/*
 * Names for user and group ids.  Each id is looked up in the user database
 * once; the answer, a name or the lack of one, is kept for the life of the
 * process so that a busy server does not re-read the database per client.
 */

#include <sys/types.h>

#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "peercred.h"

#define NAME_BUCKETS	256

struct name {
	unsigned long	 id;
	char		*name;		/* NULL: the id has no name */
	struct name	*next;
};

struct name_cache {
	struct name	*bucket[NAME_BUCKETS];
};

static struct name_cache users, groups;

static struct name *
cache_find(struct name_cache *c, unsigned long id)
{
	struct name *n;

	for (n = c->bucket[id % NAME_BUCKETS]; n != NULL; n = n->next)
		if (n->id == id)
			return n;
	return NULL;
}

/* Remember a look-up; out of memory, the name is simply not kept. */
static const char *
cache_add(struct name_cache *c, unsigned long id, const char *name)
{
	struct name *n;

	if ((n = calloc(1, sizeof(*n))) == NULL)
		return NULL;
	if (name != NULL && (n->name = strdup(name)) == NULL) {
		free(n);
		return NULL;
	}
	n->id = id;
	n->next = c->bucket[id % NAME_BUCKETS];
	c->bucket[id % NAME_BUCKETS] = n;
	return n->name;
}

static void
cache_clear(struct name_cache *c)
{
	struct name *n, *next;
	int i;

	for (i = 0; i < NAME_BUCKETS; i++) {
		for (n = c->bucket[i]; n != NULL; n = next) {
			next = n->next;
			free(n->name);
			free(n);
		}
		c->bucket[i] = NULL;
	}
}

const char *
names_user(uid_t uid)
{
	struct name *n;
	struct passwd *pw;

	if ((n = cache_find(&users, uid)) != NULL)
		return n->name;
	pw = getpwuid(uid);
	return cache_add(&users, uid, pw != NULL ? pw->pw_name : NULL);
}

const char *
names_group(gid_t gid)
{
	struct name *n;
	struct group *gr;

	if ((n = cache_find(&groups, gid)) != NULL)
		return n->name;
	gr = getgrgid(gid);
	return cache_add(&groups, gid, gr != NULL ? gr->gr_name : NULL);
}

void
names_clear(void)
{
	cache_clear(&users);
	cache_clear(&groups);
}

/* The name of an id of the given kind, if it has one. */
const char *
names_id(enum field_kind kind, unsigned long id)
{
	switch (kind) {
	case FK_USER:
		return names_user((uid_t)id);
	case FK_GROUP:
		return names_group((gid_t)id);
	default:
		return NULL;
	}
}
