# SPDX-License-Identifier: GPL-2.0-only
#
# The map-swap attack of tests/guest/attack-mapswap.sh. Included by the top
# Makefile.
#
#   make guest-progs KVER=...   also its program (tests/mapswap/mapswap.c),
#                               built against the signed skeleton of
#                               mk/signer.mk, in build/<kver>/mapswap/

MAPSWAP := $(BUILD)/mapswap
# mk/signer.mk comes after this file: name its paths here (see mk/bench.mk);
# its compiler flags are read only when the recipe runs.
MAPSWAP_SKEL := $(BUILD)/signed/signed_hello.ours.lskel.h

$(MAPSWAP)/mapswap: tests/mapswap/mapswap.c tests/signed/signed_hello.h $(MAPSWAP_SKEL)
	mkdir -p $(@D)
	$(CC) $(SIGNED_LOADER_CFLAGS) -Werror -I$(dir $(MAPSWAP_SKEL)) \
		-Itests/signed $< -o $@ -lpthread

guest-progs: $(MAPSWAP)/mapswap
