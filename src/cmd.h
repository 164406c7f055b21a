/* SPDX-License-Identifier: ISC */
/*
 * The command layer: the only code that prints or exits.  credcheck.c has
 * main() and the command table, cmd.c what every command shares, and each
 * cmd_*.c one command.
 */

#ifndef CMD_H
#define CMD_H

#include <stdio.h>

#include "expect.h"
#include "output.h"

struct record;

/* One kind of diagnostic a peer can cause: see cmd_warnx_limited(). */
struct cmd_limit {
	long long	 second;	/* of the last line printed */
	unsigned long	 left_out;	/* since then */
	int		 printed;
};

/*
 * An optstring: errors are returned, not printed (':'), and options end
 * at the first operand on every system, as BSD getopt(3) reads them;
 * glibc's permutes unless told not to ('+'), so that "connect PATH -n"
 * would mean one thing on Linux and another on the BSDs.
 */
#ifdef __GLIBC__
#define CMD_OPTIONS(s)	"+:" s
#else
#define CMD_OPTIONS(s)	":" s
#endif

int	 cmd_selftest(int, char **);
int	 cmd_serve(int, char **);
int	 cmd_connect(int, char **);
int	 cmd_fd(int, char **);

void	 cmd_common_flag(int, struct outopts *, const char *);
void	 cmd_expect_arg(int, const char *, struct expect *);
void	 cmd_exit(int)
#if defined(__GNUC__) || defined(__clang__)
	    __attribute__((__noreturn__))
#endif
	    ;
long long cmd_number_arg(const char *, long long, long long, const char *);
void	 cmd_operands(int, char **, int, int, const char *, const char *);
const char *cmd_path_arg(const char *);
char *cmd_shown(const char *);
int	 cmd_type_arg(const char *);
void	 cmd_warnx_limited(struct cmd_limit *, const char *, ...)
#if defined(__GNUC__) || defined(__clang__)
	    __attribute__((__format__(__printf__, 2, 3)))
#endif
	    ;
void	 usage_print(FILE *);
void	 usage_error(const char *, ...)
#if defined(__GNUC__) || defined(__clang__)
	    __attribute__((__noreturn__, __format__(__printf__, 1, 2)))
#endif
	    ;

void	 cmd_record_warn(const struct record *);

#endif /* CMD_H */
