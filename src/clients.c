/* SPDX-License-Identifier: ISC */
/*
 * The server's clients: a table whose slots match the entries of the
 * pollfd array, so poll(2) is handed the same array each time and a
 * client's events change in place, and a queue in order of deadline.
 * Every client gets the same time from its accept, so the order of
 * deadlines is the order of arrival: the queue is a FIFO, the next
 * deadline is its head, and expiry never looks past the first live one.
 */

#include <sys/types.h>
#include <sys/resource.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>

#include "compat.h"
#include "serve.h"

void
clients_init(struct clientset *cs, size_t fixed)
{
	cs->clients = NULL;
	cs->pfds = NULL;
	cs->n = cs->cap = 0;
	cs->fixed = fixed;
	cs->oldest = cs->newest = NULL;
}

static int
clients_grow(struct clientset *cs)
{
	struct client **clients;
	struct pollfd *pfds;
	size_t cap = cs->cap == 0 ? 64 : cs->cap * 2;

	if ((clients = reallocarray(cs->clients, cap,
	    sizeof(struct client *))) ==
	    NULL)
		return -1;
	cs->clients = clients;
	if ((pfds = reallocarray(cs->pfds, cap + cs->fixed,
	    sizeof(*pfds))) == NULL)
		return -1;
	cs->pfds = pfds;
	cs->cap = cap;
	return 0;
}

/* Room for the fixed entries before any client comes. */
int
clients_reserve(struct clientset *cs)
{
	return cs->cap == 0 ? clients_grow(cs) : 0;
}

int
clients_add(struct clientset *cs, struct client *c, short events)
{
	struct pollfd *pfd;

	if (cs->n == cs->cap && clients_grow(cs) == -1)
		return -1;
	c->slot = cs->n++;
	cs->clients[c->slot] = c;
	pfd = &cs->pfds[cs->fixed + c->slot];
	pfd->fd = c->fd;
	pfd->events = events;
	pfd->revents = 0;
	c->newer = NULL;
	c->older = cs->newest;
	if (cs->newest != NULL)
		cs->newest->newer = c;
	else
		cs->oldest = c;
	cs->newest = c;
	return 0;
}

/* Take c out; the last client moves into its slot. */
void
clients_remove(struct clientset *cs, struct client *c)
{
	struct client *last = cs->clients[--cs->n];

	if (c->older != NULL)
		c->older->newer = c->newer;
	else
		cs->oldest = c->newer;
	if (c->newer != NULL)
		c->newer->older = c->older;
	else
		cs->newest = c->older;
	cs->clients[c->slot] = last;
	cs->pfds[cs->fixed + c->slot] = cs->pfds[cs->fixed + last->slot];
	last->slot = c->slot;
}

void
clients_events(struct clientset *cs, const struct client *c, short events)
{
	cs->pfds[cs->fixed + c->slot].events = events;
}

void
clients_free(struct clientset *cs)
{
	free(cs->clients);
	free(cs->pfds);
	clients_init(cs, cs->fixed);
}

/*
 * Room for as many clients as the system lets this process have: the soft
 * limit on open files (often 1024) raised to the hard one, where poll(2)
 * also finds its limit on descriptors.  Returns 1 when it was raised, with
 * the limits before and after, 0 when it already was, -1 on error.
 */
int
clients_room(rlim_t *from, rlim_t *to)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return -1;
	*from = *to = rl.rlim_cur;
	if (rl.rlim_cur == rl.rlim_max)
		return 0;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1) {
#ifdef OPEN_MAX
		/* macOS takes no more than OPEN_MAX, whatever the hard limit. */
		if (errno != EINVAL || rl.rlim_max <= OPEN_MAX)
			return -1;
		rl.rlim_cur = OPEN_MAX;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			return -1;
#else
		return -1;
#endif
	}
	*to = rl.rlim_cur;
	return 1;
}
