/* SPDX-License-Identifier: ISC */
/*
 * The server's clients, in order of deadline.  Every client gets the same
 * time from its accept, so the order of deadlines is the order of arrival:
 * the queue is a FIFO, the next deadline is its head, and expiry never
 * looks past the first live one.
 */

#include <sys/types.h>
#include <sys/resource.h>

#include <errno.h>
#include <limits.h>
#include <stddef.h>

#include "clients.h"

void
clients_init(struct clientset *cs)
{
	cs->oldest = cs->newest = NULL;
}

void
clients_add(struct clientset *cs, struct client *c)
{
	c->newer = NULL;
	c->older = cs->newest;
	if (cs->newest != NULL)
		cs->newest->newer = c;
	else
		cs->oldest = c;
	cs->newest = c;
}

void
clients_remove(struct clientset *cs, struct client *c)
{
	if (c->older != NULL)
		c->older->newer = c->newer;
	else
		cs->oldest = c->newer;
	if (c->newer != NULL)
		c->newer->older = c->older;
	else
		cs->newest = c->older;
}

/*
 * Room for as many clients as the system lets this process have: the soft
 * limit on open files (often 1024) raised to the hard one.  Returns 1 when
 * it was raised, with the limits before and after, 0 when it already was,
 * -1 on error.
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
