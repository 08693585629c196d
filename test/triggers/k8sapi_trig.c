/*
 * k8s_api_connection trigger: connects a TCP socket to IP PORT (argv) and
 * closes it. Prints pid= and result= (0, or -errno).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd, r = 0;

	if (argc < 3)
		return 2;
	a.sin_port = htons(atoi(argv[2]));
	inet_pton(AF_INET, argv[1], &a.sin_addr);
	printf("pid=%d\n", getpid());
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)))
		r = -errno;
	close(fd);
	printf("result=%d\n", r);
	return r ? 1 : 0;
}
