// SPDX-License-Identifier: GPL-2.0-only
/*
 * audit_reader CMD...: become the audit daemon on the audit netlink socket
 * (no auditd), run CMD, and print every AUDIT_KERNEL_OTHER record received
 * until the audit queue has been quiet for a second, one per line. Then
 * give the daemon role back. Exit status: CMD's.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/netlink.h>

static int audit_set(int fd, __u32 mask, __u32 pid, __u32 enabled)
{
	struct {
		struct nlmsghdr nh;
		struct audit_status s;
	} req;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = AUDIT_SET;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.s.mask = mask;
	req.s.pid = pid;
	req.s.enabled = enabled;
	return sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&kernel,
		      sizeof(kernel)) < 0 ? -errno : 0;
}

int main(int argc, char **argv)
{
	static char buf[16384];
	int fd, status = 0, quiet;
	struct pollfd p;
	pid_t child;

	if (argc < 2) {
		fprintf(stderr, "usage: audit_reader CMD...\n");
		return 64;
	}
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT);
	if (fd < 0 || audit_set(fd, AUDIT_STATUS_PID | AUDIT_STATUS_ENABLED,
				getpid(), 1)) {
		perror("audit_reader: cannot become the audit daemon");
		return 70;
	}
	child = fork();
	if (child == 0) {
		execv(argv[1], argv + 1);
		_exit(127);
	}
	p.fd = fd;
	p.events = POLLIN;
	for (quiet = 0; quiet < 10;) {
		ssize_t n;
		struct nlmsghdr *nh;

		if (child > 0 && waitpid(child, &status, WNOHANG) == child)
			child = 0;
		if (poll(&p, 1, 100) <= 0) {
			quiet += !child;
			continue;
		}
		quiet = 0;
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			break;
		nh = (struct nlmsghdr *)buf;
		if (nh->nlmsg_type != AUDIT_KERNEL_OTHER)
			continue;
		buf[n] = '\0';
		printf("type=%u %.*s\n", nh->nlmsg_type,
		       (int)(n - NLMSG_HDRLEN), (char *)NLMSG_DATA(nh));
	}
	audit_set(fd, AUDIT_STATUS_PID, 0, 0);
	close(fd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
