/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bpfseal - the differences between the kernel generations bpfseal
 * supports, in one place. Build-time checks of the minimum version live
 * here too.
 */
#ifndef _BPFSEAL_COMPAT_H
#define _BPFSEAL_COMPAT_H

#include <linux/version.h>

/*
 * Signed BPF programs (bpf_attr.signature and keyring_id, exclusive maps)
 * arrived in Linux 6.18: older kernels have nothing for bpfseal to verify.
 * module/Kbuild reads BPFSEAL_MIN_LINUX from this line to stop a build on
 * an older kernel before compiling anything; the #error is the backstop.
 */
#define BPFSEAL_MIN_LINUX "6.18"
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 18, 0)
#error "bpfseal needs Linux 6.18 or later (signed BPF programs)"
#endif

/*
 * Linux 6.18 to 7.2 verify a signed program's PKCS#7 over its instructions;
 * 7.3 and later over the instructions followed by the first value of each
 * map of the program's fd_array, in fd_array order.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 3, 0)
#define BPFSEAL_PAYLOAD_HAS_MAPS 1
#else
#define BPFSEAL_PAYLOAD_HAS_MAPS 0
#endif

/*
 * The largest signed payload the kernel verifies: 7.3's
 * bpf_prog_verify_signature() refuses a bigger one with E2BIG
 * (bpf_dynptr_check_size(), 16 MiB - 1). bpfseal refuses it too, before
 * allocating it. On 6.18 to 7.2 the payload is the instructions, which the
 * kernel bounds by BPF_COMPLEXITY_LIMIT_INSNS.
 */
#define BPFSEAL_MAX_PAYLOAD ((1UL << 24) - 1)

#endif /* _BPFSEAL_COMPAT_H */
