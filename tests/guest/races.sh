#!/bin/bash
# Races, 1000 runs each, with a second thread changing during the load:
# the map behind fd_array[0] (swapped with a frozen copy that differs in
# one byte), one byte of the user instruction buffer, one byte of the user
# signature buffer. With bpfseal enforcing, every load that succeeds must be
# exactly what was signed (tests/signed/race.c checks the loaded program's
# tag and the map it bound).
# 3 to 5 minutes on a stock kernel; 43 on the debug kernel, which gets three
# times this limit:
# bench: timeout=1200
. "$(dirname "$0")/lib.sh"

R=$BPFSEAL_BUILD/signed/race
KEYS=$(dirname "$BPFSEAL_BUILD")/host/testkeys
RUNS=${RACE_RUNS:-1000}
[ -x "$R/race" ] || fail "race program missing: $R/race"

keyctl link @u @s >/dev/null || fail "keyctl link @u @s"
ring=$(keyctl newring bpfseal-race @u) || fail "keyctl newring"
keyctl padd asymmetric rsa "$ring" <"$KEYS/cert.der" >/dev/null || fail "keyctl padd"
dmesg -n 5	# keep the decision lines off the serial console

load_bpfseal
keyctl padd asymmetric "" %:.bpfseal <"$KEYS/cert.der" >/dev/null || fail "enroll"
for m in swap insns sig; do
	step "race: $m"
	out=$("$R/race" "$m" "$RUNS" "$ring" "$R/insns" "$R/data" "$R/sig") ||
		fail "$m: $out"
	echo "$out"
	refused=$(echo "$out" | sed -n 's/.*, \([0-9]*\) refused$/\1/p')
	loaded=$(echo "$out" | sed -n 's/.* runs, \([0-9]*\) loaded.*/\1/p')
	[ "${refused:-0}" -gt 0 ] || fail "$m: the race never changed a load ($out)"
	[ "${loaded:-0}" -gt 0 ] || fail "$m: no load got through at all ($out)"
done
unload_bpfseal
echo PASS
