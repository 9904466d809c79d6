# SPDX-License-Identifier: GPL-2.0-only
#
# bpfseal-sign, the shared signature walker's unit tests and fuzzer, and
# the signed light skeletons of the guest test signer-skel.sh.
# Included by the top Makefile.
#
#   make tools                      scripts/bpfseal-sign
#   make unit                       includes build/host/unit/sigparse_test
#                                   and tests/unit/signer-cli.sh
#   make fuzz [FUZZ_SECONDS=60]     libFuzzer on the DER walker (clang,
#                                   ASan + UBSan), corpus copied from
#                                   tests/fuzz/corpus/sigparse/
#   make guest-progs KVER=...       also the signed skeletons for that kernel

PKG_CONFIG ?= pkg-config
SIGN_CFLAGS := $(CFLAGS) -std=gnu11 -Iinclude \
	$(shell $(PKG_CONFIG) --cflags libcrypto 2>/dev/null)
SIGN_LIBS := $(shell $(PKG_CONFIG) --libs libcrypto 2>/dev/null || echo -lcrypto)
SIGN_SRCS := scripts/bpfseal-sign.c scripts/bpfseal-sign-cms.c \
	scripts/bpfseal-sign-skel.c
SIGN_HDRS := scripts/bpfseal-sign.h $(wildcard include/bpfseal/*.h)

TOOLS += scripts/bpfseal-sign

scripts/bpfseal-sign: $(SIGN_SRCS) $(SIGN_HDRS)
	$(CC) $(CPPFLAGS) $(SIGN_CFLAGS) $(SIGN_SRCS) -o $@ $(LDFLAGS) $(SIGN_LIBS)

# --- host unit tests ---------------------------------------------------------
UNIT_BINS += $(HOST_BUILD)/unit/sigparse_test tests/unit/signer-cli.sh

$(HOST_BUILD)/unit/sigparse_test: tests/unit/sigparse_test.c $(SIGN_HDRS)
	mkdir -p $(@D)
	$(CC) $(CFLAGS) -std=gnu11 -Werror -Iinclude \
		-fsanitize=address,undefined -fno-sanitize-recover=all \
		$< -o $@

# The CLI test drives the signer; make it first.
unit: scripts/bpfseal-sign

# --- fuzzing -----------------------------------------------------------------
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_TARGETS := sigparse rules
# Inputs up to the largest signature the kernel takes (BPFSEAL_MAX_SIG_SIZE).
FUZZ_MAX_LEN := 8192
FUZZ_BINS := $(patsubst %,$(HOST_BUILD)/fuzz/%_fuzz,$(FUZZ_TARGETS))

$(HOST_BUILD)/fuzz/%_fuzz: tests/fuzz/%_fuzz.c $(SIGN_HDRS)
	mkdir -p $(@D)
	$(FUZZ_CC) -g -O1 -Iinclude -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all $< -o $@

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)

# Each target runs on a scratch copy of its corpus, so the repository's
# seeds stay as they are. Any crash, leak or sanitizer report fails.
fuzz: $(FUZZ_BINS)
	@set -e; for t in $(FUZZ_TARGETS); do \
		work=$(HOST_BUILD)/fuzz/$$t.work; rm -rf $$work; \
		mkdir -p $$work/corpus $$work/artifacts; \
		cp tests/fuzz/corpus/$$t/* $$work/corpus/; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$(HOST_BUILD)/fuzz/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) \
			-max_len=$(FUZZ_MAX_LEN) -print_final_stats=1 \
			-dict=tests/fuzz/$$t.dict \
			-artifact_prefix=$$work/artifacts/ $$work/corpus \
			> $$work/log 2>&1 || { tail -n 60 $$work/log; \
			echo "FAIL fuzz/$$t (see $$work/log)"; exit 1; }; \
		grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec' \
			$$work/log | tail -n 3; \
		echo "PASS fuzz/$$t"; \
	done

# --- signed light skeletons, per kernel (guest test signer-skel.sh) -----------
# Test key: generated once on the build host, never committed.
SIGN_KEYS := $(HOST_BUILD)/testkeys
KSRC ?= /usr/src/bpfseal-ksrc/$(KVER)
KSRC_BPFTOOL ?= $(KSRC)/bpftool
SIGNED := $(BUILD)/signed
SIGNED_NAME := signed_hello
# Loader variants: signed by bpfseal-sign from a -S header (ours); as
# bpftool -S left it (upstream); one flipped instruction byte (tampered);
# signed with the other kernel's scheme (wrongscheme); signed by
# bpfseal-sign with an ECDSA P-256 key (ecdsa); unsigned, from a plain -L
# header (plain), which bpfseal-sign refuses to sign.
SIGNED_VARIANTS := ours upstream tampered wrongscheme ecdsa \
	blobflip twosigners nofreeze rerun plain
SIGNED_LOADERS := $(patsubst %,$(SIGNED)/loader-%,$(SIGNED_VARIANTS))

$(SIGN_KEYS)/key.pem:
	mkdir -p $(@D)
	openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
		-subj "/CN=bpfseal test signing key" \
		-addext "keyUsage=digitalSignature" \
		-addext "extendedKeyUsage=codeSigning" \
		-keyout $@.tmp -out $(SIGN_KEYS)/cert.pem
	openssl x509 -in $(SIGN_KEYS)/cert.pem -outform DER -out $(SIGN_KEYS)/cert.der
	mv $@.tmp $@
$(SIGN_KEYS)/cert.pem $(SIGN_KEYS)/cert.der: $(SIGN_KEYS)/key.pem

$(SIGN_KEYS)/ec-key.pem:
	mkdir -p $(@D)
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-sha256 -days 3650 -subj "/CN=bpfseal test ECDSA signing key" \
		-addext "keyUsage=digitalSignature" \
		-keyout $@.tmp -out $(SIGN_KEYS)/ec-cert.pem
	openssl x509 -in $(SIGN_KEYS)/ec-cert.pem -outform DER -out $(SIGN_KEYS)/ec-cert.der
	mv $@.tmp $@

# The test program needs only UAPI headers; asm/ is in Debian's multiarch dir.
SIGNED_BPF_CFLAGS := $(BPF_CFLAGS) -idirafter /usr/include/$(shell uname -m)-linux-gnu
$(SIGNED)/%.bpf.o: tests/signed/%.bpf.c tests/signed/signed_hello.h
	mkdir -p $(@D)
	$(CLANG) $(SIGNED_BPF_CFLAGS) -c $< -o $@

$(SIGNED)/%.plain.lskel.h: $(SIGNED)/%.bpf.o
	$(KSRC_BPFTOOL) gen skeleton -L $< name $* > $@.tmp && mv $@.tmp $@

$(SIGNED)/%.upstream.lskel.h: $(SIGNED)/%.bpf.o $(SIGN_KEYS)/key.pem
	$(KSRC_BPFTOOL) gen skeleton -L -S -k $(SIGN_KEYS)/key.pem \
		-i $(SIGN_KEYS)/cert.pem $< name $* > $@.tmp && mv $@.tmp $@

# The signer's messages are kept in OUT.stderr for the guest test.
$(SIGNED)/%.ours.lskel.h: $(SIGNED)/%.upstream.lskel.h scripts/bpfseal-sign
	scripts/bpfseal-sign skel --kernel $(KVER) --key $(SIGN_KEYS)/key.pem \
		--cert $(SIGN_KEYS)/cert.pem $< -o $@ 2>$@.stderr; \
	rc=$$?; cat $@.stderr >&2; exit $$rc

$(SIGNED)/%.tampered.lskel.h: $(SIGNED)/%.ours.lskel.h tests/signed/skel-edit.py
	python3 tests/signed/skel-edit.py flip-insn $< $@

# The metadata blob changed after signing.
$(SIGNED)/%.blobflip.lskel.h: $(SIGNED)/%.ours.lskel.h tests/signed/skel-edit.py
	python3 tests/signed/skel-edit.py flip-data $< $@

# A second SignerInfo (the ECDSA test key) added to a good signature; both
# signers verify, so the kernel's own check passes and bpfseal must refuse.
$(SIGNED)/%.twosigners.lskel.h: $(SIGNED)/%.ours.lskel.h scripts/bpfseal-sign $(SIGN_KEYS)/ec-key.pem tests/signed/skel-edit.py
	scripts/bpfseal-sign extract $< --insns $@.insns --data $@.data --sig $@.sig
	if printf '%s\n' 7.3 $(KVER) | sort -V -C; then cat $@.insns $@.data; else cat $@.insns; fi > $@.payload
	openssl cms -resign -binary -inform DER -in $@.sig -content $@.payload \
		-signer $(SIGN_KEYS)/ec-cert.pem -inkey $(SIGN_KEYS)/ec-key.pem \
		-md sha256 -keyid -nocerts -nosmimecap -outform DER -out $@.sig2
	python3 tests/signed/skel-edit.py set-sig $< $@.sig2 $@
	rm -f $@.insns $@.data $@.sig $@.payload $@.sig2

# An unsigned light skeleton, as bpftool -L makes it.
$(SIGNED)/loader-plain: tests/signed/loader.c tests/signed/signed_hello.h $(SIGNED)/$(SIGNED_NAME).plain.lskel.h
	$(CC) $(SIGNED_LOADER_CFLAGS) -DUNSIGNED_SKEL -DSKEL_H='"$(SIGNED_NAME).plain.lskel.h"' -I$(SIGNED) $< -o $@

# The light-skeleton runtime of this kernel, minus the map freeze (and the
# map-hash query, which the kernel refuses on an unfrozen map), for a test
# that the gate itself refuses an unfrozen map: the loader signed by
# bpfseal-sign (ours) with this runtime. The gate decides before the loader
# runs, so the loader's own check of the map's hash (-S) never gets there.
$(SIGNED)/nofreeze/bpf/skel_internal.h: $(KSRC)/include/bpf/skel_internal.h
	mkdir -p $(@D)
	sed -e 's/err = skel_map_freeze(map_fd);/err = 0; \/\* test: map left unfrozen \*\//' \
	    -e 's/err = skel_obj_get_info_by_fd(map_fd);/err = 0;/' \
	    -e 's/#include "bpf.h"/#include <bpf\/bpf.h>/' $< > $@
	grep -q 'map left unfrozen' $@
$(SIGNED)/loader-nofreeze: tests/signed/loader.c tests/signed/signed_hello.h $(SIGNED)/$(SIGNED_NAME).ours.lskel.h $(SIGNED)/nofreeze/bpf/skel_internal.h
	$(CC) -I$(SIGNED)/nofreeze $(SIGNED_LOADER_CFLAGS) -DSKEL_H='"$(SIGNED_NAME).ours.lskel.h"' -I$(SIGNED) $< -o $@

# The light-skeleton runtime of this kernel, running the loader a second
# time after a successful first run (the loader writes into its own signed
# map as it runs, so the second run sees a changed blob). Prints
# "rerun: rc R errno E" on stderr; the load itself goes on as usual.
$(SIGNED)/rerun/bpf/skel_internal.h: $(KSRC)/include/bpf/skel_internal.h
	mkdir -p $(@D)
	sed -e 's/^\terr = 0;$$/\terr = skel_sys_bpf(BPF_PROG_RUN, \&attr, test_run_attr_sz); fprintf(stderr, "rerun: rc %d errno %d\\n", err, err < 0 ? errno : 0); err = 0;/' \
	    -e 's/#include "bpf.h"/#include <bpf\/bpf.h>/' $< > $@
	grep -q 'rerun: rc' $@
$(SIGNED)/loader-rerun: tests/signed/loader.c tests/signed/signed_hello.h $(SIGNED)/$(SIGNED_NAME).ours.lskel.h $(SIGNED)/rerun/bpf/skel_internal.h
	$(CC) -I$(SIGNED)/rerun $(SIGNED_LOADER_CFLAGS) -include stdio.h -DSKEL_H='"$(SIGNED_NAME).ours.lskel.h"' -I$(SIGNED) $< -o $@

# The scheme this kernel does not use (7.3 moved from insns to insns+maps):
# the kernel must refuse it.
$(SIGNED)/%.wrongscheme.lskel.h: $(SIGNED)/%.upstream.lskel.h scripts/bpfseal-sign
	if printf '%s\n' 7.3 $(KVER) | sort -V -C; then o=insns; else o=insns+maps; fi; \
	scripts/bpfseal-sign skel --scheme $$o --key $(SIGN_KEYS)/key.pem \
		--cert $(SIGN_KEYS)/cert.pem $< -o $@

$(SIGNED)/%.ecdsa.lskel.h: $(SIGNED)/%.upstream.lskel.h scripts/bpfseal-sign $(SIGN_KEYS)/ec-key.pem
	scripts/bpfseal-sign skel --kernel $(KVER) --key $(SIGN_KEYS)/ec-key.pem \
		--cert $(SIGN_KEYS)/ec-cert.pem $< -o $@

# Loaders: compiled against this kernel's libbpf headers (skel_internal.h
# differs between 7.2 and 7.3), placed before the system ones.
SIGNED_LOADER_CFLAGS = $(CFLAGS) -Wno-unused-parameter -I$(KSRC)/include -Iinclude
$(SIGNED)/loader-%: tests/signed/loader.c tests/signed/signed_hello.h $(SIGNED)/$(SIGNED_NAME).%.lskel.h
	$(CC) $(SIGNED_LOADER_CFLAGS) -DSKEL_H='"$(SIGNED_NAME).$*.lskel.h"' -I$(SIGNED) $< -o $@

# A ring buffer without max_entries, signed from its -S header: the signer
# warns (OUT.stderr), and the load fails with EINVAL, bpfseal or not.
$(SIGNED)/sizeless-loader: tests/signed/sizeless.c $(SIGNED)/sizeless.ours.lskel.h
	$(CC) $(SIGNED_LOADER_CFLAGS) -I$(SIGNED) $< -o $@

guest-progs: $(SIGNED)/sizeless-loader

# Keep generated headers and objects (they are chained intermediates).
.SECONDARY:

guest-progs: $(SIGNED_LOADERS)

# The race test: a loader loaded by hand from the parts of a signed header.
$(SIGNED)/race/insns: $(SIGNED)/$(SIGNED_NAME).ours.lskel.h scripts/bpfseal-sign
	mkdir -p $(@D)
	scripts/bpfseal-sign extract $< --insns $(@D)/insns --data $(@D)/data --sig $(@D)/sig
$(SIGNED)/race/race: tests/signed/race.c tests/signed/rawload.h tests/signed/steal.h tests/include/kernel_gen.h $(SIGNED)/race/insns
	$(CC) $(CFLAGS) -Itests/include $< -o $@ -lpthread $(SIGN_LIBS)

guest-progs: $(SIGNED)/race/race

# The attacks of tests/guest/attack-*.sh (same parts as the race test).
$(SIGNED)/race/attack: tests/signed/attack.c tests/signed/rawload.h tests/signed/steal.h tests/include/kernel_gen.h $(SIGNED)/race/insns
	$(CC) $(CFLAGS) -Itests/include $< -o $@ -lpthread $(SIGN_LIBS)

guest-progs: $(SIGNED)/race/attack
