/* SPDX-License-Identifier: ISC */
/*
 * What the event loop's kernel-side backends, epoll(7) and kqueue(2),
 * share: the set is one descriptor, and a watch costs nothing until it
 * wants something, nor after its descriptor is closed, since the kernel
 * forgets a descriptor when it is closed.
 */

#include "evbackend.h"

#ifndef EVLOOP_POLL
#include <unistd.h>

void
evb_close(struct evloop *ev)
{
	if (ev->fd != -1)
		close(ev->fd);
	ev->fd = -1;
}

int
evb_watch(struct evloop *ev, struct evwatch *w)
{
	(void)ev;
	(void)w;
	return 0;
}

void
evb_forget(struct evloop *ev, struct evwatch *w)
{
	(void)ev;
	(void)w;
}

#endif /* EVLOOP_POLL */
