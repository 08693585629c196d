// Opens one socket and prints what socket(2) returned: `packet` is
// socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)), the layer-2 socket ARP
// spoofers and sniffers use; `inet` is socket(AF_INET, SOCK_DGRAM, 0).
// Prints ret=FD-or--1 errno=E.
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int packet = argc > 1 && strcmp(argv[1], "packet") == 0;
	int fd = packet ? socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) : socket(AF_INET, SOCK_DGRAM, 0);
	printf("ret=%d\nerrno=%d\n", fd, fd < 0 ? errno : 0);
	if (fd >= 0)
		close(fd);
	return 0;
}
