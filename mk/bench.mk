# SPDX-License-Identifier: GPL-2.0-only
#
# The benchmark (docs/performance.md). Included by the top Makefile.
#
#   make bench                     on the host: boots every bench kernel,
#                                  measures with and without bpfseal,
#                                  writes results/bench/ and regenerates
#                                  docs/performance.md's table and plot
#                                  (tests/bench/run; BENCH_ARGS= passes
#                                  options, e.g. BENCH_ARGS="--reps 10")
#   make bench-report              only the docs, from results/bench/
#   make guest-progs KVER=...      also the benchmark programs for that
#                                  kernel, in build/<kver>/bench/

BENCH := $(BUILD)/bench
# mk/signer.mk comes after this file: its variables are not set yet when
# the prerequisites below are read, so name the same paths here.
BENCH_KEYS := $(HOST_BUILD)/testkeys
BENCH_ARGS ?=
# The large skeleton's .rodata table: 4 MiB of __u32, so its blob is over
# 4 MiB.
BENCH_BIG_ENTRIES := 1048576

.PHONY: bench bench-report
bench:
	tests/bench/run $(BENCH_ARGS)

bench-report:
	tests/bench/run --report-only

$(BENCH)/bench: tests/bench/bench.c tests/include/kernel_gen.h
	mkdir -p $(@D)
	$(CC) $(CFLAGS) -Werror -Itests/include $< -o $@ $(SIGN_LIBS)

$(BENCH)/bench_skel.bpf.o: tests/bench/bench_skel.bpf.c $(BUILD)/vmlinux.h
	mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BENCH)/bench_big.bpf.o: tests/bench/bench_skel.bpf.c $(BUILD)/vmlinux.h
	mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -DBENCH_TABLE_ENTRIES=$(BENCH_BIG_ENTRIES) -c $< -o $@

# Signed as the signer-skel tests sign (bpftool -L -S of this kernel, then
# bpfseal-sign skel for this kernel), with the same test key.
$(BENCH)/%.upstream.lskel.h: $(BENCH)/%.bpf.o $(BENCH_KEYS)/key.pem
	$(KSRC_BPFTOOL) gen skeleton -L -S -k $(SIGN_KEYS)/key.pem \
		-i $(SIGN_KEYS)/cert.pem $< name $* > $@.tmp && mv $@.tmp $@

$(BENCH)/%.signed.lskel.h: $(BENCH)/%.upstream.lskel.h scripts/bpfseal-sign
	scripts/bpfseal-sign skel --kernel $(KVER) --key $(SIGN_KEYS)/key.pem \
		--cert $(SIGN_KEYS)/cert.pem $< -o $@

# Loaders: this kernel's skel_internal.h first, as for the signed tests.
$(BENCH)/load-%: tests/bench/skel_load.c $(BENCH)/%.signed.lskel.h
	$(CC) $(SIGNED_LOADER_CFLAGS) -Werror -DSKEL_H='"$*.signed.lskel.h"' \
		-DSKEL_NAME=$* -I$(BENCH) $< -o $@

BENCH_OUTPUTS := $(BENCH)/bench $(BENCH)/load-bench_skel $(BENCH)/load-bench_big
guest-progs: $(BENCH_OUTPUTS)
