// openflood N [path]: N times open (O_RDWR|O_CREAT) + write + pread + close of
// one file (default /tmp/sysray-openflood-PID): the flood of irrelevant opens
// the signatures' prefilters must hold back in the kernel.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000, ok = 0;
	char def[64], buf[8];
	const char *file = argc > 2 ? argv[2] : def;

	snprintf(def, sizeof(def), "/tmp/sysray-openflood-%d", getpid());
	for (long i = 0; i < n; i++) {
		int fd = open(file, O_RDWR | O_CREAT, 0600);
		if (fd < 0)
			continue;
		if (write(fd, "x", 1) == 1 && pread(fd, buf, 1, 0) == 1)
			ok++;
		close(fd);
	}
	if (argc <= 2)
		unlink(file);
	printf("opens=%ld\nok=%ld\n", n, ok);
	return 0;
}
