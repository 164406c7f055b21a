/* SPDX-License-Identifier: ISC */
/*
 * The rump build's <sys/event.h>: kqueue(2) as NetBSD declares it, for
 * evloop_kqueue.c on NetBSD's kernel code (make check-rump).  Linux has
 * no such header; the structure, the filters and the flags are NetBSD's
 * (NetBSD-current 7.99, udata an intptr_t), and tests/rump/shim.c passes
 * them to the rump kernel as they are, but for the descriptors.
 */

#ifndef CREDCHECK_RUMP_SYS_EVENT_H
#define CREDCHECK_RUMP_SYS_EVENT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define EVFILT_READ	0U
#define EVFILT_WRITE	1U

#define EV_ADD		0x0001U
#define EV_DELETE	0x0002U
#define EV_ERROR	0x4000U
#define EV_EOF		0x8000U

struct kevent {
	uintptr_t	ident;
	uint32_t	filter;
	uint32_t	flags;
	uint32_t	fflags;
	int64_t		data;
	intptr_t	udata;
};

#define EV_SET(kevp, a, b, c, d, e, f) do {				\
	(kevp)->ident = (a);						\
	(kevp)->filter = (b);						\
	(kevp)->flags = (c);						\
	(kevp)->fflags = (d);						\
	(kevp)->data = (e);						\
	(kevp)->udata = (f);						\
} while (0)

int	kqueue(void);
int	kevent(int, const struct kevent *, size_t, struct kevent *, size_t,
	    const struct timespec *);

#endif /* CREDCHECK_RUMP_SYS_EVENT_H */
