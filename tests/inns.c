/* SPDX-License-Identifier: ISC */
/*
 * inns: a test helper that runs a command in a new user namespace with
 * the uid and gid maps given, which unshare(1) cannot write without
 * newuidmap(1).  Linux, as root.
 *
 *	inns -u "inside outside count[,...]" -g "..." command [arg ...]
 *
 * A forked child, still outside with root's capabilities there, writes
 * the maps of the new namespace; then this process, whose pid the caller
 * knows, becomes the command.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <err.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef CLONE_NEWUSER
int
main(void)
{
	errx(2, "user namespaces are Linux's");
}
#else

/* A map, its lines separated by commas, into the file the kernel reads. */
static void
write_map(pid_t pid, const char *name, const char *map)
{
	char path[64], text[1024];
	size_t i;
	int fd;

	if (strlcpy(text, map, sizeof(text)) >= sizeof(text))
		errx(2, "%s: too long", name);
	for (i = 0; text[i] != '\0'; i++)
		if (text[i] == ',')
			text[i] = '\n';
	snprintf(path, sizeof(path), "/proc/%ld/%s", (long)pid, name);
	if ((fd = open(path, O_WRONLY)) == -1)
		err(1, "%s", path);
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		err(1, "%s: %s", path, map);
	close(fd);
}

int
main(int argc, char *argv[])
{
	const char *uid_map = "0 0 1", *gid_map = "0 0 1";
	int ready[2], ch, status;
	pid_t self = getpid(), child;
	char c;

	while ((ch = getopt(argc, argv, "+u:g:")) != -1) {
		if (ch == 'u')
			uid_map = optarg;
		else if (ch == 'g')
			gid_map = optarg;
		else
			errx(2, "usage: inns [-u map] [-g map] command ...");
	}
	if (optind == argc)
		errx(2, "usage: inns [-u map] [-g map] command ...");
	if (pipe(ready) == -1)
		err(1, "pipe");
	if ((child = fork()) == -1)
		err(1, "fork");
	if (child == 0) {
		close(ready[1]);
		if (read(ready[0], &c, 1) != 1)
			_exit(1);
		write_map(self, "uid_map", uid_map);
		write_map(self, "gid_map", gid_map);
		_exit(0);
	}
	close(ready[0]);
	if (unshare(CLONE_NEWUSER) == -1)
		err(1, "unshare");
	if (write(ready[1], "x", 1) != 1)
		err(1, "write");
	if (waitpid(child, &status, 0) == -1 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		errx(1, "the maps were not written");
	execvp(argv[optind], argv + optind);
	err(1, "%s", argv[optind]);
}
#endif
