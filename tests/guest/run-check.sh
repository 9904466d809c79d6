#!/bin/bash
# The run check (issue 5, acceptance 3): running a verified loader again
# after its signed map changed is refused.
#
# A light-skeleton loader writes into its own metadata map as it runs (map
# and program fds, attributes it fills in), so after one run the map no
# longer hashes to what was signed. loader-rerun is the signed skeleton
# with a runtime that runs the loader a second time on the same program fd
# and prints "rerun: rc R errno E".
#   - without bpfseal the second run is allowed (the control: the kernel
#     itself does not check);
#   - with bpfseal in enforce mode it is refused with EPERM;
#   - in permissive mode it is allowed again (bpfseal only enforces in
#     enforce mode).
. "$(dirname "$0")/lib.sh"

S=$BPFSEAL_BUILD/signed
KEYS=$(dirname "$BPFSEAL_BUILD")/host/testkeys
[ -x "$S/loader-rerun" ] || fail "loader-rerun missing in $S"

keyctl link @u @s >/dev/null || fail "keyctl link @u @s"
ring=$(keyctl newring bpfseal-test @u) || fail "keyctl newring"
keyctl padd asymmetric rsa "$ring" <"$KEYS/cert.der" >/dev/null || fail "keyctl padd"

# rerun: the "rc R errno E" of the second run (the load itself must pass).
rerun() {
	local out
	out=$("$S/loader-rerun" "$ring" 2>&1) || fail "loader-rerun failed: $out"
	echo "$out" >&2
	echo "$out" | sed -n 's/^rerun: //p'
}

step "no bpfseal: the second run is allowed"
r=$(rerun)
[ "$r" = "rc 0 errno 0" ] || fail "second run without bpfseal: '$r', expected rc 0"

step "bpfseal enforcing: the second run, on a changed blob, is refused"
load_bpfseal
keyctl padd asymmetric "" %:.bpfseal <"$KEYS/cert.der" >/dev/null || fail "enroll"
r=$(rerun)
[ "$r" = "rc -1 errno 1" ] || fail "second run with bpfseal: '$r', expected rc -1 errno 1 (EPERM)"

step "bpfseal permissive: the second run is allowed"
echo permissive >/sys/kernel/security/bpfseal/mode || fail "cannot set permissive"
r=$(rerun)
[ "$r" = "rc 0 errno 0" ] || fail "second run in permissive mode: '$r', expected rc 0"
unload_bpfseal
echo "run check ok"
