#!/bin/bash
# The gate on signed light skeletons (signed by bpfseal-sign skel with the
# test key, enrolled in .bpfseal; the kernel's own check is given a user
# keyring with the certificate):
#   - signed skeleton: OK, loads and runs; the programs its loader creates
#     load too, attributed to the loader;
#   - upstream bpftool -S: PARTIALSIG on 7.2 (refused by default, loads with
#     allow=ok,partialsig), OK on 7.3;
#   - certificate only in the user keyring the load names: UNKNOWNKEY, refused;
#   - metadata blob changed after signing: UNEXPECTED, refused (on 7.3 the
#     kernel's own check, which covers the maps, refuses it first);
#   - metadata map left unfrozen: FAULT, refused (on 7.3 the kernel refuses
#     it first);
#   - a second SignerInfo: BADSIG, refused, although the kernel accepts it.
. "$(dirname "$0")/lib.sh"

S=$BPFSEAL_BUILD/signed
KEYS=$(dirname "$BPFSEAL_BUILD")/host/testkeys
[ -x "$S/loader-ours" ] || fail "signed loaders missing in $S"
if printf '%s\n' 7.3 "${BPFSEAL_KVER%%+*}" | sort -V -C; then gen73=1; else gen73=0; fi

keyctl link @u @s >/dev/null || fail "keyctl link @u @s"
ring=$(keyctl newring bpfseal-test @u) || fail "keyctl newring"
keyctl padd asymmetric rsa "$ring" <"$KEYS/cert.der" >/dev/null || fail "keyctl padd rsa"
keyctl padd asymmetric ec "$ring" <"$KEYS/ec-cert.der" >/dev/null || fail "keyctl padd ec"

enroll() {
	keyctl padd asymmetric "" %:.bpfseal <"$KEYS/cert.der" >/dev/null ||
		fail "cannot enroll the test certificate in .bpfseal"
}

start_auditd
SEEN=0

# decision PROG: bpfseal's last audit record for PROG since the last load
# or refusal below, "" if none.
decision() {
	bpfseal_records | tail -n +$((SEEN + 1)) |
		grep "prog_name=\"$1\"" | tail -n1 | sed 's/.*op=bpfseal-load //'
}

since_now() { SEEN=$(bpfseal_records | wc -l); }

# loads VARIANT: the loader must load, attach and run.
loads() {
	since_now
	"$S/loader-$1" "$ring" || fail "loader-$1 did not load and run"
}

# refused VARIANT: the loader's load must fail.
refused() {
	local out
	since_now
	out=$("$S/loader-$1" "$ring")
	[ $? = 10 ] || fail "loader-$1 was not refused: $out"
	echo "$out"
	REFUSAL=$out
}

# expect PROG WORDS...: the decision for PROG has each of WORDS.
expect() {
	local prog=$1 d w
	shift
	d=$(decision "$prog")
	for w in "$@"; do
		case " $d " in
		*" $w "*) ;;
		*) fail "decision for $prog is '$d', expected $*" ;;
		esac
	done
	echo "decision $prog: $d"
}

step "signed skeleton: OK, its loader's programs load as part of it"
load_bpfseal
enroll
loads ours
expect __loader.prog verdict=OK decision=allow scheme=hornet keyring=bpfseal maps=1 kernel=0 res=1
d=$(decision on_getpid)
echo "$d" | grep -q 'verdict=OK decision=allow .*kernel=1 loader=[1-9].* res=1' ||
	fail "inner program: '$d'"
echo "$d" | grep -q 'loader=[1-9]' || fail "inner program not attributed to its loader: '$d'"

step "upstream bpftool -S skeleton"
if [ "$gen73" = 1 ]; then
	loads upstream
	expect __loader.prog verdict=OK decision=allow scheme=upstream+maps res=1
else
	refused upstream
	expect __loader.prog verdict=PARTIALSIG decision=deny scheme=upstream res=0
	echo "$REFUSAL" | grep -q 'errno 1 ' || fail "PARTIALSIG refusal is not EPERM"
	unload_bpfseal
	load_bpfseal allow=ok,partialsig
	enroll
	loads upstream
	expect __loader.prog verdict=PARTIALSIG decision=allow res=1
fi
unload_bpfseal

step "certificate only in the keyring the load names: UNKNOWNKEY"
load_bpfseal
refused ours
expect __loader.prog verdict=UNKNOWNKEY decision=deny keyring=none res=0

step "a loader let through only by permissive mode vouches for nothing"
echo permissive >/sys/kernel/security/bpfseal/mode || fail "mode write"
loads ours
expect __loader.prog verdict=UNKNOWNKEY decision=audit res=1
expect on_getpid verdict=UNSIGNED decision=audit kernel=1 loader=0 res=1
echo enforce >/sys/kernel/security/bpfseal/mode || fail "mode write"
enroll

step "metadata blob changed after signing"
refused blobflip
if [ "$gen73" = 1 ]; then
	echo "$REFUSAL" | grep -q 'errno 129 ' || fail "7.3 did not refuse the blob change itself"
	# no decision, but a record (decision=aborted) as the load returned
	expect __loader.prog verdict=BADSIG decision=aborted res=0
	audit_sync
	ausearch -m KERNEL_OTHER -i 2>/dev/null | grep -q 'verdict=BADSIG decision=aborted ' ||
		fail "ausearch -i does not show decision=aborted as it is"
else
	expect __loader.prog verdict=UNEXPECTED decision=deny res=0
fi

step "metadata map not frozen"
refused nofreeze
if [ "$gen73" = 1 ]; then
	# refused by the kernel before the gate: recorded as the load returned
	expect __loader.prog verdict=FAULT decision=aborted res=0
else
	expect __loader.prog verdict=FAULT decision=deny res=0
fi

step "two SignerInfos: BADSIG"
refused twosigners
expect __loader.prog verdict=BADSIG decision=deny res=0

step "the signed skeleton still loads"
loads ours
unload_bpfseal

step "bpfseal_prog_verdict() for BPF LSM programs"
# permissive: the probe itself is an unsigned program
load_bpfseal mode=permissive
enroll
out=$("$PROGS/verdict_probe" "$S/loader-ours" "$ring") || fail "verdict_probe: $out"
echo "$out"
echo "$out" | grep -q '^loader=1 inner=1$' ||
	fail "verdicts of the loader and its program are not OK (1): $out"
unload_bpfseal

step "unload leaves no trace, and loading again works"
[ -z "$(bpftool prog show | grep -e bpfseal_g -e bpfseal_free)" ] || fail "shim programs left"
[ ! -e /sys/kernel/btf/bpfseal ] || fail "module BTF left"
for i in $(seq 50); do grep -q ' \.bpfseal: ' /proc/keys || break; sleep 0.1; done
grep ' \.bpfseal: ' /proc/keys && fail ".bpfseal keyring left"
load_bpfseal
enroll
loads ours
expect __loader.prog verdict=OK decision=allow
unload_bpfseal
echo PASS
