// pidfd_open (self, NONBLOCK; a dead pid), pidfd_getfd and pidfd_send_signal on a child.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PIDFD_NONBLOCK
#define PIDFD_NONBLOCK O_NONBLOCK
#endif

static long sc(long r)
{
	return r < 0 ? -errno : r;
}

int main(void)
{
	int ready[2];
	char x;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("self=%d\n", getpid());
	printf("selffd=%ld\n", sc(syscall(SYS_pidfd_open, getpid(), PIDFD_NONBLOCK)));

	pid_t dead = fork();
	if (dead == 0)
		_exit(0);
	waitpid(dead, NULL, 0);
	printf("dead=%d\n", dead);
	printf("deadres=%ld\n", sc(syscall(SYS_pidfd_open, dead, 0)));

	if (pipe(ready))
		return 1;
	pid_t child = fork();
	if (child == 0) {
		int fd = open("/dev/null", O_RDONLY);
		dup2(fd, 42);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	if (read(ready[0], &x, 1) != 1)
		return 1;
	printf("child=%d\n", child);
	long cfd = sc(syscall(SYS_pidfd_open, child, 0));
	printf("childfd=%ld\n", cfd);
	printf("stolen=%ld\n", sc(syscall(SYS_pidfd_getfd, cfd, 42, 0)));
	printf("badfd=%ld\n", sc(syscall(SYS_pidfd_getfd, cfd, 999, 0)));
	printf("kill=%ld\n", sc(syscall(SYS_pidfd_send_signal, cfd, SIGKILL, NULL, 0)));
	int status = 0;
	waitpid(child, &status, 0);
	printf("signaled=%d\n", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return 0;
}
