/* SPDX-License-Identifier: ISC */
/*
 * credcheck: main(), usage() and the command table.
 */

#include <sys/types.h>

#include <err.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "credcheck.h"

static const struct command {
	const char	*name;
	int		(*run)(int, char **);
} commands[] = {
	{ "selftest",	cmd_selftest },
	{ "serve",	cmd_serve },
	{ "connect",	cmd_connect },
};

void
usage_print(FILE *fp)
{
	fprintf(fp,
	    "usage: %s selftest [-jnv]\n"
	    "       %s serve [-1jnv] [-c count] [-m mode] [-t seconds] path\n"
	    "       %s connect [-jnv] [-t seconds] path\n"
	    "       %s -h | -V\n",
	    getprogname(), getprogname(), getprogname(), getprogname());
}

void
usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	usage_print(stderr);
	exit(2);
}

/* A number option between min and max, or a usage error naming it. */
long long
number_arg(const char *s, long long min, long long max, const char *what)
{
	const char *errstr;
	long long v;

	v = strtonum(s, min, max, &errstr);
	if (errstr != NULL)
		usage_error("%s %s: %s", what, s, errstr);
	return v;
}

/*
 * The -h, -j, -n and -v flags every command takes; anything else getopt(3)
 * returned is a usage error (optstrings start with ':').
 */
void
common_flag(int ch, struct outopts *o, const char *cmd)
{
	switch (ch) {
	case 'j':
		o->json = 1;
		break;
	case 'n':
		o->numeric = 1;
		break;
	case 'v':
		o->verbose = 1;
		break;
	case 'h':
		usage_print(stdout);
		exit(0);
	case ':':
		usage_error("option -%c needs a value", optopt);
	default:
		usage_error("unknown option -%c for %s", optopt, cmd);
	}
}

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

int
main(int argc, char *argv[])
{
	size_t i;
	int rc;

	/* A peer that hangs up must cost an error, never the process. */
	signal(SIGPIPE, SIG_IGN);
	opterr = 0;
	if (mech_init() == -1)
		err(1, "mechanism table");
	if (argc < 2)
		usage_error("a command is required");
	if (strcmp(argv[1], "-h") == 0 && argc == 2) {
		usage_print(stdout);
		return 0;
	}
	if (strcmp(argv[1], "-V") == 0 && argc == 2) {
		version();
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		rc = commands[i].run(argc - 1, argv + 1);
		names_clear();
		if (fflush(stdout) == EOF || ferror(stdout))
			err(1, "stdout");
		return rc;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "-V") == 0)
		usage_error("%s takes no operand", argv[1]);
	if (argv[1][0] == '-')
		usage_error("unknown option: %s", argv[1]);
	usage_error("unknown command: %s", argv[1]);
}
