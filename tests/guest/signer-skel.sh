#!/bin/bash
# Light skeletons signed by bpfseal-sign (RSA and ECDSA keys) load on this
# kernel through the kernel's own signature check (bpfseal is not loaded),
# with the keyring set to a user keyring holding the test certificate; a
# flipped instruction byte, the other kernel generation's scheme and a
# keyring without the certificate are refused by the kernel.
# Needs: make tools; make guest-progs KVER=<kver> (build/<kver>/signed/).
. "$(dirname "$0")/lib.sh"

S=$BPFSEAL_BUILD/signed
KEYS=$(dirname "$BPFSEAL_BUILD")/host/testkeys
EKEYREJECTED=129

[ -x "$S/loader-ours" ] || skip "signed loaders missing: make guest-progs KVER=$BPFSEAL_KVER"
[ -s "$KEYS/cert.der" ] || skip "no test certificate in $KEYS"
[ ! -d /sys/module/bpfseal ] || fail "bpfseal is loaded: this test checks the kernel alone"

step "a user keyring with the test certificate"
# The test's fresh session keyring does not link @u: link it, so that this
# process possesses the rings it makes there and may add keys to them.
keyctl link @u @s || fail "keyctl link @u @s"
ring=$(keyctl newring bpfseal-signer-test @u) || fail "keyctl newring"
keyctl padd asymmetric bpfseal-test "$ring" <"$KEYS/cert.der" >/dev/null ||
	fail "keyctl padd asymmetric"
empty=$(keyctl newring bpfseal-signer-empty @u) || fail "keyctl newring (empty)"
echo "keyring $ring, empty keyring $empty"

# expect_refused NAME KEYRING: the loader must fail at load with EKEYREJECTED
# or ENOKEY, the errors of the kernel's PKCS#7 check.
expect_refused() {
	local out rc
	out=$("$S/loader-$1" "$2" 2>&1)
	rc=$?
	echo "$out"
	[ "$rc" = 10 ] || fail "loader-$1 exited $rc, expected a refused load (10)"
	case $out in
	*"errno $EKEYREJECTED "* | *"errno 126 "*) ;;
	*) fail "loader-$1 was refused for another reason than its signature" ;;
	esac
}

step "signed by bpfseal-sign skel (from a -S header): loads and runs"
"$S/loader-ours" "$ring" || fail "loader-ours failed"

step "signed by bpfseal-sign skel (from a plain -L header): loads and runs"
"$S/loader-fromplain" "$ring" || fail "loader-fromplain failed"

step "signed by upstream bpftool -S: loads and runs"
"$S/loader-upstream" "$ring" || fail "loader-upstream failed"

step "signed with an ECDSA P-256 key: loads and runs"
ecring=$(keyctl newring bpfseal-signer-ec @u) || fail "keyctl newring (ec)"
keyctl padd asymmetric bpfseal-test-ec "$ecring" <"$KEYS/ec-cert.der" >/dev/null ||
	fail "keyctl padd asymmetric (ec)"
"$S/loader-ecdsa" "$ecring" || fail "loader-ecdsa failed"

step "one flipped instruction byte: refused"
expect_refused tampered "$ring"

step "the other kernel generation's scheme: refused"
expect_refused wrongscheme "$ring"

step "keyring without the certificate: refused"
expect_refused ours "$empty"

echo "PASS"
