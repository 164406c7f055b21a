/* SPDX-License-Identifier: ISC */
/*
 * evloop on poll(2), for every system, and the fallback where the others
 * are missing: one pollfd per watch, a negative descriptor while it wants
 * nothing, so that a wait scans every watch.
 */

#include "evbackend.h"

#ifdef EVLOOP_POLL
#include <poll.h>
#include <stdlib.h>

#include "compat.h"

const char evb_name[] = "poll";
const size_t evb_event_size = 0;

int
evb_open(struct evloop *ev)
{
	ev->pfds = NULL;
	ev->watches = NULL;
	ev->n = ev->cap = 0;
	return 0;
}

void
evb_close(struct evloop *ev)
{
	free(ev->pfds);
	free(ev->watches);
	evb_open(ev);
}

int
evb_watch(struct evloop *ev, struct evwatch *w)
{
	struct pollfd *pfds;
	struct evwatch **watches;
	size_t cap;

	if (ev->n == ev->cap) {
		cap = ev->cap == 0 ? 64 : ev->cap * 2;
		if ((pfds = reallocarray(ev->pfds, cap, sizeof(*pfds))) ==
		    NULL)
			return -1;
		ev->pfds = pfds;
		if ((watches = reallocarray(ev->watches, cap,
		    sizeof(struct evwatch *))) == NULL)
			return -1;
		ev->watches = watches;
		ev->cap = cap;
	}
	w->slot = ev->n++;
	ev->watches[w->slot] = w;
	ev->pfds[w->slot].fd = -1;
	ev->pfds[w->slot].events = 0;
	ev->pfds[w->slot].revents = 0;
	return 0;
}

int
evb_want(struct evloop *ev, struct evwatch *w, int want)
{
	struct pollfd *pfd = &ev->pfds[w->slot];

	/* poll(2) passes over a negative descriptor. */
	pfd->fd = want != 0 ? w->fd : -1;
	pfd->events = want == EVL_READ ? POLLIN : POLLOUT;
	return 0;
}

/* The last watch moves into w's slot. */
void
evb_forget(struct evloop *ev, struct evwatch *w)
{
	struct evwatch *last = ev->watches[--ev->n];

	ev->pfds[w->slot] = ev->pfds[last->slot];
	ev->watches[w->slot] = last;
	last->slot = w->slot;
}

int
evb_wait(struct evloop *ev, int timeout)
{
	size_t i;

	if (poll(ev->pfds, (nfds_t)ev->n, timeout) == -1)
		return -1;
	for (i = 0; i < ev->n; i++)
		if (ev->pfds[i].revents != 0)
			ev->ready[ev->nready++] = ev->watches[i];
	return 0;
}

#endif /* EVLOOP_POLL */
