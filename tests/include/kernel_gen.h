/* SPDX-License-Identifier: GPL-2.0-only */
/* Test helpers: which kernel generation the test runs on. */
#ifndef BPFSEAL_TEST_KERNEL_GEN_H
#define BPFSEAL_TEST_KERNEL_GEN_H

#include <stdio.h>
#include <sys/utsname.h>

/* 7.3 and later: the kernel's signed payload covers the maps too. */
static inline int kernel_at_least_7_3(void)
{
	struct utsname u;
	int maj = 0, min = 0;

	uname(&u);
	sscanf(u.release, "%d.%d", &maj, &min);
	return maj > 7 || (maj == 7 && min >= 3);
}

#endif
