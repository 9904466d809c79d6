# SPDX-License-Identifier: GPL-2.0-only
# Host unit test of the policy parameter parser (include/bpfseal/policy.h),
# and the rule policy's guest test programs.
UNIT_BINS += $(HOST_BUILD)/unit/policy_test

$(HOST_BUILD)/unit/policy_test: tests/unit/policy_test.c include/bpfseal/policy.h include/bpfseal/verdict.h
	mkdir -p $(@D)
	$(CC) $(CFLAGS) -std=gnu11 -Werror -Iinclude \
		-fsanitize=address,undefined -fno-sanitize-recover=all $< -o $@

# The rule policy's guest test programs (make guest-progs KVER=...):
# policy_load, one unsigned load by the raw syscall, and policy_preload.so,
# the same load from a preloaded library's constructor (the LD_PRELOAD
# attack on a binary an exe= rule trusts).
POLICY_PROGS := $(BUILD)/progs/policy_load $(BUILD)/progs/policy_preload.so

$(BUILD)/progs/policy_load: tests/policy/policy_load.c tests/policy/policy_load.h
	mkdir -p $(@D)
	$(CC) $(CFLAGS) -Werror $< -o $@

$(BUILD)/progs/policy_preload.so: tests/policy/policy_preload.c tests/policy/policy_load.h
	mkdir -p $(@D)
	$(CC) $(CFLAGS) -Werror -shared -fPIC $< -o $@

guest-progs: $(POLICY_PROGS)
