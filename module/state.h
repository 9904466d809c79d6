/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bpfseal - the module's one state machine: inert, armed, locked.
 */
#ifndef _BPFSEAL_STATE_H
#define _BPFSEAL_STATE_H

#include <linux/types.h>

/**
 * enum bpfseal_state - where the module is
 * @BPFSEAL_INERT: no shim attached; nothing is checked
 * @BPFSEAL_ARMED: shims attached, ftrace pinned on; policy may change
 * @BPFSEAL_LOCKED: armed for good: no disarm, no unload, no policy change,
 *	no key added to or removed from .bpfseal
 */
enum bpfseal_state {
	BPFSEAL_INERT,
	BPFSEAL_ARMED,
	BPFSEAL_LOCKED,
};

int bpfseal_state_arm(void);
int bpfseal_state_disarm(void);
int bpfseal_state_lock(void);
int bpfseal_state_set_mode(const char *val);
struct bpfseal_ruleset;
int bpfseal_state_set_policy(struct bpfseal_ruleset *rs);
void bpfseal_state_exit(void);
bool bpfseal_is_armed(void);
bool bpfseal_is_locked(void);
bool bpfseal_is_arming_task(void);
bool bpfseal_loaded_while_armed(const struct bpf_prog *prog);

#endif /* _BPFSEAL_STATE_H */
