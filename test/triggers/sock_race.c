// connect and bind whose addr changes under the kernel, or whose socket fd
// does, for the kernel truth of sockets (src/decode/kernel-truth/sockets.ts).
// One mode per run (argv[1]); each prints key=value lines:
//
//   overwrite  a blocking connect (SO_SNDTIMEO 300 ms) to a TCP listener whose
//              accept queue is full, so its SYN is dropped and the call waits
//              and ends in EINPROGRESS; once it sleeps (the kernel has its
//              copy of the addr), a thread overwrites the sockaddr's port.
//              port=listener's  other=the port written  ret=-errno
//   bind0      bind of 127.0.0.1:0; port=what getsockname says
//   any        connect to 0.0.0.0:PORT and [::]:PORT6 (the kernel's loopback),
//              listeners on 127.0.0.1 and ::1. port= port6=
//   unix       DIR (argv[2]): bind DIR/s.sock, listen, connect to it by the
//              relative name s.sock (cwd DIR); bind @sysray-race-PID,
//              listen, connect to it. abstract=the name, pid=getpid
//   phantom    connect with a sockaddr_in across two userfaultfd pages
//              (phantom.h): the kernel gets 127.0.0.1:PORT_A (a listener),
//              user memory then reads 127.0.0.1:PORT_B (another one).
//              a= b= ret= faults=
//   dup2       the blocking connect of `overwrite`; once it sleeps, a thread
//              dup2s a UDP socket connected to 127.0.0.1:9 onto its fd.
//              fd= port= ret=
//
// "Once it sleeps": the thread polls /proc/self/task/TID/syscall, which
// shows the syscall number only while the thread is blocked in it; connect
// blocks only after copying the addr (move_addr_to_kernel).
#include "phantom.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static struct sockaddr_in loopback(unsigned short port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static unsigned short port_of(int fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	if (getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		die("getsockname");
	return ntohs(a.sin_port);
}

/* A TCP listener on 127.0.0.1, any port, with `backlog`. */
static int listener(int backlog)
{
	struct sockaddr_in a = loopback(0);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, backlog) < 0)
		die("listener");
	return fd;
}

/*
 * A listener whose accept queue is full: listen(0) takes one connection, and
 * drops the SYNs after it (sk_acceptq_is_full), so a connect to it waits.
 */
static int full_listener(int *filler)
{
	int l = listener(0);
	struct sockaddr_in a = loopback(port_of(l));

	*filler = socket(AF_INET, SOCK_STREAM, 0);
	if (*filler < 0 || connect(*filler, (struct sockaddr *)&a, sizeof(a)) < 0)
		die("filler connect");
	usleep(50 * 1000); /* its handshake completes: the queue holds it */
	return l;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Waits until thread `tid` sleeps in syscall `nr` (at most 5 s). */
static void wait_blocked_in(pid_t tid, int nr)
{
	char path[64], buf[64];

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", tid);
	for (int i = 0; i < 5000; i++) {
		FILE *f = fopen(path, "r");
		int n = f && fgets(buf, sizeof(buf), f) ? atoi(buf) : -1;

		if (f)
			fclose(f);
		if (n == nr && buf[0] != 'r') /* "running" otherwise */
			return;
		sleep_ms(1);
	}
	fprintf(stderr, "thread %d never blocked in syscall %d\n", tid, nr);
	exit(2);
}

static struct sockaddr_in target;
static pid_t main_tid;
static int victim_fd, replacement_fd;

static void *overwrite_port(void *arg)
{
	wait_blocked_in(main_tid, SYS_connect);
	target.sin_port = htons(*(unsigned short *)arg);
	return NULL;
}

static void *replace_fd(void *arg)
{
	(void)arg;
	wait_blocked_in(main_tid, SYS_connect);
	if (dup2(replacement_fd, victim_fd) < 0)
		die("dup2");
	return NULL;
}

/* A TCP client whose blocking connect gives up after 300 ms (EINPROGRESS). */
static int patient_client(void)
{
	struct timeval tv = { .tv_sec = 0, .tv_usec = 300 * 1000 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0)
		die("client");
	return fd;
}

static int connect_ret(int fd, const void *addr, socklen_t len)
{
	return connect(fd, addr, len) < 0 ? -errno : 0;
}

static int mode_overwrite(void)
{
	int filler, l = full_listener(&filler), c = patient_client(), other = listener(1);
	unsigned short port = port_of(l), other_port = port_of(other);
	pthread_t t;

	target = loopback(port);
	pthread_create(&t, NULL, overwrite_port, &other_port);
	int ret = connect_ret(c, &target, sizeof(target));
	pthread_join(t, NULL);
	printf("port=%u\nother=%u\nret=%d\nnow=%u\n", port, other_port, ret, ntohs(target.sin_port));
	return 0;
}

static int mode_bind0(void)
{
	struct sockaddr_in a = loopback(0);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		die("bind");
	printf("port=%u\n", port_of(fd));
	return 0;
}

static int mode_any(void)
{
	int l = listener(4), c = socket(AF_INET, SOCK_STREAM, 0);
	int l6 = socket(AF_INET6, SOCK_STREAM, 0), c6 = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in any = loopback(port_of(l));
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	socklen_t len = sizeof(a6);

	if (bind(l6, (struct sockaddr *)&a6, sizeof(a6)) < 0 || listen(l6, 4) < 0 ||
	    getsockname(l6, (struct sockaddr *)&a6, &len) < 0)
		die("listener6");
	any.sin_addr.s_addr = htonl(INADDR_ANY);
	a6.sin6_addr = in6addr_any;
	if (connect(c, (struct sockaddr *)&any, sizeof(any)) < 0 || connect(c6, (struct sockaddr *)&a6, sizeof(a6)) < 0)
		die("connect to any");
	printf("port=%u\nport6=%u\n", ntohs(any.sin_port), ntohs(a6.sin6_port));
	return 0;
}

static socklen_t abstract_name(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path + 1, name);
	return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name);
}

