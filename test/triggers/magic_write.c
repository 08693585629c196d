/*
 * magic_write trigger: writes file headers for real, in the ways the
 * kernel's test must tell apart. Usage: magic_write MODE PATH [SOURCE]
 *
 *   header   create PATH, write a 40-byte header, then 20 more bytes, then
 *            lseek(0) and rewrite the (now non-empty) file's first bytes
 *   pwrite   PATH has bytes: seek to its end, truncate it, pwrite64 40 bytes at offset 0
 *   writev   create PATH, writev a header from three iovecs (8 + 4 + 28 bytes)
 *   pwritev2 create PATH, pwritev2 40 bytes at offset -1 (its position)
 *   append   create PATH with O_APPEND, lseek to 100, write 40 bytes (they go at 0)
 *   fault    create PATH, write from a bad address (EFAULT), then 40 bytes
 *   sendfile create PATH, sendfile 100 bytes of SOURCE into it
 *   copy     create PATH, copy_file_range SOURCE into it
 *   drop     copy SOURCE (an ELF: /bin/true) into a new PATH by read/write
 *   storm    create PATH, then 2000 writes of 8 bytes
 *   text     write a text file PATH
 *
 * Prints key=value lines: path, dev (kernel dev_t: major << 20 | minor), ino.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <unistd.h>

static const char HEADER[41] = "MAGIC-HDR:0123456789abcdefghijklmnopqrst"; /* 40 bytes */

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void identity(int fd, const char *path)
{
	struct stat st;

	if (fstat(fd, &st))
		die("fstat");
	printf("path=%s\ndev=%llu\nino=%llu\n", path,
	       ((unsigned long long)major(st.st_dev) << 20) | minor(st.st_dev), (unsigned long long)st.st_ino);
}

static void must_write(int fd, const void *buf, size_t n)
{
	if (write(fd, buf, n) != (ssize_t)n)
		die("write");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	const char *path = argc > 2 ? argv[2] : "";
	int fd;

	if (!strcmp(mode, "header")) {
		fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
		if (fd < 0)
			die("open");
		must_write(fd, HEADER, 40);
		must_write(fd, "more bytes, not a hdr", 20);
		/* a second write at offset 0, into a file that has bytes: not a magic write */
		if (lseek(fd, 0, SEEK_SET) != 0)
			die("lseek");
		must_write(fd, "REWRITTEN", 9);
	} else if (!strcmp(mode, "pwrite")) {
		fd = open(path, O_RDWR);
		if (fd < 0)
			die("open");
		if (lseek(fd, 0, SEEK_END) <= 0)
			die("lseek: PATH must have bytes");
		if (ftruncate(fd, 0))
			die("ftruncate");
		/* the position is still at the old end: only the offset argument makes it a header */
		if (pwrite(fd, HEADER, 40, 0) != 40)
			die("pwrite");
	} else if (!strcmp(mode, "writev")) {
		struct iovec iov[3] = {
			{ (void *)HEADER, 8 }, { (void *)(HEADER + 8), 4 }, { (void *)(HEADER + 12), 28 },
		};
		fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
		if (fd < 0)
			die("open");
		if (writev(fd, iov, 3) != 40)
			die("writev");
	} else if (!strcmp(mode, "pwritev2")) {
		/* offset -1: at the file's position, 0 */
		struct iovec iov = { (void *)HEADER, 40 };
		fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
		if (fd < 0)
			die("open");
		if (pwritev2(fd, &iov, 1, -1, 0) != 40)
			die("pwritev2");
	} else if (!strcmp(mode, "append")) {
		/* O_APPEND writes at i_size (0), wherever the position is */
		fd = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_APPEND, 0644);
		if (fd < 0)
			die("open");
		if (lseek(fd, 100, SEEK_SET) != 100)
			die("lseek");
		must_write(fd, HEADER, 40);
	} else if (!strcmp(mode, "fault")) {
		/* a write that fails (EFAULT) into the empty file, then a real one */
		void *volatile bad = (void *)8; /* unmapped: the kernel's copy faults */

		fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
		if (fd < 0)
			die("open");
		if (write(fd, bad, 40) != -1)
			die("write from address 8 did not fail");
		must_write(fd, HEADER, 40);
	} else if (!strcmp(mode, "sendfile")) {
		int in = open(argc > 3 ? argv[3] : "", O_RDONLY);

		if (in < 0)
			die("open source");
		fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
		if (fd < 0)
			die("open");
		if (sendfile(fd, in, NULL, 100) != 100)
			die("sendfile");
		close(in);
	} else if (!strcmp(mode, "copy") || !strcmp(mode, "drop")) {
		char buf[4096];
		ssize_t n;
		int in = open(argc > 3 ? argv[3] : "", O_RDONLY);

		if (in < 0)
			die("open source");
		fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0755);
		if (fd < 0)
			die("open");
		if (!strcmp(mode, "copy")) {
			if (copy_file_range(in, NULL, fd, NULL, 4096, 0) <= 0)
				die("copy_file_range");
		} else {
			while ((n = read(in, buf, sizeof(buf))) > 0)
				must_write(fd, buf, n);
			if (n < 0)
				die("read");
		}
		close(in);
	} else if (!strcmp(mode, "storm")) {
		/* only the first of these writes is into an empty file */
		fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
		if (fd < 0)
			die("open");
		for (int i = 0; i < 2000; i++)
			must_write(fd, HEADER, 8);
	} else if (!strcmp(mode, "text")) {
		fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
		if (fd < 0)
			die("open");
		must_write(fd, "just some text\n", 15);
	} else {
		fprintf(stderr, "usage: magic_write header|pwrite|writev|pwritev2|append|fault|sendfile|copy|drop|storm|text PATH [SOURCE]\n");
		return 2;
	}
	identity(fd, path);
	close(fd);
	return 0;
}
