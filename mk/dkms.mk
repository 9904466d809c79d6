# SPDX-License-Identifier: GPL-2.0-only
#
# Installing bpfseal with DKMS (docs/admin-guide.md, "Installing").
# Included by the top Makefile. Both targets need root.
#
#   make dkms-install     copy the module's sources to /usr/src/bpfseal-VERSION,
#                         dkms add, build and install for the running kernel
#                         (DKMS rebuilds it for each new kernel: AUTOINSTALL),
#                         and install the load hook and the example config:
#                           /usr/lib/bpfseal/bpfseal-load
#                           /etc/modprobe.d/bpfseal.conf
#                           /etc/modules-load.d/bpfseal.conf
#                           /etc/bpfseal/certs/
#                           /etc/bpfseal/policy.systemd (an example rule
#                           policy, not active: copy it to
#                           /etc/bpfseal/policy to use it)
#                         An existing config file is kept (the new example
#                         goes next to it as FILE.new).
#   make dkms-uninstall   the reverse, for every kernel; the certificates in
#                         /etc/bpfseal/certs/ and the policy
#                         /etc/bpfseal/policy are kept unless PURGE=1.
#
# DESTDIR is not supported: DKMS registers the module system-wide.

# The load hook against a fake modprobe, keyctl and securityfs.
UNIT_BINS += tests/unit/load-hook.sh

DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' dkms.conf)
DKMS_SRC := /usr/src/bpfseal-$(DKMS_VERSION)
DKMS_FILES := dkms.conf Kbuild module/Kbuild $(wildcard module/*.c module/*.h) \
	module/shims/shims.lskel.h module/shims/bpf/skel_internal.h \
	$(wildcard include/bpfseal/*.h)
DKMS_CONFS := etc/modprobe.d/bpfseal.conf etc/modules-load.d/bpfseal.conf \
	etc/bpfseal/policy.systemd
BPFSEAL_LIBEXEC := /usr/lib/bpfseal

# The files DKMS builds from (the bench warms the guests' ccache with them).
.PHONY: dkms-files
dkms-files:
	@echo $(DKMS_FILES)

.PHONY: dkms-install dkms-uninstall dkms-need-root
dkms-need-root:
	@[ "$$(id -u)" = 0 ] || { echo "make $(MAKECMDGOALS): needs root" >&2; exit 1; }
	@command -v dkms >/dev/null || { echo "make $(MAKECMDGOALS): dkms is not installed (apt install dkms)" >&2; exit 1; }
	@[ -n "$(DKMS_VERSION)" ] || { echo "make $(MAKECMDGOALS): no PACKAGE_VERSION in dkms.conf" >&2; exit 1; }

# The running kernel must have signed BPF programs (BPFSEAL_MIN_LINUX in
# module/compat.h; DKMS would only say that dkms.conf excludes it).
DKMS_MIN_LINUX := $(shell sed -n 's/^\#define BPFSEAL_MIN_LINUX "\(.*\)"$$/\1/p' module/compat.h)
dkms-install: dkms-need-root
	@series=$$(uname -r | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p'); \
	if ! printf '%s\n' $(DKMS_MIN_LINUX) $$series | sort -V -C; then \
		echo "make dkms-install: bpfseal needs Linux $(DKMS_MIN_LINUX) or later, which has signed BPF programs; the running kernel ($$(uname -r)) is $$series and cannot verify BPF signatures" >&2; \
		exit 1; \
	fi
	@if dkms status -m bpfseal | grep -q .; then \
		echo "removing the bpfseal already registered with DKMS"; \
		$(MAKE) --no-print-directory dkms-remove-module; \
	fi
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)
	cp --parents $(DKMS_FILES) $(DKMS_SRC)/
	dkms add -m bpfseal -v $(DKMS_VERSION)
	dkms install -m bpfseal -v $(DKMS_VERSION)
	install -D -m 0755 scripts/bpfseal-load $(BPFSEAL_LIBEXEC)/bpfseal-load
	install -d -m 0755 /etc/bpfseal/certs
	@for f in $(DKMS_CONFS); do \
		dst=/$$f; \
		if [ -e $$dst ] && ! cmp -s $$f $$dst; then \
			install -m 0644 $$f $$dst.new; \
			echo "kept your $$dst; the new example is $$dst.new"; \
		else \
			install -D -m 0644 $$f $$dst && echo "installed $$dst"; \
		fi; \
	done
	@echo "bpfseal $(DKMS_VERSION) installed for $$(uname -r). Next: put certificates in" \
		"/etc/bpfseal/certs/, choose options in /etc/modprobe.d/bpfseal.conf," \
		"then 'modprobe bpfseal' (see docs/admin-guide.md)."

# Every version of bpfseal DKMS knows, for every kernel.
.PHONY: dkms-remove-module
dkms-remove-module:
	@for v in $$(dkms status -m bpfseal | sed -n 's/^bpfseal[/,] *\([^,:]*\).*/\1/p' | sort -u); do \
		echo "dkms remove bpfseal/$$v --all"; \
		dkms remove -m bpfseal -v $$v --all || exit 1; \
		rm -rf /usr/src/bpfseal-$$v; \
	done

dkms-uninstall: dkms-need-root
	$(MAKE) --no-print-directory dkms-remove-module
	rm -rf $(DKMS_SRC)
	rm -f $(BPFSEAL_LIBEXEC)/bpfseal-load
	rmdir $(BPFSEAL_LIBEXEC) 2>/dev/null || true
	@for f in $(DKMS_CONFS); do rm -fv /$$f /$$f.new; done
	@if [ "$(PURGE)" = 1 ]; then \
		rm -rfv /etc/bpfseal; \
	elif [ -e /etc/bpfseal/policy ] || { [ -d /etc/bpfseal/certs ] && [ -n "$$(ls -A /etc/bpfseal/certs)" ]; }; then \
		echo "kept /etc/bpfseal/ (your certificates and policy): remove it yourself, or run make dkms-uninstall PURGE=1"; \
	else \
		rmdir /etc/bpfseal/certs /etc/bpfseal 2>/dev/null || true; \
	fi
	@if [ "$$(cat /sys/kernel/security/bpfseal/lock 2>/dev/null)" = 1 ]; then \
		echo "bpfseal is still loaded and locked: it stays until the next boot"; \
	elif [ -d /sys/module/bpfseal ]; then \
		echo "bpfseal is still loaded: it stays until the next boot, or: echo 1 > /sys/module/bpfseal/parameters/disarm; rmmod bpfseal"; \
	fi
