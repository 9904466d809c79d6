#!/bin/bash
# DKMS install and boot-time loading (issue 6), in two boots of the Debian
# root.
#
# Boot 1:
#   - make dkms-install builds and installs bpfseal for the running kernel,
#     signed with DKMS's own key (DKMS makes one when it has none), and
#     modprobe loads it (through the install hook) and it arms;
#   - dkms autoinstall -k builds it for the other bench kernel too;
#   - a DKMS build against trixie's stock 6.12 headers stops at once with
#     the message about signed BPF programs;
#   - then the admin's configuration: bpfseal in modules-load.d, options
#     (enforce, lock=1) in modprobe.d, a DER and a PEM certificate in
#     /etc/bpfseal/certs/; reboot.
# Boot 2, with no manual step: bpfseal was loaded at boot (the bench's boot
# runs systemd-modules-load as Debian's boot does), with its options, both
# certificates enrolled before the lock; a signed skeleton loads and an
# unsigned program is refused. Then make dkms-uninstall PURGE=1 leaves no
# bpfseal file behind: none in what the two boots changed on the root (the
# overlay's upper layer, /bench-upper/u, against the pristine Debian root),
# and no bpfseal line in any kernel's modules.dep.
#
# The DKMS builds under TCG take minutes (less with a warm ccache):
# bench: timeout=1800
. "$(dirname "$0")/lib.sh"

KVER=$(uname -r)
S=$BPFSEAL_BUILD/signed
KEYS=$(dirname "$BPFSEAL_BUILD")/host/testkeys
VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
[ -n "$VERSION" ] || fail "no PACKAGE_VERSION in dkms.conf"
# bpfseal_files: every path the guest added or changed on the root whose
# name says bpfseal (whiteouts of deleted lower files excluded; /bpfseal is
# the bench's mount point for the work tree).
bpfseal_files() {
	find /bench-upper/u -path /bench-upper/u/bpfseal -prune -o \
		-iname '*bpfseal*' ! -type c -printf '/%P\n' | sort
}

boot1() {
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
	[ -s /var/lib/dkms/mok.pub ] || fail "DKMS has no signing key (/var/lib/dkms/mok.pub)"
	signer=$(modinfo -F signer bpfseal)
	[ -n "$signer" ] || fail "the DKMS-built module carries no signature"
	# sign-file names the key by issuer and serial number: sig_key is the
	# serial of DKMS's certificate.
	key=$(modinfo -F sig_key bpfseal | tr -d ':' | tr a-f A-F | sed 's/^0*//')
	serial=$(openssl x509 -in /var/lib/dkms/mok.pub -inform DER -noout -serial 2>/dev/null ||
		openssl x509 -in /var/lib/dkms/mok.pub -noout -serial)
	serial=$(echo "${serial#serial=}" | tr a-f A-F | sed 's/^0*//')
	[ -n "$key" ] && [ "$key" = "$serial" ] ||
		fail "module signed by key $key, DKMS's key has serial $serial"
	echo "signer: $signer, key $key"

	step "modprobe bpfseal (through the install hook) loads and arms it"
	out=$(modprobe bpfseal 2>&1) || fail "modprobe bpfseal failed: $out"
	echo "$out"
	grep -q '^armed: lsm' /sys/kernel/security/bpfseal/status ||
		fail "bpfseal loaded by modprobe is not armed: $(head -n1 /sys/kernel/security/bpfseal/status)"
	unload_bpfseal

	# The other stock kernel (not the bench's debug kernel, whose tree is
	# not a Debian headers package).
	other=$(ls /lib/modules | grep -vx "$KVER" | grep -E '^7\.' | grep -v -- '-bpfseal-debug$' | head -n1)
	if [ -n "$other" ] && [ -e "/lib/modules/$other/build" ]; then
		step "dkms autoinstall -k $other (the other bench kernel's headers)"
		dkms_env "$other" dkms autoinstall -k "$other" || fail "dkms autoinstall -k $other failed"
		dkms status -m bpfseal -k "$other" | grep -q ': installed' ||
			fail "bpfseal not installed for $other: $(dkms status -m bpfseal)"
		[ "$(modinfo -k "$other" -F vermagic bpfseal | cut -d' ' -f1)" = "$other" ] ||
			fail "the module installed for $other has vermagic $(modinfo -k "$other" -F vermagic bpfseal)"
	else
		fail "no headers for another bench kernel in /lib/modules"
	fi

	old=$(ls /lib/modules | grep -E '^6\.([0-9]|1[0-7])\.' | head -n1)
	[ -n "$old" ] || fail "no headers of a kernel older than 6.18 (trixie's 6.12) in the root"
	step "dkms build -k $old stops at once"
	t0=$(date +%s)
	out=$(dkms build -m bpfseal -v "$VERSION" -k "$old" 2>&1)
	rc=$?
	t=$(($(date +%s) - t0))
	echo "$out" | tail -n 5
	[ "$rc" != 0 ] || fail "the build for $old succeeded"
	log=/var/lib/dkms/bpfseal/$VERSION/build/make.log
	grep -q "bpfseal needs Linux 6.18 or later, which has signed BPF programs" "$log" ||
		fail "make.log for $old lacks the message: $(tail -n 5 "$log")"
	! grep -q 'CC \[M\]' "$log" || fail "the build for $old compiled files before stopping"
	grep 'needs Linux' "$log"
	echo "stopped after ${t}s, nothing compiled"

	step "configure: load at boot, enforce and lock, two certificates"
	sed -i 's/^#bpfseal$/bpfseal/' /etc/modules-load.d/bpfseal.conf
	grep -qx bpfseal /etc/modules-load.d/bpfseal.conf || fail "cannot enable bpfseal in modules-load.d"
	echo "options bpfseal mode=enforce keyrings=bpfseal lock=1" >>/etc/modprobe.d/bpfseal.conf
	cp "$KEYS/cert.der" /etc/bpfseal/certs/test-rsa.der
	cp "$KEYS/ec-cert.pem" /etc/bpfseal/certs/test-ec.pem
	exit 78
}

