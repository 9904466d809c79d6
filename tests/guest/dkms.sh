#!/bin/bash
# DKMS from a clone (make dkms-install, issue 6); the packages' own test is
# package.sh, which also covers loading at boot and the 6.12 refusal.
#   - make dkms-install builds and installs bpfseal for the running kernel,
#     signed with DKMS's own key (DKMS makes one when it has none), and
#     modprobe loads it (through the install hook) and it arms;
#   - dkms autoinstall -k builds it for the other bench kernel too;
#   - make dkms-uninstall PURGE=1 leaves no bpfseal file behind: none in
#     what the boot changed on the root (the overlay's upper layer,
#     /bench-upper/u, against the pristine Debian root), and no bpfseal
#     line in any kernel's modules.dep.
# It runs on sid's kernel only: it builds for both bench kernels there.
# On the debug kernel (outside make check: tests/vm/check --kernels debug
# --only dkms) it leaves out the build for the other kernel, which takes
# most of an hour there and runs none of bpfseal's kernel code.
# bench: kernels=sid
# The DKMS builds under TCG take minutes (less with a warm ccache):
# bench: timeout=1800
. "$(dirname "$0")/lib.sh"

KVER=$(uname -r)
VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
[ -n "$VERSION" ] || fail "no PACKAGE_VERSION in dkms.conf"
main() {
	[ -d /bench-upper/u ] || fail "no /bench-upper/u (the bench's overlay upper layer)"
	[ -z "$(bpfseal_files)" ] || fail "bpfseal files on the root before the install: $(bpfseal_files)"

	step "make dkms-install on $KVER"
	dkms_env "$KVER" make dkms-install || fail "make dkms-install failed"
	dkms status -m bpfseal -v "$VERSION" -k "$KVER" | grep -q ': installed' ||
		fail "dkms status does not show bpfseal installed for $KVER: $(dkms status -m bpfseal)"
	ko=$(modinfo -n bpfseal) || fail "modinfo cannot find bpfseal"
	case $ko in
	/lib/modules/$KVER/updates/dkms/bpfseal.ko*) ;;
	*) fail "bpfseal resolves to $ko, not the DKMS module" ;;
	esac
	[ "$(modinfo -F version bpfseal)" = "$VERSION" ] || fail "module version is not $VERSION"

	step "the DKMS module is signed with DKMS's key"
	assert_dkms_signed

	step "modprobe bpfseal (through the install hook) loads and arms it"
	out=$(modprobe bpfseal 2>&1) || fail "modprobe bpfseal failed: $out"
	echo "$out"
	grep -q '^armed: lsm' /sys/kernel/security/bpfseal/status ||
		fail "bpfseal loaded by modprobe is not armed: $(head -n1 /sys/kernel/security/bpfseal/status)"
	unload_bpfseal

	# The other stock kernel (not the bench's debug kernel, whose tree is
	# not a Debian headers package).
	other=$(ls /lib/modules | grep -vx "$KVER" | grep -E '^7\.' | grep -v -- '-bpfseal-debug$' | head -n1)
	if [ "$DEBUG_KERNEL" = 1 ]; then
		# On the debug kernel a DKMS build in the guest takes most of an
		# hour, and a build for another kernel runs none of bpfseal's
		# kernel code for the checkers to watch: the stock kernels' run
		# covers this step.
		step "dkms autoinstall -k $other: not on the debug kernel (a build for another kernel; tests/vm/check --kernels sid runs it)"
	elif [ -n "$other" ] && [ -e "/lib/modules/$other/build" ]; then
		step "dkms autoinstall -k $other (the other bench kernel's headers)"
		dkms_env "$other" dkms autoinstall -k "$other" || fail "dkms autoinstall -k $other failed"
		dkms status -m bpfseal -k "$other" | grep -q ': installed' ||
			fail "bpfseal not installed for $other: $(dkms status -m bpfseal)"
		[ "$(modinfo -k "$other" -F vermagic bpfseal | cut -d' ' -f1)" = "$other" ] ||
			fail "the module installed for $other has vermagic $(modinfo -k "$other" -F vermagic bpfseal)"
	else
		fail "no headers for another bench kernel in /lib/modules"
	fi

	step "make dkms-uninstall PURGE=1 leaves nothing behind"
	make dkms-uninstall PURGE=1 || fail "make dkms-uninstall failed"
	left=$(bpfseal_files)
	[ -z "$left" ] || fail "left behind: $left"
	grep -l bpfseal /lib/modules/*/modules.dep && fail "modules.dep still names bpfseal"
	[ ! -e /etc/modprobe.d/bpfseal.conf ] || fail "/etc/modprobe.d/bpfseal.conf left"
	dkms status -m bpfseal | grep -q . && fail "DKMS still knows bpfseal: $(dkms status -m bpfseal)"
	echo "no bpfseal file left"
}

main
