// Syscalls whose paths the kernel resolves against a directory
// (test/integration/path-dirs.test.ts); prints key=value.
//   names DIR_X DIR_Y    cwd DIR_Y, a dirfd of DIR_X: renameat(dirfd, "a", AT_FDCWD, "b"),
//                        rename("b", "c"), symlinkat("t", dirfd, "l"), linkat(dirfd, "a2", AT_FDCWD, "h"),
//                        and renameat of two absolute paths (DIR_X/abs1 -> DIR_X/abs2)
//   openat2 FILE         openat2(AT_FDCWD, FILE, {O_RDONLY|O_CLOEXEC, 0, RESOLVE_NO_SYMLINKS}, 24)
//   opens DIR FILE       FILE by a symlink DIR/l, relative from its directory, with '//' after
//                        its first component, then DIR/unrelated (made), each openat and closed
//   faulted DIR          cwd DIR, rename("fa", "fb") with both names in a file mapped and not
//                        yet touched: unreadable at entry (no page), read at exit
//   sockets              a TCP listener on 127.0.0.1 (port 0), a client connect()ed to it and a
//                        write on it, a UDP socket bound to port 0 and a getsockname on it
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		die(path);
	close(fd);
}

static int names(const char *x, const char *y)
{
	char abs1[4096], abs2[4096];
	int dirfd = open(x, O_RDONLY | O_DIRECTORY);

	if (dirfd < 0 || chdir(y) != 0)
		die("dirs");
	{
		int fd = openat(dirfd, "a", O_WRONLY | O_CREAT, 0644);
		if (fd < 0)
			die("openat a");
		close(fd);
	}
	printf("renameat=%ld\n", syscall(SYS_renameat, dirfd, "a", AT_FDCWD, "b"));
	printf("rename=%ld\n", syscall(SYS_rename, "b", "c"));
	printf("symlinkat=%ld\n", syscall(SYS_symlinkat, "t", dirfd, "l"));
	{
		int fd = openat(dirfd, "a2", O_WRONLY | O_CREAT, 0644);
		if (fd < 0)
			die("openat a2");
		close(fd);
	}
	printf("linkat=%ld\n", syscall(SYS_linkat, dirfd, "a2", AT_FDCWD, "h", 0));
	snprintf(abs1, sizeof(abs1), "%s/abs1", x);
	snprintf(abs2, sizeof(abs2), "%s/abs2", x);
	touch(abs1);
	printf("absolute=%ld\n", syscall(SYS_renameat, AT_FDCWD, abs1, AT_FDCWD, abs2));
	printf("dirfd=%d\n", dirfd);
	return 0;
}

static int do_openat2(const char *file)
{
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC, .mode = 0, .resolve = RESOLVE_NO_SYMLINKS };
	long fd = syscall(SYS_openat2, AT_FDCWD, file, &how, sizeof(how));

	printf("fd=%ld\n", fd);
	return fd < 0;
}

static void open_close(const char *path, const char *key)
{
	long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);

	printf("%s=%ld\n", key, fd);
	if (fd >= 0)
		close(fd);
}

static int opens(const char *dir, const char *file)
{
	char link[4096], dbl[4096], unrelated[4096], fdir[4096];
	const char *base = strrchr(file, '/');
	const char *second = strchr(file + 1, '/');

	if (!base || !second)
		return 2;
	snprintf(link, sizeof(link), "%s/l", dir);
	snprintf(unrelated, sizeof(unrelated), "%s/unrelated", dir);
	snprintf(fdir, sizeof(fdir), "%.*s", (int)(base - file), file);
	/* "/etc/shadow" -> "/etc//shadow" */
	snprintf(dbl, sizeof(dbl), "%.*s/%s", (int)(second - file), file, second);
	if (symlink(file, link) != 0)
		die("symlink");
	touch(unrelated);
	open_close(link, "symlink");
	open_close(dbl, "double_slash");
	if (chdir(fdir) != 0)
		die("chdir");
	open_close(base + 1, "relative");
	open_close(unrelated, "unrelated");
	return 0;
}

static int faulted(const char *dir)
{
	int fd;
	char *names;

	if (chdir(dir) != 0)
		die("chdir");
	fd = open("names", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "fa\0fb\0", 6) != 6)
		die("names");
	touch("fa");
	names = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	if (names == MAP_FAILED)
		die("mmap");
	printf("rename=%ld\n", syscall(SYS_rename, names, names + 3));
	return 0;
}

static int sockets(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0), c = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0);

	if (l < 0 || c < 0 || u < 0)
		die("socket");
	if (bind(l, (void *)&a, sizeof(a)) || listen(l, 1) || getsockname(l, (void *)&a, &len))
		die("listener");
	printf("listener=%d\nport=%d\n", l, ntohs(a.sin_port));
	if (connect(c, (void *)&a, sizeof(a)))
		die("connect");
	len = sizeof(a);
	getsockname(c, (void *)&a, &len);
	printf("client=%d\nclient_port=%d\n", c, ntohs(a.sin_port));
	if (write(c, "x", 1) != 1)
		die("write");
	a.sin_port = 0;
	if (bind(u, (void *)&a, sizeof(a)))
		die("bind udp");
	len = sizeof(a);
	getsockname(u, (void *)&a, &len);
	printf("udp=%d\nudp_port=%d\n", u, ntohs(a.sin_port));
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(mode, "names") == 0 && argc == 4)
		return names(argv[2], argv[3]);
	if (strcmp(mode, "openat2") == 0 && argc == 3)
		return do_openat2(argv[2]);
	if (strcmp(mode, "opens") == 0 && argc == 4)
		return opens(argv[2], argv[3]);
	if (strcmp(mode, "faulted") == 0 && argc == 3)
		return faulted(argv[2]);
	if (strcmp(mode, "sockets") == 0)
		return sockets();
	fprintf(stderr, "usage: %s names DIR_X DIR_Y | openat2 FILE | opens DIR FILE | faulted DIR | sockets\n", argv[0]);
	return 2;
}
