/* SPDX-License-Identifier: ISC */
/*
 * Whether another user can change the directories a path goes through.
 *
 * Root binds, removes and chmods by name.  A directory on the way that
 * another user can write to, or owns, can be swapped between two of
 * those steps (renamed away, a link put in its place), and root would
 * then remove or change a file elsewhere.  So root works only below
 * directories that root or itself owns and that no one else can write
 * to, a sticky one such as /tmp aside: there others may add names but
 * not rename or remove ours.  Other users are not checked: what they
 * could be led to do, the one who leads them could do.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "safedir.h"
#include "unixaddr.h"

/* Whether one directory can be changed by a user who is not root or us. */
static int
others_can_change(const struct stat *st)
{
	if (!S_ISDIR(st->st_mode))
		return 1;
	if (st->st_uid != 0 && st->st_uid != geteuid())
		return 1;
	return (st->st_mode & (S_IWGRP | S_IWOTH)) != 0 &&
	    (st->st_mode & S_ISVTX) == 0;
}

/*
 * 0 if no directory that path goes through (every component but the
 * last, or every one when whole is set) can be changed by another user,
 * or when not root.  -1 with EPERM and the first such directory in bad;
 * ENAMETOOLONG; lstat(2)'s errors (ELOOP: a link on the way, which is
 * refused as well).  A relative path is checked from ".", whose
 * ancestors are not.
 */
int
safedir_check(const char *path, int whole, char *bad, size_t size)
{
	char dir[UNIXADDR_PATH_SIZE + 1];
	struct stat st;
	size_t n, len = strlen(path);

	if (geteuid() != 0)
		return 0;
	if (len >= sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (n = 1; n <= len; n++) {
		if (n < len && path[n] != '/')
			continue;
		if (n == len && !whole)
			break;
		memcpy(dir, path, n);
		dir[n] = '\0';
		if (lstat(dir, &st) == -1)
			return -1;
		if (others_can_change(&st)) {
			strlcpy(bad, dir, size);
			errno = S_ISLNK(st.st_mode) ? ELOOP : EPERM;
			return -1;
		}
	}
	if (path[0] != '/') {
		if (lstat(".", &st) == -1)
			return -1;
		if (others_can_change(&st)) {
			strlcpy(bad, ".", size);
			errno = EPERM;
			return -1;
		}
	}
	return 0;
}
