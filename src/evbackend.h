/* SPDX-License-Identifier: ISC */
/*
 * The event loop's kernel side: the choice of mechanism, the structures,
 * and what each backend (evloop_epoll.c, evloop_kqueue.c, evloop_poll.c)
 * gives evloop.c, which is all that the rest of credcheck calls (see
 * evloop.h).  Only the backend chosen here is built.
 *
 * evb_open:	make the kernel's side; ev->events is there already.
 * evb_want:	make the kernel watch w for want (0: for nothing) instead
 *		of w->want, which still says what it watched for.
 * evb_wait:	wait, then put each watch found ready in ev->ready.
 */

#ifndef EVBACKEND_H
#define EVBACKEND_H

#include <stddef.h>

#if defined(EVLOOP_POLL) || defined(EVLOOP_KQUEUE)	/* forced */
#elif defined(__linux__)
#define EVLOOP_EPOLL
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || \
    defined(__OpenBSD__) || defined(__DragonFly__)
#define EVLOOP_KQUEUE
#else
#define EVLOOP_POLL
#endif

#ifdef EVLOOP_POLL
#include <poll.h>
#endif

#define EVL_READ	0x1
#define EVL_WRITE	0x2

#define EVLOOP_BATCH	256	/* kernel events taken per wait */

struct evwatch {
	int		 fd;
	void		*owner;		/* the caller's, untouched */
	int		 want;		/* EVL_READ, EVL_WRITE or 0 */
	size_t		 slot;		/* poll(2): its entry */
};

struct evloop {
#ifdef EVLOOP_POLL
	struct pollfd	 *pfds;
	struct evwatch	**watches;	/* by slot */
	size_t		  n, cap;
#else
	int		  fd;
#endif
	void		 *events;	/* EVLOOP_BATCH of evb_event_size */
	size_t		  nwatch;
	struct evwatch	**ready;	/* what the last wait found */
	size_t		  nready, readycap;
};

extern const char evb_name[];
extern const size_t evb_event_size;	/* 0: no event array */
int		 evb_open(struct evloop *);
void		 evb_close(struct evloop *);
int		 evb_watch(struct evloop *, struct evwatch *);
int		 evb_want(struct evloop *, struct evwatch *, int);
void		 evb_forget(struct evloop *, struct evwatch *);
int		 evb_wait(struct evloop *, int);

#endif /* EVBACKEND_H */
