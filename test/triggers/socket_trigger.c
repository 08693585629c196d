// Sockets with both ends known: TCP over 127.0.0.1 and ::1 (listener, client,
// accepted), a connected UDP socket, unix sockets (a listener bound to a path,
// its client and accepted end, an abstract datagram socket, a socketpair).
// A child steals each with pidfd_getfd and probes the copy with
// fcntl(F_GETFD); the parent first probes its accepted fds the same way. Prints, per socket, its fd and what getsockname and
// getpeername say: NAME=FD LOCAL REMOTE, an inet end as ADDR,PORT, a unix
// end as its name (@name when abstract), '-' for none.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void end_text(const struct sockaddr_storage *ss, socklen_t len, char *out, size_t n)
{
	char ip[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const void *)ss;
		inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip));
		snprintf(out, n, "%s,%u", ip, ntohs(a->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const void *)ss;
		inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof(ip));
		snprintf(out, n, "%s,%u", ip, ntohs(a->sin6_port));
	} else if (ss->ss_family == AF_UNIX && len > offsetof(struct sockaddr_un, sun_path)) {
		const struct sockaddr_un *a = (const void *)ss;
		size_t plen = len - offsetof(struct sockaddr_un, sun_path);
		if (a->sun_path[0] == 0) {
			out[0] = '@';
			memcpy(out + 1, a->sun_path + 1, plen - 1);
			out[plen] = 0;
		} else {
			snprintf(out, n, "%s", a->sun_path);
		}
	} else {
		snprintf(out, n, "-");
	}
}

static void report(const char *name, int fd)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char local[128], remote[128];

	memset(&ss, 0, sizeof(ss));
	len = sizeof(ss);
	if (getsockname(fd, (void *)&ss, &len))
		die("getsockname");
	end_text(&ss, len, local, sizeof(local));
	memset(&ss, 0, sizeof(ss));
	len = sizeof(ss);
	if (getpeername(fd, (void *)&ss, &len))
		snprintf(remote, sizeof(remote), "-");
	else
		end_text(&ss, len, remote, sizeof(remote));
	printf("%s=%d %s %s\n", name, fd, local, remote);
}

/* A listener on `addr`, a client connected to it, the accepted end. */
static void tcp_trio(int family, const char *ip, int fds[3])
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	memset(&ss, 0, sizeof(ss));
	ss.ss_family = family;
	if (family == AF_INET)
		inet_pton(AF_INET, ip, &((struct sockaddr_in *)&ss)->sin_addr);
	else
		inet_pton(AF_INET6, ip, &((struct sockaddr_in6 *)&ss)->sin6_addr);
	fds[0] = socket(family, SOCK_STREAM, 0);
	if (fds[0] < 0 || bind(fds[0], (void *)&ss, family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6)) ||
	    listen(fds[0], 4) || getsockname(fds[0], (void *)&ss, &len))
		die("tcp listener");
	fds[1] = socket(family, SOCK_STREAM, 0);
	if (fds[1] < 0 || connect(fds[1], (void *)&ss, len))
		die("tcp connect");
	fds[2] = accept(fds[0], NULL, NULL);
	if (fds[2] < 0)
		die("accept");
}

int main(void)
{
	int tcp[3], tcp6[3], unix_stream[3], udp, abstract, pair[2];
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	char dir[] = "/tmp/sysray-socket-XXXXXX";
	socklen_t len;

	setvbuf(stdout, NULL, _IONBF, 0);
	tcp_trio(AF_INET, "127.0.0.1", tcp);
	tcp_trio(AF_INET6, "::1", tcp6);

	/* UDP bound to an ephemeral port of 127.0.0.1, connected to the TCP listener's port */
	len = sizeof(to);
	getsockname(tcp[0], (void *)&to, &len);
	udp = socket(AF_INET, SOCK_DGRAM, 0);
	if (udp < 0 || connect(udp, (void *)&to, sizeof(to)))
		die("udp");

	if (!mkdtemp(dir))
		die("mkdtemp");
	snprintf(un.sun_path, sizeof(un.sun_path), "%s/listen.sock", dir);
	unix_stream[0] = socket(AF_UNIX, SOCK_STREAM, 0);
	if (unix_stream[0] < 0 || bind(unix_stream[0], (void *)&un, sizeof(un)) || listen(unix_stream[0], 4))
		die("unix listener");
	unix_stream[1] = socket(AF_UNIX, SOCK_STREAM, 0);
	if (unix_stream[1] < 0 || connect(unix_stream[1], (void *)&un, sizeof(un)))
		die("unix connect");
	unix_stream[2] = accept(unix_stream[0], NULL, NULL);
	if (unix_stream[2] < 0)
		die("unix accept");

	/* abstract: exactly the name's bytes count, no NUL at the end */
	memset(un.sun_path, 0, sizeof(un.sun_path));
	int alen = snprintf(un.sun_path + 1, sizeof(un.sun_path) - 1, "sysray-test-%d", getpid()) + 1;
	abstract = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (abstract < 0 || bind(abstract, (void *)&un, offsetof(struct sockaddr_un, sun_path) + alen))
		die("abstract");
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair))
		die("socketpair");

	report("tcp_listen", tcp[0]);
	report("tcp_client", tcp[1]);
	report("tcp_accepted", tcp[2]);
	report("tcp6_listen", tcp6[0]);
	report("tcp6_client", tcp6[1]);
	report("tcp6_accepted", tcp6[2]);
	report("udp", udp);
	report("unix_listen", unix_stream[0]);
	report("unix_client", unix_stream[1]);
	report("unix_accepted", unix_stream[2]);
	report("unix_abstract", abstract);
	report("unix_pair", pair[0]);
	printf("dir=%s\n", dir);
	/* accept's fds, as accept returned them (the others were made unbound by socket()) */
	fcntl(tcp[2], F_GETFD);
	fcntl(tcp6[2], F_GETFD);
	fcntl(unix_stream[2], F_GETFD);

	pid_t child = fork();
	if (child == 0) {
		int all[] = { tcp[0], tcp[1], tcp[2], tcp6[0], tcp6[1], tcp6[2], udp,
			      unix_stream[0], unix_stream[1], unix_stream[2], abstract, pair[0] };
		int pidfd = syscall(SYS_pidfd_open, getppid(), 0);
		if (pidfd < 0)
			die("pidfd_open");
		for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
			int fd = syscall(SYS_pidfd_getfd, pidfd, all[i], 0);
			if (fd < 0)
				die("pidfd_getfd");
			printf("stolen%d=%d\n", all[i], fd);
			fcntl(fd, F_GETFD);
		}
		_exit(0);
	}
	int status = 1;
	waitpid(child, &status, 0);
	printf("childexit=%d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	snprintf(un.sun_path, sizeof(un.sun_path), "%s/listen.sock", dir);
	unlink(un.sun_path);
	rmdir(dir);
	return 0;
}
