// openflood N [path|-] [ro]: N times open (O_RDWR|O_CREAT; `ro`: O_RDONLY)
// + write + pread + close of one file (default, or `-`:
// /tmp/sysray-openflood-PID): the flood of irrelevant opens the signatures'
// prefilters must hold back in the kernel.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000, ok = 0;
	char def[64], buf[8];
	const char *file = argc > 2 && strcmp(argv[2], "-") ? argv[2] : def;
	int ro = argc > 3 && !strcmp(argv[3], "ro");

	snprintf(def, sizeof(def), "/tmp/sysray-openflood-%d", getpid());
	if (ro) {
		/* made once, before the flood: one byte for pread */
		int fd = open(file, O_WRONLY | O_CREAT, 0600);
		if (fd >= 0 && write(fd, "x", 1) != 1)
			perror("write");
		if (fd >= 0)
			close(fd);
	}
	for (long i = 0; i < n; i++) {
		int fd = ro ? open(file, O_RDONLY) : open(file, O_RDWR | O_CREAT, 0600);
		if (fd < 0)
			continue;
		if ((ro || write(fd, "x", 1) == 1) && pread(fd, buf, 1, 0) == 1)
			ok++;
		close(fd);
	}
	if (file == def)
		unlink(file);
	printf("opens=%ld\nok=%ld\n", n, ok);
	return 0;
}
