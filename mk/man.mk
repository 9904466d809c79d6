# SPDX-License-Identifier: GPL-2.0-only
#
# Manual pages, generated with pandoc. Included by the top Makefile.
#
#   make man     build/man/bpfseal-sign.1, build/man/bpfseal-policy.8 and
#                build/man/bpfseal.4 (read one with: man -l FILE)
#   make unit    includes tests/unit/man-options.sh, which checks that the
#                pages document the options the tools take, and the
#                module's parameters, securityfs files and audit fields
#
# One source for each page, no copy:
#   - bpfseal-sign(1), bpfseal-policy(8): docs/man/NAME.SECTION.md, the
#     reference for the tools' options (docs/signing.md and
#     docs/bpfseal-policy.md point there);
#   - bpfseal(4): docs/man/bpfseal.4.head.md (NAME, SYNOPSIS,
#     DESCRIPTION), then the sections of docs/admin-guide.md listed in
#     MAN4_SECTIONS, copied by mk/man-sections.awk, then
#     docs/man/bpfseal.4.tail.md (FILES, SEE ALSO).
#
# The version is dkms.conf's PACKAGE_VERSION, the project's one version.
# The pages carry no build date, so two builds give the same bytes; with
# SOURCE_DATE_EPOCH set they carry that day (UTC) instead.

PANDOC ?= pandoc
MAN_DIR := build/man
MAN_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' dkms.conf)
MAN_DATE := $(if $(SOURCE_DATE_EPOCH),$(shell date -u -d @$(SOURCE_DATE_EPOCH) +%Y-%m-%d))
# Markdown without "smart" punctuation: "--key" stays two hyphens, and
# quotes stay ASCII, as they are typed. mk/man-tables.lua fits tables
# into 80 columns.
MAN_PANDOC := $(PANDOC) -s -f markdown-smart -t man \
	--lua-filter=mk/man-tables.lua \
	-M footer="bpfseal $(MAN_VERSION)" $(if $(MAN_DATE),-M date=$(MAN_DATE))
# What every page is made with, besides its own source.
MAN_DEPS := dkms.conf mk/man.mk mk/man-tables.lua

# HEADING=TITLE|...: the admin guide's sections that make bpfseal(4), in
# the page's order (mk/man-sections.awk). A heading renamed in the guide
# fails the build until it is renamed here too.
MAN4_SECTIONS := Parameters=PARAMETERS|securityfs: /sys/kernel/security/bpfseal/=SECURITYFS|Loading a policy=LOADING A POLICY|Verdicts=VERDICTS|Audit records=AUDIT RECORDS|Errors a refused load gets=ERRORS|Key management=KEYS|Lock mode=LOCK MODE

MAN_PAGES := $(MAN_DIR)/bpfseal-sign.1 $(MAN_DIR)/bpfseal-policy.8 \
	$(MAN_DIR)/bpfseal.4

.PHONY: man
man: $(MAN_PAGES)

$(MAN_DIR)/bpfseal-sign.1 $(MAN_DIR)/bpfseal-policy.8: $(MAN_DIR)/%: docs/man/%.md $(MAN_DEPS)
	@command -v $(PANDOC) >/dev/null || { echo "make man: $(PANDOC) is not installed (apt install pandoc)" >&2; exit 1; }
	mkdir -p $(@D)
	$(MAN_PANDOC) $< -o $@.tmp && mv $@.tmp $@

$(MAN_DIR)/bpfseal.4.md: docs/man/bpfseal.4.head.md docs/admin-guide.md \
		docs/man/bpfseal.4.tail.md mk/man-sections.awk mk/man.mk
	mkdir -p $(@D)
	{ cat docs/man/bpfseal.4.head.md && echo && \
	  awk -v sections='$(MAN4_SECTIONS)' -f mk/man-sections.awk docs/admin-guide.md && \
	  cat docs/man/bpfseal.4.tail.md; } > $@.tmp && mv $@.tmp $@

$(MAN_DIR)/bpfseal.4: $(MAN_DIR)/bpfseal.4.md $(MAN_DEPS)
	@command -v $(PANDOC) >/dev/null || { echo "make man: $(PANDOC) is not installed (apt install pandoc)" >&2; exit 1; }
	$(MAN_PANDOC) $< -o $@.tmp && mv $@.tmp $@

# --- host unit test ----------------------------------------------------------
UNIT_BINS += tests/unit/man-options.sh

# The test reads the pages: make them first where pandoc is (the build
# chroot). Debian 12 hosts have none: there the test skips, or reads the
# pages last made in the chroot.
ifneq ($(shell command -v $(PANDOC) 2>/dev/null),)
unit: man
endif
