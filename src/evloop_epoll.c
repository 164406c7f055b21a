/* SPDX-License-Identifier: ISC */
/*
 * evloop on epoll(7), Linux: level-triggered, so that it reports what
 * poll(2) would, at a cost that follows the ready descriptors.  A watch
 * that wants nothing is taken out of the set: epoll reports errors and
 * hang-ups whatever a descriptor waits for.
 */

#include "evbackend.h"

#ifdef EVLOOP_EPOLL
#include <sys/epoll.h>

#include <string.h>

const char evb_name[] = "epoll";
const size_t evb_event_size = sizeof(struct epoll_event);

int
evb_open(struct evloop *ev)
{
	return (ev->fd = epoll_create1(EPOLL_CLOEXEC)) == -1 ? -1 : 0;
}

int
evb_want(struct evloop *ev, struct evwatch *w, int want)
{
	struct epoll_event e;
	int op;

	memset(&e, 0, sizeof(e));
	e.events = want == EVL_READ ? EPOLLIN : EPOLLOUT;
	e.data.ptr = w;
	if (w->want == 0)
		op = EPOLL_CTL_ADD;
	else if (want == 0)
		op = EPOLL_CTL_DEL;
	else
		op = EPOLL_CTL_MOD;
	return epoll_ctl(ev->fd, op, w->fd, &e);
}

int
evb_wait(struct evloop *ev, int timeout)
{
	struct epoll_event *events = ev->events;
	int i, n;

	if ((n = epoll_wait(ev->fd, events, EVLOOP_BATCH, timeout)) == -1)
		return -1;
	for (i = 0; i < n; i++)
		ev->ready[ev->nready++] = events[i].data.ptr;
	return 0;
}

#endif /* EVLOOP_EPOLL */
