#!/bin/bash
# The Debian packages (issue 15), installed as an administrator installs
# them: apt on the .deb files make deb writes (build/deb/; build/deb-next/
# holds the same packages at a higher version, for the upgrade).
# Boot 1:
#   - apt install of bpfseal-dkms and bpfseal-tools: DKMS builds bpfseal for
#     the running kernel, signs it with DKMS's key, and skips trixie's 6.12,
#     whose headers are installed too; modprobe enrolls the certificate in
#     /etc/bpfseal/certs/ and arms; man renders bpfseal-sign(1),
#     bpfseal-policy(8) and bpfseal(4);
#   - the administrator's configuration: bpfseal in modules-load.d, options
#     (enforce, lock=1) in /etc/modprobe.d/bpfseal.conf, a DER and a PEM
#     certificate in /etc/bpfseal/certs/;
#   - the upgrade to the higher version: DKMS builds it, and the edits of
#     both conffiles survive; reboot.
# Boot 2, with no manual step: bpfseal was loaded at boot (the bench's boot
# runs systemd-modules-load as Debian's boot does), at the new version,
# with its options, both certificates enrolled before the lock; a signed
# skeleton loads and an unsigned program is refused. Then:
#   - apt remove while it is loaded and locked says that it stays until the
#     next reboot; apt purge leaves no file of either package (none in what
#     the two boots changed on the root, /bench-upper/u), no DKMS tree,
#     nothing in modules.dep, dkms status empty, and keeps, saying so, the
#     certificates the administrator added;
#   - apt install on a machine running 6.12 (trixie's stock kernel; uname -r
#     answers 6.12 for the install) fails at once with bpfseal's message,
#     DKMS builds nothing, and dpkg leaves bpfseal-dkms unconfigured.
# Debian's DKMS builds for every kernel with headers (its
# autoinstall_all_kernels). The bench's root has those of both bench
# kernels, of the debug kernel and of trixie's 6.12: this test removes the
# other 7.x kernels' build links, so that the machine is one with its
# running kernel and an old 6.12 left from trixie, and each install builds
# once (dkms.sh builds for a second kernel). It turns off man-db's index
# rebuild, which takes minutes under TCG and which man does not need to
# render a page.
# Needs: make deb, and tests/vm/deb --version VERSION.1 --out build/deb-next
# (make check makes both).
# It runs on trixie-backports' kernel only (two DKMS builds under TCG, 18
# minutes): dkms.sh, on sid's, builds for both kernels, and the module it
# installs is the same code (make check's time, docs/testing.md).
# It asks for an hour: about 16 minutes on the stock kernel, and 1 h 54 min
# on the debug kernel (which the bench gives three times as long), where
# each DKMS build takes most of an hour.
# bench: kernels=bpo
# bench: timeout=3600
. "$(dirname "$0")/lib.sh"

KVER=$(uname -r)
S=$BPFSEAL_BUILD/signed
KEYS=$(dirname "$BPFSEAL_BUILD")/host/testkeys
DEB=/bpfseal/build/deb
NEXT=/bpfseal/build/deb-next
VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
SECFS=/sys/kernel/security/bpfseal

debs() { ls "$1"/bpfseal-dkms_*_all.deb "$1"/bpfseal-tools_*_amd64.deb 2>/dev/null; }
[ "$(debs "$DEB" | wc -l)" = 2 ] || fail "no packages in $DEB: run make deb"
[ "$(debs "$NEXT" | wc -l)" = 2 ] || fail "no packages in $NEXT: run tests/vm/deb --version $VERSION.1 --out build/deb-next"
NEXT_VERSION=$(dpkg-deb -f "$(debs "$NEXT" | head -n1)" Version)
dpkg --compare-versions "$NEXT_VERSION" gt "$VERSION" ||
	fail "the upgrade packages are at $NEXT_VERSION, not above $VERSION"
