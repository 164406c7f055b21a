/* SPDX-License-Identifier: ISC */
/*
 * A process's list of groups, as getgroups(2) and FreeBSD's sockcred give
 * it, began with the effective group id on the systems that kept both in
 * one array: FreeBSD before 15 (the kernel of version 1500061 keeps them
 * apart), DragonFly and macOS.  Where it does, that first entry is the
 * effective group id, not a supplementary group.  The running kernel
 * decides, not the headers credcheck was built with: a FreeBSD 14 binary
 * runs on FreeBSD 15.
 */

#include <sys/types.h>
#ifdef __FreeBSD__
#include <sys/param.h>
#endif

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "groups.h"

#define FREEBSD_EGID_APART	1500061

int
groups_lead_with_egid(void)
{
#if defined(__FreeBSD__)
	static int lead = -1;

	if (lead == -1)
		lead = getosreldate() < FREEBSD_EGID_APART;
	return lead;
#elif defined(__DragonFly__) || defined(__APPLE__)
	return 1;
#else
	return 0;
#endif
}

static int
gid_cmp(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;

	return x < y ? -1 : x > y;
}

/* A sorted copy without repeats, in *out; its length, or -1. */
int
groups_set(const gid_t *list, int n, gid_t **out)
{
	int i, k = 0;

	if ((*out = calloc((size_t)n + 1, sizeof(**out))) == NULL)
		return -1;
	if (n > 0)
		memcpy(*out, list, (size_t)n * sizeof(**out));
	qsort(*out, (size_t)n, sizeof(**out), gid_cmp);
	for (i = 0; i < n; i++)
		if (k == 0 || (*out)[k - 1] != (*out)[i])
			(*out)[k++] = (*out)[i];
	return k;
}
