// The fd table across open, dup2, close, F_DUPFD_CLOEXEC, pipe2, socket,
// fork and exec. Every step is probed with fcntl(FD, F_GETFD) (or read), so
// the test sees how each fd argument renders after it. fcntl(999, F_GETFD)
// marks the start of the steps (the loader's own reads and closes come
// before it). Run again as `fd_trigger after-exec`, it probes fds 50 and 60
// in the exec'd program.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MARK 999

int main(int argc, char **argv)
{
	char buf[1];

	if (argc == 2 && strcmp(argv[1], "after-exec") == 0) {
		fcntl(MARK, F_GETFD);
		int r50 = fcntl(50, F_GETFD); /* kept: not close-on-exec */
		int r60 = fcntl(60, F_GETFD); /* gone at exec */
		ssize_t n = read(50, buf, 1);
		syscall(SYS_close_range, 50, 60, 0);
		int gone = fcntl(50, F_GETFD);
		printf("exec50=%d\nexec60=%d\nexecread=%zd\nexecgone=%d\n", r50, r60, n, gone);
		return 0;
	}

	int a, c, p[2], s;
	struct stat st;

	fcntl(MARK, F_GETFD);
	a = open("/etc/hostname", O_RDONLY);
	dup2(a, 50);
	close(a);
	fcntl(a, F_GETFD);                /* closed: bare number */
	read(50, buf, 1);                 /* 50=/etc/hostname */
	c = fcntl(50, F_DUPFD_CLOEXEC, 60);
	fcntl(c, F_GETFD);                /* FD_CLOEXEC */
	if (pipe2(p, 0) || fstat(p[1], &st))
		return 1;
	fcntl(p[1], F_GETFD);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	fcntl(s, F_GETFD);
	close(s);
	fcntl(s, F_GETFD);                /* closed again: bare */
	printf("a=%d\nc=%d\npipe0=%d\npipe1=%d\npipeino=%lu\nsock=%d\n", a, c, p[0], p[1], (unsigned long)st.st_ino, s);
	fflush(stdout);

	pid_t child = fork();
	if (child == 0) {
		read(50, buf, 1);         /* copied at fork */
		fcntl(60, F_GETFD);
		fcntl(p[0], F_GETFD);
		execl(argv[0], argv[0], "after-exec", (char *)NULL);
		_exit(127);
	}
	int status = 0;
	waitpid(child, &status, 0);
	close(50);                        /* the parent's 50: its own table */
	fcntl(50, F_GETFD);
	fcntl(60, F_GETFD);               /* still open in the parent */
	printf("child=%d\nchildexit=%d\n", child, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}
