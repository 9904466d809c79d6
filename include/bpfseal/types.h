/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compatibility shim for the headers shared by the kernel module and the
 * userspace tools: the same code sees size_t, bool, the __uNN types and
 * the errno values in both worlds, and nothing else (no libc calls, no
 * allocation).
 */
#ifndef _BPFSEAL_TYPES_H
#define _BPFSEAL_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <errno.h>
#include <linux/types.h>
#endif

#endif /* _BPFSEAL_TYPES_H */
