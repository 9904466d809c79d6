# SPDX-License-Identifier: GPL-2.0-only
#
# bpfseal top-level Makefile.
#
#   make demo       boot a stock kernel, install bpfseal with DKMS, show it at work
#   make check      the whole test suite (installs what it needs; see docs/testing.md)
#   make deb        the Debian packages bpfseal-dkms and bpfseal-tools (mk/deb.mk)
#   make dkms-install, make dkms-uninstall   (mk/dkms.mk; docs/admin-guide.md)
#   make module     build the module for KVER (default: the running kernel)
#   make tools      build the userspace tools (scripts/bpfseal-sign)
#   make unit       build and run the host unit tests
#   make man        the manual pages, in build/man/ (mk/man.mk; needs pandoc)
#
# Targets used by the test bench inside its build chroot:
#   make guest-progs KVER=...   BPF objects and test programs for one kernel

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
BUILD ?= build/$(KVER)
HOST_BUILD ?= build/host

CC ?= cc
CLANG ?= clang
BPFTOOL ?= bpftool
CFLAGS ?= -O2 -g -Wall -Wextra
BPF_CFLAGS := -O2 -g -target bpf -D__TARGET_ARCH_x86 \
	-fms-extensions -Wno-microsoft-anon-tag -Wall \
	-I$(BUILD) -Iinclude

# Pieces of the project add their targets and unit tests here.
UNIT_BINS :=
TOOLS :=

.PHONY: all demo check module tools unit guest-progs clean
all: module tools

demo:
	demo/run

check:
	tests/vm/check

# Through the top-level Kbuild, as DKMS builds it; the objects go to
# $(BUILD) (module/bpfseal.ko there), not into the tree.
module:
	mkdir -p $(CURDIR)/$(BUILD)
	$(MAKE) -C $(KDIR) M=$(CURDIR) MO=$(CURDIR)/$(BUILD) KCFLAGS=-Werror modules

# --- BPF objects and guest test programs, per kernel -------------------------
BPF_SRCS := $(wildcard tests/bpf/*.bpf.c)
BPF_OBJS := $(patsubst tests/bpf/%.bpf.c,$(BUILD)/bpf/%.bpf.o,$(BPF_SRCS))
PROG_SRCS := $(wildcard tests/progs/*.c)
PROGS := $(patsubst tests/progs/%.c,$(BUILD)/progs/%,$(PROG_SRCS))

$(BUILD)/vmlinux.h: $(KDIR)/vmlinux
	mkdir -p $(@D)
	$(BPFTOOL) btf dump file $< format c > $@.tmp && mv $@.tmp $@

$(BUILD)/bpf/%.bpf.o: tests/bpf/%.bpf.c $(BUILD)/vmlinux.h
	mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/bpf/%.skel.h: $(BUILD)/bpf/%.bpf.o
	$(BPFTOOL) gen skeleton $< name $(notdir $*) > $@.tmp && mv $@.tmp $@

SKELS := $(BPF_OBJS:.bpf.o=.skel.h)
$(BUILD)/progs/%: tests/progs/%.c $(SKELS)
	mkdir -p $(@D)
	$(CC) $(CFLAGS) -Iinclude -I$(BUILD)/bpf $< -o $@ -lbpf -lelf -lz

guest-progs: $(BPF_OBJS) $(PROGS)

-include $(wildcard mk/*.mk)

tools: $(TOOLS)

unit: $(UNIT_BINS)
	tests/unit/run $(UNIT_BINS)

clean:
	rm -rf build results
	rm -f $(TOOLS)

# --- the module's shim programs -----------------------------------------------
# The module carries its shims pre-generated (module/shims/shims.lskel.h), so
# a DKMS build needs neither clang nor bpftool. Regenerate after changing
# module/shims/shims.bpf.c (any supported kernel's vmlinux will do: the shims
# use no CO-RE relocations):  make shims KVER=<kernel with headers installed>
# --- kernel coding style -------------------------------------------------------
# checkpatch.pl from the newest kernel source the bench has (or CHECKPATCH=).
# LINUX_VERSION_CODE is allowed in module/compat.h, the one compat file.
CHECKPATCH ?= $(lastword $(sort $(wildcard /usr/src/bpfseal-ksrc/*/scripts/checkpatch.pl)))
STYLE_SRCS := $(wildcard module/*.c module/*.h include/bpfseal/*.h) module/shims/shims.bpf.c
.PHONY: checkpatch
checkpatch:
	@test -n "$(CHECKPATCH)" || { echo "FAIL style/checkpatch: no checkpatch.pl (CHECKPATCH=)"; exit 1; }
	@if perl $(CHECKPATCH) --no-tree --strict --terse --show-types \
		--ignore MACRO_ARG_REUSE -f $(filter-out module/compat.h,$(STYLE_SRCS)) && \
	    perl $(CHECKPATCH) --no-tree --strict --terse --show-types \
		--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON -f module/compat.h; then \
		echo "PASS style/checkpatch"; \
	else echo "FAIL style/checkpatch"; exit 1; fi

.PHONY: shims
shims:
	mkdir -p $(BUILD)/shims
	$(BPFTOOL) btf dump file $(KDIR)/vmlinux format c > $(BUILD)/shims/vmlinux.h
	$(CLANG) $(BPF_CFLAGS) -I$(BUILD)/shims -c module/shims/shims.bpf.c -o $(BUILD)/shims/shims.bpf.o
	$(BPFTOOL) gen skeleton -L $(BUILD)/shims/shims.bpf.o name bpfseal_shims > module/shims/shims.lskel.h
