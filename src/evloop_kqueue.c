/* SPDX-License-Identifier: ISC */
/*
 * evloop on kqueue(2): the BSDs and macOS.  Reading and writing are two
 * filters, so a change of want deletes the one and adds the other.
 */

#include "evbackend.h"

#ifdef EVLOOP_KQUEUE
#include <sys/types.h>
#include <sys/event.h>
#include <sys/time.h>

#include <fcntl.h>
#include <stdint.h>
#include <string.h>

const char evb_name[] = "kqueue";
const size_t evb_event_size = sizeof(struct kevent);

/* A kqueue is not inherited by a child, but an exec'd one keeps the fd. */
int
evb_open(struct evloop *ev)
{
	if ((ev->fd = kqueue()) == -1)
		return -1;
	(void)fcntl(ev->fd, F_SETFD, FD_CLOEXEC);
	return 0;
}

static int
filter_of(int want)
{
	return want == EVL_READ ? EVFILT_READ : EVFILT_WRITE;
}

int
evb_want(struct evloop *ev, struct evwatch *w, int want)
{
	struct kevent k;

	if (w->want != 0) {
		EV_SET(&k, w->fd, filter_of(w->want), EV_DELETE, 0, 0, 0);
		if (kevent(ev->fd, &k, 1, NULL, 0, NULL) == -1)
			return -1;
	}
	if (want != 0) {
		/* udata is a pointer on most systems, an intptr_t on NetBSD
		 * before 10: the same bytes either way. */
		EV_SET(&k, w->fd, filter_of(want), EV_ADD, 0, 0, 0);
		memcpy(&k.udata, &w, sizeof(w));
		if (kevent(ev->fd, &k, 1, NULL, 0, NULL) == -1)
			return -1;
	}
	return 0;
}

int
evb_wait(struct evloop *ev, int timeout)
{
	struct kevent *events = ev->events;
	struct timespec ts, *tsp = NULL;
	int i, n;

	if (timeout >= 0) {
		ts.tv_sec = timeout / 1000;
		ts.tv_nsec = (long)(timeout % 1000) * 1000000L;
		tsp = &ts;
	}
	if ((n = kevent(ev->fd, NULL, 0, events, EVLOOP_BATCH, tsp)) == -1)
		return -1;
	for (i = 0; i < n; i++)
		memcpy(&ev->ready[ev->nready++], &events[i].udata,
		    sizeof(struct evwatch *));
	return 0;
}

#endif /* EVLOOP_KQUEUE */