[ -d /bench-upper/u ] || fail "no /bench-upper/u (the bench's overlay upper layer)"

# apt_get ARGS...: apt-get as an administrator runs it, with this kernel's
# pahole and the bench's ccache for DKMS's build (dkms_env; DPkg::Path=
# keeps that PATH, which apt would otherwise replace for dpkg); output kept
# in $out, status in $rc.
apt_get() {
	out=$(dkms_env "$KVER" apt-get -y -q -o Dpkg::Use-Pty=0 -o DPkg::Path= "$@" </dev/null 2>&1)
	rc=$?
	echo "$out" | grep -v '^\(Reading\|Building\|Selecting\|Preparing\|(Reading\)' | tail -n 25
}

boot1() {
	echo "man-db man-db/auto-update boolean false" | debconf-set-selections ||
		fail "debconf-set-selections"
	local b
	for b in /lib/modules/*/build; do
		case $b in
		/lib/modules/"$KVER"/build | /lib/modules/6.*) ;;
		*) rm "$b" ;;
		esac
	done
	ls -d /lib/modules/*/build
	[ -z "$(bpfseal_files)" ] || fail "bpfseal files on the root before the install: $(bpfseal_files)"

	step "apt install ./bpfseal-dkms_${VERSION}_all.deb ./bpfseal-tools_${VERSION}_amd64.deb"
	# shellcheck disable=SC2046
	apt_get install $(debs "$DEB")
	[ "$rc" = 0 ] || fail "apt install failed (exit $rc)"
	for p in bpfseal-dkms bpfseal-tools; do
		[ "$(dpkg-query -W -f '${Status} ${Version}' "$p")" = "install ok installed $VERSION" ] ||
			fail "$p: $(dpkg-query -W -f '${Status} ${Version}' "$p")"
	done
	dkms status -m bpfseal -v "$VERSION" -k "$KVER" | grep -q ': installed' ||
		fail "DKMS did not install bpfseal for $KVER: $(dkms status -m bpfseal)"
	case $(modinfo -n bpfseal) in
	/lib/modules/$KVER/updates/dkms/bpfseal.ko*) ;;
	*) fail "bpfseal resolves to $(modinfo -n bpfseal), not DKMS's module" ;;
	esac
	[ "$(modinfo -F version bpfseal)" = "$VERSION" ] ||
		fail "module version $(modinfo -F version bpfseal), not $VERSION"
	echo "$out" | grep -q "BUILD_EXCLUSIVE directive" ||
		fail "DKMS did not say that it skipped trixie's 6.12, whose headers are installed"
	[ "$(dkms status -m bpfseal | wc -l)" = 1 ] || fail "dkms status: $(dkms status -m bpfseal)"
	dkms status -m bpfseal

	step "the module is signed with DKMS's key"
	assert_dkms_signed

	step "modprobe bpfseal enrolls /etc/bpfseal/certs/ and arms"
	[ -d /etc/bpfseal/certs ] || fail "the package made no /etc/bpfseal/certs/"
	cp "$KEYS/cert.der" /etc/bpfseal/certs/test-rsa.der
	out=$(modprobe bpfseal 2>&1) || fail "modprobe bpfseal failed: $out"
	echo "$out"
	grep -q '^armed: lsm' $SECFS/status || fail "not armed: $(head -n1 $SECFS/status)"
	[ "$(keyctl rlist %:.bpfseal | wc -w)" = 1 ] || fail ".bpfseal: $(keyctl show %:.bpfseal)"
	unload_bpfseal

	step "man bpfseal-sign, man 8 bpfseal-policy and man 4 bpfseal render"
	local page text
	for page in "1 bpfseal-sign" "8 bpfseal-policy" "4 bpfseal"; do
		# shellcheck disable=SC2086
		set -- $page
		text=$(MANWIDTH=80 man --warnings "$1" "$2" 2>/tmp/man.err) ||
			fail "man $1 $2: $(cat /tmp/man.err)"
		[ ! -s /tmp/man.err ] || fail "man $1 $2 warns: $(cat /tmp/man.err)"
		echo "$text" | grep -q "^NAME" || fail "man $1 $2 has no NAME section"
		echo "$text" | grep -q "$2" || fail "man $1 $2 does not name $2"
		echo "man $1 $2: $(echo "$text" | wc -l) lines"
	done

	step "configure: load at boot, enforce and lock, two certificates"
	sed -i 's/^#bpfseal$/bpfseal/' /etc/modules-load.d/bpfseal.conf
	grep -qx bpfseal /etc/modules-load.d/bpfseal.conf || fail "cannot enable bpfseal in modules-load.d"
	echo "$EDIT" >>/etc/modprobe.d/bpfseal.conf
	cp "$KEYS/ec-cert.pem" /etc/bpfseal/certs/test-ec.pem

	step "upgrade to $NEXT_VERSION: DKMS builds it, the conffile edits survive"
	# shellcheck disable=SC2046
	apt_get install $(debs "$NEXT")
	[ "$rc" = 0 ] || fail "the upgrade failed (exit $rc)"
	[ "$(dpkg-query -W -f '${Version}' bpfseal-dkms)" = "$NEXT_VERSION" ] || fail "bpfseal-dkms not upgraded"
	grep -qx "$EDIT" /etc/modprobe.d/bpfseal.conf || fail "the edit of /etc/modprobe.d/bpfseal.conf is lost"
	grep -qx bpfseal /etc/modules-load.d/bpfseal.conf || fail "the edit of /etc/modules-load.d/bpfseal.conf is lost"
	! ls /etc/modprobe.d/bpfseal.conf.dpkg-* /etc/modules-load.d/bpfseal.conf.dpkg-* 2>/dev/null ||
		fail "dpkg left a .dpkg-* file for an unchanged conffile"
	! dkms status -m bpfseal -v "$VERSION" | grep -q . || fail "DKMS still has $VERSION: $(dkms status -m bpfseal)"
	dkms status -m bpfseal -v "$NEXT_VERSION" -k "$KVER" | grep -q ': installed' ||
		fail "DKMS did not install $NEXT_VERSION: $(dkms status -m bpfseal)"
	[ "$(modinfo -F version bpfseal)" = "$NEXT_VERSION" ] ||
		fail "module version $(modinfo -F version bpfseal) after the upgrade"
	exit 78
}

