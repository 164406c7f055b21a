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
