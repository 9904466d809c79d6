/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The instruction digest of a program (records' digest=, the rule policy's
 * digest=): SHA-256 of its instructions as the load gave them, with map
 * references masked, so that a fixed program has the same digest on every
 * load, whatever fds or fd_array slots its maps got. The kernel's own tag
 * masks the same way but only exists after the verifier, too late for the
 * gate.
 *
 * Masked: the imm of the first half of a 64-bit immediate load whose
 * src_reg names a map (BPF_PSEUDO_MAP_FD, _MAP_VALUE, _MAP_IDX,
 * _MAP_IDX_VALUE): the fd or fd_array index, which changes from load to
 * load. Kept: everything else, including the offset into a map value in
 * the second half, so two programs that differ in any other bit have
 * different digests.
 *
 * Pure C, header only; the hashing is the caller's (the module uses the
 * kernel's SHA-256).
 */
#ifndef _BPFSEAL_DIGEST_H
#define _BPFSEAL_DIGEST_H

#include "types.h"

#include <linux/bpf.h>

/**
 * bpfseal_insn_mask() - Mask the map references of instructions, in place.
 * @insn: a run of instructions, copied from the program in order
 * @cnt: how many
 * @second: in: whether @insn[0] is the second half of a 64-bit load begun
 *	in the previous run; out: the same for the run that follows
 */
static inline void bpfseal_insn_mask(struct bpf_insn *insn, __u32 cnt,
				     bool *second)
{
	__u32 i;

	for (i = 0; i < cnt; i++) {
		if (*second) {
			*second = false;
			continue;
		}
		if (insn[i].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		*second = true;
		switch (insn[i].src_reg) {
		case BPF_PSEUDO_MAP_FD:
		case BPF_PSEUDO_MAP_VALUE:
		case BPF_PSEUDO_MAP_IDX:
		case BPF_PSEUDO_MAP_IDX_VALUE:
			insn[i].imm = 0;
			break;
		}
	}
}

#endif /* _BPFSEAL_DIGEST_H */
