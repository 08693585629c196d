/*
 * Reaches the Docker API socket as a container escape would, against a
 * stand-in: run it in a private mount namespace with a tmpfs over /run
 * (the host's /run is untouched), where it listens on /run/docker.sock
 * itself. "abuse" opens /var/run/docker.sock for read and write (a socket
 * cannot be opened: ENXIO, after the kernel's open checks) and connects to
 * it. "benign" (the twin) opens it read-only and connects to another
 * socket, /run/containerd.sock. Prints pid=, open= and connect= (0 or -errno).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int listen_on(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	strncpy(a.sun_path, path, sizeof(a.sun_path) - 1);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(s, 1) != 0)
		return -1;
	return s;
}

static int connect_to(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int r;

	strncpy(a.sun_path, path, sizeof(a.sun_path) - 1);
	r = connect(s, (struct sockaddr *)&a, sizeof(a)) == 0 ? 0 : -errno;
	close(s);
	return r;
}

int main(int argc, char **argv)
{
	int abuse = argc > 1 && strcmp(argv[1], "abuse") == 0;
	int fd;

	if (listen_on("/run/docker.sock") < 0 || listen_on("/run/containerd.sock") < 0) {
		perror("listen");
		return 1;
	}
	printf("pid=%d\n", getpid());
	fd = open("/var/run/docker.sock", abuse ? O_RDWR : O_RDONLY);
	printf("open=%d\n", fd < 0 ? -errno : 0);
	printf("connect=%d\n", connect_to(abuse ? "/var/run/docker.sock" : "/run/containerd.sock"));
	return 0;
}
