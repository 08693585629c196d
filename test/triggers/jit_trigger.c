/*
 * Dynamic code loading, for mem_prot_alert and dynamic_code_loading:
 *   jit      mmap RW anonymous, write `mov eax, 42; ret`, mprotect RX, call it
 *   wx       mmap RWX anonymous (alert 1 only)
 *   file P   the same as jit on a private mapping of file P (which gets the code written first)
 *   ro       benign twin: mmap RW, write, mprotect R (never executable)
 *   dlopen   benign twin: dlopen a shared library (ld.so maps its text RX from the file)
 * Prints key=value lines: addr, len, result (and lib for dlopen).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static const unsigned char CODE[] = { 0xb8, 42, 0, 0, 0, 0xc3 }; /* mov eax, 42; ret */

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "jit";
	size_t len = 4096;

	if (strcmp(mode, "dlopen") == 0) {
		const char *lib = argc > 2 ? argv[2] : "libm.so.6";
		void *h = dlopen(lib, RTLD_NOW);
		if (!h) {
			fprintf(stderr, "dlopen %s: %s\n", lib, dlerror());
			return 1;
		}
		printf("lib=%s\nresult=%d\n", lib, dlsym(h, "cos") != NULL);
		return 0;
	}
	int prot = strcmp(mode, "wx") == 0 ? PROT_READ | PROT_WRITE | PROT_EXEC : PROT_READ | PROT_WRITE;
	int fd = -1, flags = MAP_PRIVATE | MAP_ANONYMOUS;
	if (strcmp(mode, "file") == 0) {
		fd = open(argc > 2 ? argv[2] : "", O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || ftruncate(fd, len) != 0) {
			perror("open");
			return 1;
		}
		flags = MAP_PRIVATE;
		mode = "jit";
	}
	unsigned char *p = mmap(NULL, len, prot, flags, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	memcpy(p, CODE, sizeof(CODE));
	int result = 0;
	if (strcmp(mode, "ro") == 0) {
		if (mprotect(p, len, PROT_READ) != 0) {
			perror("mprotect");
			return 1;
		}
		result = p[1];
	} else {
		if (strcmp(mode, "jit") == 0 && mprotect(p, len, PROT_READ | PROT_EXEC) != 0) {
			perror("mprotect");
			return 1;
		}
		result = ((int (*)(void))p)();
	}
	printf("addr=%lu\nlen=%zu\nresult=%d\n", (unsigned long)p, len, result);
	munmap(p, len);
	return 0;
}
