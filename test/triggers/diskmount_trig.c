/*
 * disk_mount trigger. Mounts happen in a private mount namespace: the
 * test's fake container has one (unshare -m), and the `runc` mode makes its
 * own. Modes:
 *   mount DEV DIR        mount(2) DEV (ext2) on DIR, then unmount
 *   newapi DEV DIR       fsopen("ext2"), fsconfig(SET_STRING source DEV),
 *                        fsconfig(CMD_CREATE), fsmount, move_mount onto DIR, unmount
 *   tmpfs DIR            both ways again with a tmpfs (source "tmpfs")
 *   runc CG DEV DIR PROG as a runtime's init does: join cgroup CG, make a
 *                        private mount namespace, mount DEV both ways, then exec PROG
 * Prints pid= and result= (0, or the first -errno).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

/* glibc's <sys/mount.h> has the new mount API's constants (2.36+) */

static int old_api(const char *dev, const char *dir, const char *type)
{
	if (mount(dev, dir, type, 0, NULL))
		return -errno;
	return umount2(dir, 0) ? -errno : 0;
}

static int new_api(const char *dev, const char *dir, const char *type)
{
	int fs = syscall(SYS_fsopen, type, FSOPEN_CLOEXEC), mnt;

	if (fs < 0)
		return -errno;
	if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "source", dev, 0) ||
	    syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0))
		return -errno;
	mnt = syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, 0);
	if (mnt < 0)
		return -errno;
	if (syscall(SYS_move_mount, mnt, "", AT_FDCWD, dir, MOVE_MOUNT_F_EMPTY_PATH))
		return -errno;
	close(mnt);
	close(fs);
	return umount2(dir, 0) ? -errno : 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int r = -EINVAL;

	printf("pid=%d\n", getpid());
	fflush(stdout);
	if (!strcmp(mode, "mount") && argc > 3) {
		r = old_api(argv[2], argv[3], "ext2");
	} else if (!strcmp(mode, "newapi") && argc > 3) {
		r = new_api(argv[2], argv[3], "ext2");
	} else if (!strcmp(mode, "tmpfs") && argc > 2) {
		r = old_api("tmpfs", argv[2], "tmpfs");
		if (!r)
			r = new_api("tmpfs", argv[2], "tmpfs");
	} else if (!strcmp(mode, "runc") && argc > 5) {
		char path[4096], pid[32];
		int fd;

		snprintf(path, sizeof(path), "%s/cgroup.procs", argv[2]);
		snprintf(pid, sizeof(pid), "%d\n", getpid());
		fd = open(path, O_WRONLY);
		if (fd < 0 || write(fd, pid, strlen(pid)) < 0)
			r = -errno;
		else if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
			r = -errno;
		else if (!(r = old_api(argv[3], argv[4], "ext2")) && !(r = new_api(argv[3], argv[4], "ext2"))) {
			printf("result=0\n");
			fflush(stdout);
			execv(argv[5], argv + 5);
			r = -errno;
		}
	}
	printf("result=%d\n", r);
	return r ? 1 : 0;
}
