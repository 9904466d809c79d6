/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bpfseal ABI shared by the kernel module, its BPF programs and the
 * userspace tools.
 */
#ifndef _BPFSEAL_ABI_H
#define _BPFSEAL_ABI_H

/* Bumped whenever a kfunc, securityfs file or audit field changes meaning. */
#define BPFSEAL_ABI_VERSION 1

#endif /* _BPFSEAL_ABI_H */
