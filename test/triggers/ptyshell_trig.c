/*
 * terminal_shell_in_container trigger: starts PROG ARGS... as a child with
 * its stdin, stdout and stderr on a new pty (forkpty, as a runtime's exec
 * with -t does) in mode `pty`, or on a pipe in mode `pipe`; copies the
 * child's output until it exits. The test runs it under the name `runc`.
 * Prints child= and status=.
 */
#include <pty.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <string.h>

int main(int argc, char **argv)
{
	int master = -1, fds[2], status = 0;
	char buf[256];
	pid_t child;
	ssize_t n;

	if (argc < 3)
		return 2;
	if (!strcmp(argv[1], "pty")) {
		child = forkpty(&master, NULL, NULL, NULL);
	} else {
		if (pipe(fds))
			return 1;
		child = fork();
		if (child == 0) {
			dup2(fds[0], 0);
			close(fds[0]);
			close(fds[1]);
		} else {
			close(fds[0]);
			close(fds[1]);
		}
	}
	if (child < 0)
		return 1;
	if (child == 0) {
		execv(argv[2], argv + 2);
		_exit(127);
	}
	while (master >= 0 && (n = read(master, buf, sizeof(buf))) > 0)
		;
	waitpid(child, &status, 0);
	printf("child=%d\nstatus=%d\n", child, WEXITSTATUS(status));
	return 0;
}