boot2() {
	step "after the reboot: bpfseal $NEXT_VERSION loaded at boot, locked"
	cat /out/boot.log
	[ -d /sys/module/bpfseal ] || fail "bpfseal was not loaded at boot"
	[ "$(cat /sys/module/bpfseal/version)" = "$NEXT_VERSION" ] ||
		fail "loaded version $(cat /sys/module/bpfseal/version), not $NEXT_VERSION"
	cat $SECFS/status
	grep -q '^armed: lsm' $SECFS/status || fail "bpfseal is not armed"
	grep -q '^mode: enforce' $SECFS/status || fail "bpfseal is not in enforce mode"
	grep -q '^locked: 1' $SECFS/status || fail "bpfseal is not locked (lock=1 in the kept conffile)"
	[ "$(keyctl rlist %:.bpfseal | wc -w)" = 2 ] ||
		fail ".bpfseal does not hold the 2 certificates: $(keyctl show %:.bpfseal)"

	step "a signed skeleton loads, an unsigned program is refused"
	keyctl link @u @s >/dev/null || fail "keyctl link @u @s"
	ring=$(keyctl newring bpfseal-test @u) || fail "keyctl newring"
	keyctl padd asymmetric rsa "$ring" <"$KEYS/cert.der" >/dev/null || fail "keyctl padd"
	"$S/loader-ours" "$ring" || fail "the signed skeleton did not load"
	expect_rc 10 "$S/loader-plain" "$ring"

	step "apt remove while loaded and locked: a reboot is needed"
	local pkgfiles f left old st
	pkgfiles=$(dpkg -L bpfseal-dkms bpfseal-tools | while read -r f; do [ -d "$f" ] || echo "$f"; done)
	apt_get remove bpfseal-dkms bpfseal-tools
	[ "$rc" = 0 ] || fail "apt remove failed (exit $rc)"
	echo "$out" | grep -q "bpfseal is loaded and locked: it stays in the kernel, enforcing, until the next reboot" ||
		fail "apt remove did not say that a reboot is needed"
	[ -d /sys/module/bpfseal ] || fail "the locked module is gone"

	step "apt purge leaves nothing behind but the administrator's certificates"
	apt_get purge bpfseal-dkms bpfseal-tools
	[ "$rc" = 0 ] || fail "apt purge failed (exit $rc)"
	echo "$out" | grep -q "kept what you added to /etc/bpfseal" || fail "purge did not name the kept certificates"
	[ -e /etc/bpfseal/certs/test-rsa.der ] && [ -e /etc/bpfseal/certs/test-ec.pem ] ||
		fail "purge removed the administrator's certificates"
	rm -rf /etc/bpfseal
	for f in $pkgfiles; do
		[ ! -e "$f" ] || fail "$f is left after the purge"
	done
	# man-db's cache of pages man formatted above is man-db's, not the
	# packages' (its index update, turned off here, purges stale ones).
	left=$(bpfseal_files | grep -v '^/var/cache/man/')
	[ -z "$left" ] || fail "left behind: $left"
	! grep -l bpfseal /lib/modules/*/modules.dep || fail "modules.dep still names bpfseal"
	[ -z "$(dkms status)" ] || fail "dkms status after the purge: $(dkms status)"
	! dpkg-query -W -f '${Status}\n' bpfseal-dkms bpfseal-tools 2>/dev/null | grep -q 'installed' ||
		fail "dpkg still lists a package: $(dpkg-query -W bpfseal-dkms bpfseal-tools)"
	echo "$(echo "$pkgfiles" | wc -l) files gone, dkms status empty"

	old=$(ls /lib/modules | grep -E '^6\.([0-9]|1[0-7])\.' | head -n1)
	[ -n "$old" ] && [ -e "/lib/modules/$old/build" ] ||
		fail "no headers of a kernel older than 6.18 (trixie's 6.12) in the root"
	step "apt install on a machine running $old fails at once, bpfseal-dkms left unconfigured"
	printf '#!/bin/sh\n[ "$*" = -r ] && { echo %s; exit 0; }\nexec /usr/bin/uname "$@"\n' "$old" \
		>/usr/local/bin/uname
	chmod +x /usr/local/bin/uname
	[ "$(uname -r)" = "$old" ] || fail "cannot make uname -r answer $old"
	# shellcheck disable=SC2046
	apt_get install $(debs "$DEB")
	rm -f /usr/local/bin/uname
	[ "$rc" != 0 ] || fail "apt install on $old succeeded"
	echo "$out" | grep -q "bpfseal-dkms: bpfseal needs Linux 6.18 or later, which has signed BPF programs; the running kernel ($old)" ||
		fail "apt's output lacks bpfseal's message"
	[ -z "$(dkms status)" ] && [ ! -e /var/lib/dkms/bpfseal ] ||
		fail "DKMS went on after the refusal: $(dkms status)"
	st=$(dpkg-query -W -f '${Status}' bpfseal-dkms)
	case $st in
	*half-configured | *unpacked) echo "dpkg: bpfseal-dkms is '$st'" ;;
	*) fail "bpfseal-dkms is '$st' after the failed install" ;;
	esac
}

EDIT="options bpfseal mode=enforce keyrings=bpfseal lock=1"
case ${BPFSEAL_BOOT:-1} in
1) boot1 ;;
2) boot2 ;;
*) fail "unexpected boot $BPFSEAL_BOOT" ;;
esac
