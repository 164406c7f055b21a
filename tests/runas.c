/* SPDX-License-Identifier: ISC */
/*
 * runas: a test helper that runs a command with the credentials given, so
 * that credcheck can be run, as root, as a peer whose real and effective
 * ids differ and whose group list is chosen.
 *
 *	runas [-u ruid] [-U euid] [-g rgid] [-G egid] [-s g,lo-hi,...|none]
 *	    command [arg ...]
 *
 * Unset ids keep their current values.  The saved ids follow the
 * effective ones: setreuid(2) and setregid(2), which set the real id,
 * set the saved one to the new effective one (POSIX; setresuid is not in
 * NetBSD's libc).
 */

#include <sys/types.h>

#include <err.h>
#include <grp.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned long
number(const char *s)
{
	const char *errstr;
	long long v;

	v = strtonum(s, 0, UINT_MAX - 1, &errstr);
	if (errstr != NULL)
		errx(2, "id %s: %s", s, errstr);
	return (unsigned long)v;
}

/* A list of groups, each a number or a range lo-hi: 7,8,100-399. */
static void
set_groups(char *list)
{
	unsigned long lo, hi, g;
	gid_t *groups = NULL, *bigger;
	size_t n = 0, cap = 0;
	char *p, *dash;

	if (strcmp(list, "none") == 0) {
		if (setgroups(0, NULL) == -1)
			err(1, "setgroups");
		return;
	}
	while ((p = strsep(&list, ",")) != NULL) {
		if ((dash = strchr(p, '-')) != NULL)
			*dash++ = '\0';
		lo = number(p);
		hi = dash != NULL ? number(dash) : lo;
		for (g = lo; g <= hi; g++) {
			if (n == cap) {
				cap = cap == 0 ? 64 : cap * 2;
				if ((bigger = reallocarray(groups, cap,
				    sizeof(*groups))) == NULL)
					err(1, NULL);
				groups = bigger;
			}
			groups[n++] = (gid_t)g;
		}
	}
	if (setgroups(n, groups) == -1)
		err(1, "setgroups");
	free(groups);
}

int
main(int argc, char *argv[])
{
	uid_t ruid = getuid(), euid = geteuid();
	gid_t rgid = getgid(), egid = getegid();
	char *groups = NULL;
	int ch;

	/* Options end at the command, on glibc too ('+'). */
#ifdef __GLIBC__
	while ((ch = getopt(argc, argv, "+u:U:g:G:s:")) != -1) {
#else
	while ((ch = getopt(argc, argv, "u:U:g:G:s:")) != -1) {
#endif
		switch (ch) {
		case 'u':
			ruid = (uid_t)number(optarg);
			break;
		case 'U':
			euid = (uid_t)number(optarg);
			break;
		case 'g':
			rgid = (gid_t)number(optarg);
			break;
		case 'G':
			egid = (gid_t)number(optarg);
			break;
		case 's':
			groups = optarg;
			break;
		default:
			errx(2, "usage: runas [-u ruid] [-U euid] [-g rgid] "
			    "[-G egid] [-s groups] command [arg ...]");
		}
	}
	argv += optind;
	if (argv[0] == NULL)
		errx(2, "no command");
	if (groups != NULL)
		set_groups(groups);
	if (setregid(rgid, egid) == -1)
		err(1, "setregid");
	if (setreuid(ruid, euid) == -1)
		err(1, "setreuid");
	execvp(argv[0], argv);
	err(127, "%s", argv[0]);
}
