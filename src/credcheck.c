/* SPDX-License-Identifier: ISC */
/*
 * credcheck: main() and the command table.  What the commands share is
 * in cmd.c; each command is in its own cmd_*.c.
 */

#include <sys/types.h>

#include <err.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "mech.h"
#include "mechs.h"
#include "names.h"
#include "version.h"

static const struct command {
	const char	*name;
	int		(*run)(int, char **);
} commands[] = {
	{ "selftest",	cmd_selftest },
	{ "serve",	cmd_serve },
	{ "connect",	cmd_connect },
	{ "fd",		cmd_fd },
};

/* The version, and the mechanisms this build has, for bug reports. */
static void
version(void)
{
	size_t i;
	int any = 0;

	printf("credcheck %s (", CREDCHECK_VERSION);
	for (i = 0; i < mech_count; i++)
		if (mech_supported(mech_table[i]))
			printf("%s%s", any++ ? " " : "", mech_table[i]->name);
	printf(")\n");
}

/*
 * Standard descriptors closed at start are opened on /dev/null: else the
 * first socket or pipe made would be taken for one, and its bytes for
 * output.
 */
static int
std_fds(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR)) != -1 && fd <= 2)
		continue;
	if (fd == -1)
		return -1;
	close(fd);
	return 0;
}

int
main(int argc, char *argv[])
{
	size_t i;
	int rc;

	/* A peer that hangs up must cost an error, never the process. */
	signal(SIGPIPE, SIG_IGN);
	if (std_fds() == -1)
		err(1, "/dev/null");
	opterr = 0;
	if (mech_init() == -1)
		err(1, "mechanism table");
	if (argc < 2)
		usage_error("a command is required");
	if (strcmp(argv[1], "-h") == 0 && argc == 2) {
		usage_print(stdout);
		cmd_exit(0);
	}
	if (strcmp(argv[1], "-V") == 0 && argc == 2) {
		version();
		cmd_exit(0);
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		rc = commands[i].run(argc - 1, argv + 1);
		names_clear();
		cmd_exit(rc);
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "-V") == 0)
		usage_error("%s takes no operand", argv[1]);
	if (argv[1][0] == '-')
		usage_error("unknown option: %s", argv[1]);
	usage_error("unknown command: %s", argv[1]);
}
