# SPDX-License-Identifier: GPL-2.0-only
#
# bpfseal-policy (check, eval and suggest rule policies), and the unit
# tests and fuzzer of the shared rule parser (include/bpfseal/rules.h).
# Included by the top Makefile.
#
#   make tools    scripts/bpfseal-policy
#   make unit     includes build/host/unit/rules_test and
#                 tests/unit/policy-cli.sh
#   make fuzz     includes the rules target (tests/fuzz/rules_fuzz.c,
#                 listed in FUZZ_TARGETS in mk/signer.mk)

POLICY_TOOL_HDRS := $(wildcard include/bpfseal/*.h)

TOOLS += scripts/bpfseal-policy

scripts/bpfseal-policy: scripts/bpfseal-policy.c $(POLICY_TOOL_HDRS)
	$(CC) $(CPPFLAGS) $(CFLAGS) -std=gnu11 -Iinclude $< -o $@ $(LDFLAGS)

# --- host unit tests ---------------------------------------------------------
UNIT_BINS += $(HOST_BUILD)/unit/rules_test tests/unit/policy-cli.sh \
	tests/unit/shipped-policies.sh

# The test reads the error messages out of rules.h to check that each has
# a case.
$(HOST_BUILD)/unit/rules_test: tests/unit/rules_test.c $(POLICY_TOOL_HDRS)
	mkdir -p $(@D)
	$(CC) $(CFLAGS) -std=gnu11 -Werror -Iinclude \
		-DRULES_H_PATH='"$(CURDIR)/include/bpfseal/rules.h"' \
		-fsanitize=address,undefined -fno-sanitize-recover=all \
		$< -o $@

# The CLI test drives the tool; make it first.
unit: scripts/bpfseal-policy
