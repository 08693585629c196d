/*
 * Run as a server would spawn a helper: fork, the child execs argv[1]
 * (with argv[1..] as its arguments), the parent waits. Invoke it through a
 * symlink named after the server (nginx, redis-server...): its comm is the
 * symlink's name, as for the real server. Prints pid= child= status=.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status = 0;
	pid_t child;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PROGRAM [ARGS...]\n", argv[0]);
		return 2;
	}
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		execv(argv[1], argv + 1);
		_exit(127);
	}
	waitpid(child, &status, 0);
	printf("pid=%d\nchild=%d\nstatus=%d\n", getpid(), child, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}