boot2() {
	step "after the reboot: bpfseal loaded at boot"
	cat /out/boot.log
	[ -d /sys/module/bpfseal ] || fail "bpfseal was not loaded at boot"
	st=/sys/kernel/security/bpfseal/status
	cat "$st"
	grep -q '^armed: lsm' "$st" || fail "bpfseal is not armed"
	grep -q '^mode: enforce' "$st" || fail "bpfseal is not in enforce mode"
	grep -q '^locked: 1' "$st" || fail "bpfseal is not locked (lock=1 in modprobe.d)"
	n=$(keyctl rlist %:.bpfseal | wc -w)
	[ "$n" = 2 ] || fail ".bpfseal holds $n keys, expected the 2 certificates: $(keyctl show %:.bpfseal)"
	keyctl show %:.bpfseal

	step "a signed skeleton loads, an unsigned program is refused"
	keyctl link @u @s >/dev/null || fail "keyctl link @u @s"
	ring=$(keyctl newring bpfseal-test @u) || fail "keyctl newring"
	keyctl padd asymmetric rsa "$ring" <"$KEYS/cert.der" >/dev/null || fail "keyctl padd"
	"$S/loader-ours" "$ring" || fail "the signed skeleton did not load"
	expect_rc 10 "$S/loader-plain" "$ring"

	step "make dkms-uninstall PURGE=1 leaves nothing behind"
	make dkms-uninstall PURGE=1 || fail "make dkms-uninstall failed"
	left=$(bpfseal_files)
	[ -z "$left" ] || fail "left behind: $left"
	grep -l bpfseal /lib/modules/*/modules.dep && fail "modules.dep still names bpfseal"
	[ ! -e /etc/modprobe.d/bpfseal.conf ] || fail "/etc/modprobe.d/bpfseal.conf left"
	dkms status -m bpfseal | grep -q . && fail "DKMS still knows bpfseal: $(dkms status -m bpfseal)"
	echo "no bpfseal file left (the module stays loaded and locked until the next boot)"
}

case ${BPFSEAL_BOOT:-1} in
1) boot1 ;;
2) boot2 ;;
*) fail "unexpected boot $BPFSEAL_BOOT" ;;
esac
