# SPDX-License-Identifier: GPL-2.0-only
# Host unit test of the policy parameter parser (include/bpfseal/policy.h).
UNIT_BINS += $(HOST_BUILD)/unit/policy_test

$(HOST_BUILD)/unit/policy_test: tests/unit/policy_test.c include/bpfseal/policy.h include/bpfseal/verdict.h
	mkdir -p $(@D)
	$(CC) $(CFLAGS) -std=gnu11 -Werror -Iinclude \
		-fsanitize=address,undefined -fno-sanitize-recover=all $< -o $@
