/* SPDX-License-Identifier: ISC */
/*
 * SO_PASSCRED -> SCM_CREDENTIALS: Linux.  pid, real uid and real gid of the
 * sender, captured at each send.  The receiver must enable the option before
 * the peer writes; data written earlier carries a placeholder (pid 0 and the
 * overflow uid and gid), which is reported as missing, never as "nobody".
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credcheck.h"

#include "layouts.h"

#define OVERFLOW_DEFAULT	65534

/* The kernel.overflowuid or overflowgid sysctl, read once. */
static unsigned long
overflow_id(const char *path, unsigned long *cache)
{
	char line[32], *end;
	unsigned long id;
	FILE *fp;

	if (*cache != 0)
		return *cache;
	*cache = OVERFLOW_DEFAULT;
	if ((fp = fopen(path, "r")) == NULL)
		return *cache;
	if (fgets(line, sizeof(line), fp) != NULL) {
		errno = 0;
		id = strtoul(line, &end, 10);
		if (errno == 0 && end != line && (*end == '\n' || *end == '\0'))
			*cache = id;
	}
	(void)fclose(fp);
	return *cache;
}

/* The ids Linux puts where it has none to give (65534 unless changed). */
uid_t
overflow_uid(void)
{
	static unsigned long id;

	return (uid_t)overflow_id("/proc/sys/kernel/overflowuid", &id);
}

gid_t
overflow_gid(void)
{
	static unsigned long id;

	return (gid_t)overflow_id("/proc/sys/kernel/overflowgid", &id);
}

#ifdef SCM_CREDENTIALS
static int
scm_credentials_enable(int fd)
{
	return mech_option_on(fd, SOL_SOCKET, SO_PASSCRED);
}

static int
scm_credentials_parse(const void *data, size_t len, struct peercred *pc)
{
	return parse_ucred(data, len, 1, pc);
}
#define ENABLE	scm_credentials_enable
#define PARSE	scm_credentials_parse
#define TYPE	SCM_CREDENTIALS
#define SPACE	CMSG_SPACE(sizeof(struct ucred))
#else
#define ENABLE	NULL
#define PARSE	NULL
#define TYPE	0
#define SPACE	0
#endif

const struct mech mech_scm_credentials = {
	.name = "SCM_CREDENTIALS",
	.capture = CAPTURE_SEND,
	.fields = PC_BIT(PC_PID) | PC_BIT(PC_UID) | PC_BIT(PC_GID),
	.enable = ENABLE,
	.cmsg_level = SOL_SOCKET,
	.cmsg_type = TYPE,
	.cmsg_space = SPACE,
	.parse = PARSE,
};
