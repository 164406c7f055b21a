/* SPDX-License-Identifier: ISC */
/*
 * evloop: what every backend shares.  Only descriptors that can block
 * are watched (sockets, pipes, terminals): epoll(7) refuses a regular
 * file, and a kqueue filter may be missing for one.
 *
 * The ready list has room for every watch, since a wait finds each at
 * most once; it grows as watches are added, so a wait never allocates.
 */

#include <stdlib.h>

#include "compat.h"
#include "evloop.h"

int
evloop_open(struct evloop *ev)
{
	ev->nwatch = 0;
	ev->ready = NULL;
	ev->nready = ev->readycap = 0;
	ev->events = NULL;
	if (evb_event_size > 0 && (ev->events = reallocarray(NULL,
	    EVLOOP_BATCH, evb_event_size)) == NULL)
		return -1;
	if (evb_open(ev) == -1) {
		free(ev->events);
		ev->events = NULL;
		return -1;
	}
	return 0;
}

void
evloop_close(struct evloop *ev)
{
	evb_close(ev);
	free(ev->events);
	ev->events = NULL;
	free(ev->ready);
	ev->ready = NULL;
	ev->nready = ev->readycap = 0;
}

/* The kernel mechanism in use, for messages. */
const char *
evloop_name(void)
{
	return evb_name;
}

/* A new watch on fd, wanting nothing yet; owner is the caller's. */
int
evloop_watch(struct evloop *ev, struct evwatch *w, int fd, void *owner)
{
	struct evwatch **ready;
	size_t cap;

	w->fd = fd;
	w->owner = owner;
	w->want = 0;
	if (ev->nwatch == ev->readycap) {
		cap = ev->readycap == 0 ? 64 : ev->readycap * 2;
		ready = reallocarray(ev->ready, cap, sizeof(struct evwatch *));
		if (ready == NULL)
			return -1;
		ev->ready = ready;
		ev->readycap = cap;
	}
	if (evb_watch(ev, w) == -1)
		return -1;
	ev->nwatch++;
	return 0;
}

/*
 * Wait for want (EVL_READ, EVL_WRITE, or 0 for nothing).  After a failure
 * the watch is fit only to be forgotten.
 */
int
evloop_want(struct evloop *ev, struct evwatch *w, int want)
{
	if (want == w->want)
		return 0;
	if (evb_want(ev, w, want) == -1)
		return -1;
	w->want = want;
	return 0;
}

/*
 * Before w's descriptor is closed: the kernel forgets it at close(2) (the
 * caller holds its only reference), so this costs no system call.
 */
void
evloop_forget(struct evloop *ev, struct evwatch *w)
{
	evb_forget(ev, w);
	ev->nwatch--;
}

/*
 * Wait up to timeout ms (-1: for ever); returns how many watches are
 * ready, each given by evloop_ready, or -1 (EINTR included).
 */
int
evloop_wait(struct evloop *ev, int timeout)
{
	ev->nready = 0;
	if (evb_wait(ev, timeout) == -1)
		return -1;
	return (int)ev->nready;
}

struct evwatch *
evloop_ready(const struct evloop *ev, size_t i)
{
	return ev->ready[i];
}
