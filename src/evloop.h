/* SPDX-License-Identifier: ISC */
/*
 * evloop: wait on many descriptors at a cost that follows the ready ones,
 * not all of them: epoll(7) on Linux, kqueue(2) on the BSDs and macOS,
 * poll(2) elsewhere, and anywhere when built with -DEVLOOP_POLL.
 *
 * A watch waits for one thing at a time (EVL_READ or EVL_WRITE) or, while
 * its want is 0, for nothing; changing what it wants costs a system call
 * only when the want really changes.
 */

#ifndef EVLOOP_H
#define EVLOOP_H

#include <stddef.h>

#include "evbackend.h"

int		 evloop_open(struct evloop *);
void		 evloop_close(struct evloop *);
const char	*evloop_name(void);
int		 evloop_watch(struct evloop *, struct evwatch *, int, void *);
int		 evloop_want(struct evloop *, struct evwatch *, int);
void		 evloop_forget(struct evloop *, struct evwatch *);
int		 evloop_wait(struct evloop *, int);
struct evwatch	*evloop_ready(const struct evloop *, size_t);

#endif /* EVLOOP_H */
