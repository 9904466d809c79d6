# SPDX-License-Identifier: GPL-2.0-only
#
# The bounds and audit tests of issue #12: tests/guest/bounds-unpriv.sh,
# bounds-payload.sh and audit-prompt.sh. Included by the top Makefile.
#
#   make guest-progs KVER=...   also their programs (tests/bounds/*.c) and
#                               the files they load, in build/<kver>/bounds/

BOUNDS := $(BUILD)/bounds
BOUNDS_BINS := $(patsubst %,$(BOUNDS)/%,unpriv payload prompt)
# mk/signer.mk comes after this file: name its paths here (see mk/bench.mk).
BOUNDS_KEYS := $(HOST_BUILD)/testkeys
# The maps of bounds-payload.sh: one value of 1 MiB each.
BOUNDS_MAP_BYTES := 1048576
# Entries of the Hornet map-hash attribute of its signature: the most the
# format allows (BPFSEAL_MAX_MAPS).
BOUNDS_HORNET_MAPS := 63

$(BOUNDS_BINS): $(BOUNDS)/%: tests/bounds/%.c tests/bounds/bounds.h \
		tests/signed/rawload.h tests/signed/steal.h tests/include/kernel_gen.h
	mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/include $< -o $@ -lpthread $(SIGN_LIBS)

# r0 = 0; exit: the program the payload and audit tests load.
$(BOUNDS)/insns:
	mkdir -p $(@D)
	printf '\267\0\0\0\0\0\0\0\225\0\0\0\0\0\0\0' > $@
# r0 = 1; exit: what the audit test's refused load is signed over instead.
$(BOUNDS)/other-insns:
	mkdir -p $(@D)
	printf '\267\0\0\0\1\0\0\0\225\0\0\0\0\0\0\0' > $@
$(BOUNDS)/zero:
	mkdir -p $(@D)
	head -c $(BOUNDS_MAP_BYTES) /dev/zero > $@

# A valid Hornet signature of the program, its map-hash attribute naming
# fd_array slots 0 to 62, each a map of one zero value of 1 MiB.
$(BOUNDS)/hornet.sig: $(BOUNDS)/insns $(BOUNDS)/zero scripts/bpfseal-sign $(BOUNDS_KEYS)/key.pem
	scripts/bpfseal-sign sign --key $(BOUNDS_KEYS)/key.pem \
		--cert $(BOUNDS_KEYS)/cert.pem --insns $(BOUNDS)/insns \
		$(foreach i,$(shell seq 0 $$(($(BOUNDS_HORNET_MAPS) - 1))),--map $(i):$(BOUNDS)/zero) \
		--out $@

# A signature over other instructions.
$(BOUNDS)/other.sig: $(BOUNDS)/other-insns scripts/bpfseal-sign $(BOUNDS_KEYS)/key.pem
	scripts/bpfseal-sign sign --key $(BOUNDS_KEYS)/key.pem \
		--cert $(BOUNDS_KEYS)/cert.pem --insns $< --out $@

guest-progs: $(BOUNDS_BINS) $(BOUNDS)/hornet.sig $(BOUNDS)/other.sig
