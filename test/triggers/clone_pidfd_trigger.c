// A pidfd from clone(CLONE_PIDFD), never from pidfd_open: the child execs
// ARGV[1] (e.g. /bin/sleep 100); once the new program runs (the close-on-exec
// pipe reads EOF, then the child sleeps in it) the parent kills it with
// pidfd_send_signal. Prints the child's pid, the pidfd and the result.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif

int main(int argc, char **argv)
{
	int pidfd = -1, sync[2];
	char x;

	if (argc < 2 || pipe2(sync, O_CLOEXEC))
		return 1;
	setvbuf(stdout, NULL, _IONBF, 0);
	/* x86_64: flags, stack, parent_tid, child_tid, tls; CLONE_PIDFD stores the pidfd at parent_tid */
	long child = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &pidfd, 0, 0);
	if (child < 0)
		return 1;
	if (child == 0) {
		close(sync[0]);
		execv(argv[1], argv + 1);
		_exit(127);
	}
	close(sync[1]);
	if (read(sync[0], &x, 1) != 0) /* EOF: the old program's fds are closed */
		return 1;
	/*
	 * The fds close early in execve, before the kernel's exec tracepoint:
	 * wait until the new program sleeps (state S), so the exec is over.
	 */
	for (int i = 0; i < 5000; i++) {
		char path[64], stat[512], *state;
		int fd, n;

		snprintf(path, sizeof(path), "/proc/%ld/stat", child);
		fd = open(path, O_RDONLY);
		n = fd < 0 ? -1 : read(fd, stat, sizeof(stat) - 1);
		if (fd >= 0)
			close(fd);
		if (n > 0) {
			stat[n] = 0;
			state = strrchr(stat, ')');
			if (state && state[1] == ' ' && state[2] == 'S')
				break;
		}
		usleep(1000);
	}
	printf("child=%ld\npidfd=%d\n", child, pidfd);
	long r = syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
	printf("kill=%ld\n", r < 0 ? -errno : r);
	int status = 0;
	waitpid(child, &status, 0);
	printf("signaled=%d\n", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return 0;
}