static int mode_unix(const char *dir)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int l = socket(AF_UNIX, SOCK_STREAM, 0), c = socket(AF_UNIX, SOCK_STREAM, 0);
	int al = socket(AF_UNIX, SOCK_STREAM, 0), ac = socket(AF_UNIX, SOCK_STREAM, 0);
	char name[64];
	socklen_t len;

	snprintf(a.sun_path, sizeof(a.sun_path), "%s/s.sock", dir);
	if (bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 4) < 0)
		die("unix bind");
	if (chdir(dir) < 0)
		die("chdir");
	strcpy(a.sun_path, "s.sock");
	if (connect(c, (struct sockaddr *)&a, sizeof(a)) < 0)
		die("unix connect");
	snprintf(name, sizeof(name), "sysray-race-%d", getpid());
	len = abstract_name(&a, name);
	if (bind(al, (struct sockaddr *)&a, len) < 0 || listen(al, 4) < 0)
		die("abstract bind");
	if (connect(ac, (struct sockaddr *)&a, len) < 0)
		die("abstract connect");
	printf("abstract=@%s\npid=%d\n", name, getpid());
	return 0;
}

static int mode_phantom(void)
{
	int la = listener(4), lb = listener(4), c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in served = loopback(port_of(la)), after = loopback(port_of(lb));
	struct phantom p;
	/* 16 bytes, the first 8 (family, port, address) in page A */
	void *addr = phantom_arm(&p, &served, &after, sizeof(served), 8);
	int ret = connect_ret(c, addr, sizeof(served));
	int faults = phantom_disarm(&p);

	printf("a=%u\nb=%u\nret=%d\nfaults=%d\n", port_of(la), port_of(lb), ret, faults);
	return 0;
}

static int mode_dup2(void)
{
	int filler, l = full_listener(&filler);
	struct sockaddr_in discard = loopback(9);
	pthread_t t;

	victim_fd = patient_client();
	replacement_fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (replacement_fd < 0 || connect(replacement_fd, (struct sockaddr *)&discard, sizeof(discard)) < 0)
		die("udp");
	target = loopback(port_of(l));
	pthread_create(&t, NULL, replace_fd, NULL);
	int ret = connect_ret(victim_fd, &target, sizeof(target));
	pthread_join(t, NULL);
	printf("fd=%d\nport=%u\nret=%d\n", victim_fd, port_of(l), ret);
	return 0;
}

int main(int argc, char **argv)
{
	main_tid = getpid();
	if (argc < 2)
		return 64;
	if (!strcmp(argv[1], "overwrite"))
		return mode_overwrite();
	if (!strcmp(argv[1], "bind0"))
		return mode_bind0();
	if (!strcmp(argv[1], "any"))
		return mode_any();
	if (!strcmp(argv[1], "unix") && argc > 2)
		return mode_unix(argv[2]);
	if (!strcmp(argv[1], "phantom"))
		return mode_phantom();
	if (!strcmp(argv[1], "dup2"))
		return mode_dup2();
	fprintf(stderr, "usage: sock_race overwrite|bind0|any|unix DIR|phantom|dup2\n");
	return 64;
}
