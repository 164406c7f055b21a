/* SPDX-License-Identifier: ISC */
/*
 * UCSPI supervisors say who they accepted in variables named after their
 * protocol: PROTO=IPC with IPCREMOTEEUID, IPCREMOTEEGID (s6-ipcserver),
 * PROTO=UNIX with UNIXREMOTEEUID, UNIXREMOTEEGID, UNIXREMOTEPID
 * (ucspi-unix).  They are read here to be shown beside what the kernel
 * says, never in its place: a variable is only as true as whoever set
 * the environment.
 */

#include <sys/types.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "peercred.h"
#include "supervisor.h"

const char *const sup_suffix[SUP_NFIELDS] = {
	"REMOTEEUID", "REMOTEEGID", "REMOTEPID"
};

/* The kernel's field for each of the supervisor's. */
const enum pc_field sup_kernel_field[SUP_NFIELDS] = {
	PC_EUID, PC_EGID, PC_PID
};

/* The name of a variable: PROTO's value, then the suffix. */
void
supervisor_var(const struct supervisor *s, enum sup_field f, char *name,
    size_t size)
{
	snprintf(name, size, "%s%s", s->proto, sup_suffix[f]);
}

/* A protocol name that can begin a variable's name: letters and digits. */
static int
proto_ok(const char *p)
{
	size_t i;

	if (p == NULL || p[0] == '\0' || strlen(p) >= SUP_PROTO_MAX)
		return 0;
	for (i = 0; p[i] != '\0'; i++)
		if (!isalnum((unsigned char)p[i]))
			return 0;
	return 1;
}

/* Returns 0 with what PROTO names, or -1 when there is no supervisor. */
int
supervisor_read(struct supervisor *s)
{
	const char *proto = getenv("PROTO"), *v, *errstr;
	char name[SUP_PROTO_MAX + 16];
	int f;

	memset(s, 0, sizeof(*s));
	if (!proto_ok(proto))
		return -1;
	strlcpy(s->proto, proto, sizeof(s->proto));
	for (f = 0; f < SUP_NFIELDS; f++) {
		supervisor_var(s, (enum sup_field)f, name, sizeof(name));
		if ((v = getenv(name)) == NULL)
			continue;
		s->set |= SUP_BIT(f);
		s->val[f] = (unsigned long)strtonum(v, 0, 4294967295LL,
		    &errstr);
		if (errstr != NULL)
			s->unreadable |= SUP_BIT(f);
	}
	return s->set != 0 ? 0 : -1;
}

/* Which of the supervisor's values differ from the kernel's. */
void
supervisor_compare(struct supervisor *s, const struct peercred *pc)
{
	enum pc_field k;
	int f;

	s->disagree = 0;
	for (f = 0; f < SUP_NFIELDS; f++) {
		k = sup_kernel_field[f];
		if ((s->set & SUP_BIT(f)) && (pc->known & PC_BIT(k)) &&
		    ((s->unreadable & SUP_BIT(f)) || s->val[f] != pc->id[k]))
			s->disagree |= SUP_BIT(f);
	}
}
