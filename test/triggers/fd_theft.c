// pidfd_getfd, for the fd_theft signature. A forked child (the victim) holds
// fd 42, then the parent takes it:
//   fd_theft socket        42 is a TCP socket listening on 127.0.0.1 (a port the kernel picks)
//   fd_theft file PATH     42 is PATH, opened read-only
// and the benign twins, which take nothing from another process:
//   fd_theft self          pidfd_getfd of the caller's own fd 42, through a pidfd of itself
//   fd_theft wait          pidfd_open of a child, waitid(P_PIDFD) for it; a pidfd_getfd
//                          of fd 999, which the child does not have (EBADF)
// Prints victim=, pidfd=, stolen= (the new fd or -errno), ino= (of what was taken), port=.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static long sc(long r)
{
	return r < 0 ? -errno : r;
}

/* The victim: makes fd 42 with `make`, says so on `ready`, then waits to be killed. */
static pid_t victim(int (*make)(const char *), const char *arg)
{
	int ready[2];
	char x;

	if (pipe(ready))
		return -1;
	pid_t child = fork();
	if (child == 0) {
		int fd = make(arg);
		if (fd < 0 || dup2(fd, 42) != 42 || write(ready[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	if (read(ready[0], &x, 1) != 1)
		return -1;
	close(ready[0]);
	close(ready[1]);
	return child;
}

static int make_socket(const char *unused)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int s = socket(AF_INET, SOCK_STREAM, 0);

	(void)unused;
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 1))
		return -1;
	return s;
}

static int make_file(const char *path)
{
	return open(path, O_RDONLY);
}

static void steal(pid_t child, int fd)
{
	struct stat st;
	long pidfd = sc(syscall(SYS_pidfd_open, child, 0));
	long stolen = sc(syscall(SYS_pidfd_getfd, pidfd, fd, 0));

	printf("victim=%d\npidfd=%ld\nstolen=%ld\n", child, pidfd, stolen);
	if (stolen >= 0 && fstat(stolen, &st) == 0)
		printf("ino=%lu\n", (unsigned long)st.st_ino);
	if (stolen >= 0) {
		struct sockaddr_in a;
		socklen_t len = sizeof a;
		if (getsockname(stolen, (struct sockaddr *)&a, &len) == 0)
			printf("port=%d\n", ntohs(a.sin_port));
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 2 && strcmp(argv[1], "socket") == 0) {
		steal(victim(make_socket, NULL), 42);
	} else if (argc == 3 && strcmp(argv[1], "file") == 0) {
		steal(victim(make_file, argv[2]), 42);
	} else if (argc == 2 && strcmp(argv[1], "self") == 0) {
		int fd = open("/etc/hostname", O_RDONLY);
		if (fd < 0 || dup2(fd, 42) != 42)
			return 1;
		long pidfd = sc(syscall(SYS_pidfd_open, getpid(), 0));
		printf("pidfd=%ld\nstolen=%ld\n", pidfd, sc(syscall(SYS_pidfd_getfd, pidfd, 42, 0)));
	} else if (argc == 2 && strcmp(argv[1], "wait") == 0) {
		siginfo_t info;
		pid_t child = victim(make_file, "/etc/hostname");
		long pidfd = sc(syscall(SYS_pidfd_open, child, 0));
		printf("victim=%d\npidfd=%ld\nbadfd=%ld\n", child, pidfd, sc(syscall(SYS_pidfd_getfd, pidfd, 999, 0)));
		kill(child, SIGKILL);
		memset(&info, 0, sizeof info);
		long waited = sc(syscall(SYS_waitid, P_PIDFD, pidfd, &info, WEXITED, NULL));
		printf("waited=%ld\nwaitedpid=%d\nsignaled=%d\n", waited, info.si_pid, info.si_status);
	} else {
		fprintf(stderr, "usage: fd_theft socket | file PATH | self | wait\n");
		return 2;
	}
	return 0;
}
