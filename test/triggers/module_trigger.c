/*
 * Kernel module syscalls without a module: "load" calls finit_module on
 * /bin/true and init_module on a few bytes that are no ELF image (the kernel
 * refuses both: ENOEXEC, or ENOSYS without CONFIG_MODULES; nothing is ever
 * loaded). "unload" (the benign twin) calls delete_module on a name no
 * module has. Prints pid= and each call's result as -errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long result(long r)
{
	return r < 0 ? -errno : r;
}

int main(int argc, char **argv)
{
	static const char not_elf[64] = "this is not a kernel module";

	printf("pid=%d\n", getpid());
	if (argc > 1 && strcmp(argv[1], "load") == 0) {
		int fd = open("/bin/true", O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			return 1;
		printf("fd=%d\n", fd);
		printf("finit=%ld\n", result(syscall(SYS_finit_module, fd, "", 0)));
		printf("init=%ld\n", result(syscall(SYS_init_module, not_elf, sizeof(not_elf), "")));
		close(fd);
	} else if (argc > 1 && strcmp(argv[1], "unload") == 0) {
		printf("delete=%ld\n", result(syscall(SYS_delete_module, "sysray_no_such_module", O_NONBLOCK)));
	} else {
		return 2;
	}
	return 0;
}
