/*
 * ld_preload trigger. Run inside a private mount namespace with a tmpfs
 * over /etc (the test does), so /etc/ld.so.preload is the real path and
 * the host's /etc is never touched. Modes:
 *   write    open /etc/ld.so.preload O_WRONLY|O_CREAT (empty: nothing is preloaded)
 *   symlink  the same through a symlink /etc/preload-link
 *   rename   write /etc/ld.so.preload.new, rename it onto /etc/ld.so.preload
 *   link     hard-link /etc/preload.tmp as /etc/ld.so.preload
 *   twin     the benign twin: read /etc/ld.so.preload (the test's shell made it),
 *            write /etc/ld.so.preload.d and /etc/ld.so.conf.new, rename the
 *            latter onto /etc/ld.so.conf, link /etc/ld.so.conf as /etc/ld.so.preload.bak
 *   none     do nothing (the exec is what the test looks at)
 * Prints key=value lines: pid, and errno-style results.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int make(const char *path, int flags)
{
	int fd = open(path, flags, 0644);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "none";
	int r = 0;

	printf("pid=%d\n", getpid());
	if (!strcmp(mode, "write")) {
		r = make("/etc/ld.so.preload", O_WRONLY | O_CREAT | O_TRUNC);
	} else if (!strcmp(mode, "symlink")) {
		if (symlink("/etc/ld.so.preload", "/etc/preload-link"))
			r = -errno;
		if (!r)
			r = make("/etc/preload-link", O_RDWR | O_CREAT);
	} else if (!strcmp(mode, "rename")) {
		r = make("/etc/ld.so.preload.new", O_WRONLY | O_CREAT);
		if (!r && rename("/etc/ld.so.preload.new", "/etc/ld.so.preload"))
			r = -errno;
	} else if (!strcmp(mode, "link")) {
		r = make("/etc/preload.tmp", O_WRONLY | O_CREAT);
		if (!r && link("/etc/preload.tmp", "/etc/ld.so.preload"))
			r = -errno;
	} else if (!strcmp(mode, "twin")) {
		r = make("/etc/ld.so.preload", O_RDONLY);
		if (!r)
			r = make("/etc/ld.so.preload.d", O_WRONLY | O_CREAT);
		if (!r)
			r = make("/etc/ld.so.conf.new", O_WRONLY | O_CREAT);
		if (!r && rename("/etc/ld.so.conf.new", "/etc/ld.so.conf"))
			r = -errno;
		if (!r && link("/etc/ld.so.conf", "/etc/ld.so.preload.bak"))
			r = -errno;
	}
	printf("result=%d\n", r);
	return r ? 1 : 0;
}
