/*
 * A real reverse shell on loopback: the parent listens on 127.0.0.1 (an
 * ephemeral port), the child connects back and execs /bin/sh with the
 * socket as its stdin, stdout and stderr; the parent sends it a command and
 * reads the answer. How the socket reaches fds 0-2 is the mode:
 *   dup2     socket fd > 2, dup2 onto 0 and 1, dup3 onto 2
 *   dup      socket fd > 2, 0-2 closed, dup three times
 *   fcntl    socket fd > 2, 0-2 closed, fcntl(F_DUPFD, n) for n = 0, 1, 2
 *   connect  0 closed: socket() is fd 0 and connect(0, ...); dup2 onto 1, 2
 * Benign twins:
 *   high     the connected socket is dup2'd onto fd 7, not stdio, and the
 *            program answers on it itself
 *   unix     the same shell over a unix socketpair (no inet peer)
 * Prints pid=, child=, port=, sock= (the child's socket fd before copies),
 * answer= (what the shell said).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static const char command[] = "echo shell-$$-answered; exit 0\n";

static void shell(void)
{
	execl("/bin/sh", "sh", (char *)0);
	_exit(127);
}

/* The child: its own socket to the parent on fds 0-2 by `mode`, then the shell. */
static void child(const char *mode, struct sockaddr_in *to, int syncfd)
{
	int s, n;

	if (strcmp(mode, "connect") == 0) {
		close(0);
		s = socket(AF_INET, SOCK_STREAM, 0); /* the lowest free fd: 0 */
	} else {
		s = socket(AF_INET, SOCK_STREAM, 0);
	}
	dprintf(syncfd, "%d\n", s);
	close(syncfd);
	if (s < 0 || connect(s, (struct sockaddr *)to, sizeof(*to)) != 0)
		_exit(1);
	if (strcmp(mode, "dup2") == 0 || strcmp(mode, "connect") == 0) {
		if (strcmp(mode, "dup2") == 0)
			dup2(s, 0);
		dup2(s, 1);
		dup3(s, 2, 0);
	} else if (strcmp(mode, "dup") == 0) {
		close(0), close(1), close(2);
		dup(s), dup(s), dup(s);
	} else if (strcmp(mode, "fcntl") == 0) {
		close(0), close(1), close(2);
		for (n = 0; n < 3; n++)
			fcntl(s, F_DUPFD, n);
	} else if (strcmp(mode, "high") == 0) {
		/* no shell: the program itself answers on its copy */
		char buf[256];

		dup2(s, 7);
		close(s);
		if (read(7, buf, sizeof(buf)) > 0)
			dprintf(7, "shell-%d-answered\n", getpid());
		_exit(0);
	}
	if (s > 2)
		close(s);
	shell();
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t alen = sizeof(addr);
	char answer[256] = "";
	int sync[2], conn, lsn, status = 0, sock = -1, got = 0;
	pid_t pid;
	FILE *f;

	if (strcmp(mode, "unix") == 0) {
		int sp[2];

		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) != 0)
			return 1;
		pid = fork();
		if (pid == 0) {
			close(sp[0]);
			dup2(sp[1], 0), dup2(sp[1], 1), dup2(sp[1], 2);
			close(sp[1]);
			shell();
		}
		close(sp[1]);
		conn = sp[0];
	} else {
		addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		lsn = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (lsn < 0 || bind(lsn, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(lsn, 1) != 0 ||
		    getsockname(lsn, (struct sockaddr *)&addr, &alen) != 0 || pipe(sync) != 0)
			return 1;
		pid = fork();
		if (pid == 0) {
			close(lsn), close(sync[0]);
			child(mode, &addr, sync[1]);
		}
		close(sync[1]);
		f = fdopen(sync[0], "r");
		if (!f || fscanf(f, "%d", &sock) != 1)
			return 1;
		fclose(f);
		conn = accept(lsn, 0, 0);
		close(lsn);
		if (conn < 0)
			return 1;
	}
	if (write(conn, command, sizeof(command) - 1) < 0)
		return 1;
	for (int n; got < (int)sizeof(answer) - 1 && (n = read(conn, answer + got, sizeof(answer) - 1 - got)) > 0;)
		got += n;
	answer[got] = 0;
	answer[strcspn(answer, "\n")] = 0;
	waitpid(pid, &status, 0);
	printf("pid=%d\nchild=%d\nport=%d\nsock=%d\nanswer=%s\nstatus=%d\n", getpid(), pid, ntohs(addr.sin_port), sock,
	       answer, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}
