/* SPDX-License-Identifier: ISC */
/*
 * What a UCSPI supervisor (s6-ipcserver, ucspi-unix's unixserver) says of
 * the peer it accepted, in its environment (supervisor.c).
 */

#ifndef SUPERVISOR_H
#define SUPERVISOR_H

#include "peercred.h"

enum sup_field { SUP_EUID, SUP_EGID, SUP_PID, SUP_NFIELDS };

#define SUP_PROTO_MAX	16

struct supervisor {
	char		 proto[SUP_PROTO_MAX];	/* "IPC", "UNIX"; "": none */
	unsigned	 set;		/* SUP_BIT()s of the variables given */
	unsigned	 unreadable;	/* set, but not an id */
	unsigned	 disagree;	/* not what the kernel says */
	unsigned long	 val[SUP_NFIELDS];
};

#define SUP_BIT(f)	(1u << (f))

extern const char *const sup_suffix[SUP_NFIELDS];
extern const enum pc_field sup_kernel_field[SUP_NFIELDS];

int	 supervisor_read(struct supervisor *);
void	 supervisor_compare(struct supervisor *, const struct peercred *);
void	 supervisor_var(const struct supervisor *, enum sup_field, char *,
	    size_t);

#endif /* SUPERVISOR_H */
