#!/bin/bash
# Light skeletons signed by bpfseal-sign (RSA and ECDSA keys) load on this
# kernel through the kernel's own signature check (bpfseal is not loaded),
# with the keyring set to a user keyring holding the test certificate; a
# flipped instruction byte, the other kernel generation's scheme and a
# keyring without the certificate are refused by the kernel.
# A -S loader run with a hostile context (every map's initial value pointed
# at the caller's bytes, another max_entries for a sized map, with and
# without BPF_SKEL_KERNEL in the flags) creates its maps exactly as signed; the unsigned plain -L loader, which
# bpfseal-sign refuses to sign, takes them from the context. A ring buffer
# left without max_entries: bpfseal-sign warned when signing it, and its
# -S loader fails with EINVAL.
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

# hostile NAME MODE KEYRING: loader-NAME --MODE KEYRING; its output in
# $out, the status in $rc.
hostile() {
	out=$("$S/loader-$1" "--$2" "$3" 2>&1)
	rc=$?
	echo "$out"
}

step "-S loaders with a hostile context: the maps are exactly as signed"
for v in ours upstream; do
	for m in hostile hostile-user; do
		echo "loader-$v --$m:"
		hostile $v $m "$ring"
		[ "$rc" = 0 ] || fail "loader-$v --$m exited $rc: the context changed its maps"
		[ "$(echo "$out" | grep -c ': as signed$')" = 4 ] ||
			fail "loader-$v --$m: not four maps read back as signed"
		echo "$out" | grep -q 'hits=3 ' || fail "loader-$v --$m: wrong count"
	done
done

step "the unsigned plain -L loader takes the same hostile context"
# The control: the hostile context reaches a loader that reads it.
for m in hostile hostile-user; do
	echo "loader-plain --$m:"
	hostile plain $m 0
	[ "$rc" = 13 ] || fail "loader-plain --$m exited $rc, expected 13 (maps not as in the source)"
	echo "$out" | grep -q '^sized: max_entries 64 .*NOT as signed$' ||
		fail "loader-plain --$m: the map \"sized\" does not have the context's size"
	echo "$out" | grep -q '^\.rodata: .*NOT as signed$' ||
		fail "loader-plain --$m: .rodata is as signed"
done
echo "$out" | grep -q '^\.rodata: .* first word 0x41414141: ' ||
	fail "loader-plain --hostile-user: .rodata does not hold the caller's bytes"

step "a ring buffer without max_entries: signer warned, load fails with EINVAL"
cat "$S/sizeless.ours.lskel.h.stderr"
grep -q "warning: map 'events' has max_entries 0: .*Set max_entries in the BPF source" \
	"$S/sizeless.ours.lskel.h.stderr" || fail "bpfseal-sign did not warn about the ring buffer"
! grep -q warning "$S/signed_hello.ours.lskel.h.stderr" ||
	fail "bpfseal-sign warned about signed_hello, whose maps all have a size"
out=$("$S/sizeless-loader" "$ring" 2>&1)
rc=$?
echo "$out"
[ "$rc" = 10 ] && echo "$out" | grep -q 'errno 22 ' ||
	fail "sizeless-loader exited $rc, expected a load refused with EINVAL"

echo "PASS"
