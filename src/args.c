/* SPDX-License-Identifier: ISC */
/*
 * Option values, parsed apart from the usage errors the commands print.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

/* A file mode: octal digits only, at most 0777. */
int
args_mode(const char *s, int *mode)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '7') {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	v = strtoul(s, &end, 8);
	if (*end != '\0' || errno != 0 || v > 0777) {
		errno = EINVAL;
		return -1;
	}
	*mode = (int)v;
	return 0;
}

/* Digits only, below the id that means "no id" ((uid_t)-1). */
static int
numeric_id(const char *s, uint32_t *id)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end != '\0' || errno != 0 || v >= UINT32_MAX)
		return -1;
	*id = (uint32_t)v;
	return 0;
}

/* A user as a name or a number.  ENOENT: no such user. */
int
args_user(const char *s, uint32_t *uid)
{
	struct passwd *pw;

	if (numeric_id(s, uid) == 0)
		return 0;
	if ((pw = getpwnam(s)) == NULL) {
		errno = ENOENT;
		return -1;
	}
	*uid = (uint32_t)pw->pw_uid;
	return 0;
}

/* A group as a name or a number.  ENOENT: no such group. */
int
args_group(const char *s, uint32_t *gid)
{
	struct group *gr;

	if (numeric_id(s, gid) == 0)
		return 0;
	if ((gr = getgrnam(s)) == NULL) {
		errno = ENOENT;
		return -1;
	}
	*gid = (uint32_t)gr->gr_gid;
	return 0;
}

static const struct {
	const char	*name;
	int		 type;
} socktypes[] = {
	{ "stream",	SOCK_STREAM },
	{ "seqpacket",	SOCK_SEQPACKET },
	{ "dgram",	SOCK_DGRAM },
};

/* -T: a socket type by its name. */
int
args_socktype(const char *s, int *type)
{
	size_t i;

	for (i = 0; i < sizeof(socktypes) / sizeof(socktypes[0]); i++)
		if (strcmp(s, socktypes[i].name) == 0) {
			*type = socktypes[i].type;
			return 0;
		}
	errno = EINVAL;
	return -1;
}

const char *
args_socktype_name(int type)
{
	size_t i;

	for (i = 0; i < sizeof(socktypes) / sizeof(socktypes[0]); i++)
		if (socktypes[i].type == type)
			return socktypes[i].name;
	return "unknown";
}
