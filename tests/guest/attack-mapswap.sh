#!/bin/bash
# Attack: a map swapped into a running signed loader's fd table. The
# signed light-skeleton loader creates its maps through bpf_sys_bpf() in
# the caller's fd table, keeps the fd numbers in its blob and uses them
# later in the same run, last in the fd_array of the nested load of the
# program it creates. A second thread of the caller dup2()s another map
# over such a number in between, and the created program binds that map,
# which the signature never covered: bpfseal attributed the program to the
# verified loader and let it load, and anyone could open it by id. A
# program a loader creates must now bind only maps that loader created in
# that same run: otherwise it is refused (EPERM, the loader's run fails),
# its record says verdict=UNEXPECTED, and nobody gets it by id first.
#
# tests/mapswap/mapswap.c in each mode (enforcing, then locked): load the
# signed skeleton again and again while a thread on CPU 1 polls a map
# slot and, the moment it opens, dup2()s over it the attacker's own map
# (over .rodata: "fresh") or the .data map of an earlier load of the same
# skeleton ("old"), then opens every new program by id; one load in five is
# left alone (the control, which must load). Every program that loads, or
# that the thread opens, must load each map value from the skeleton's own
# map in the same place as when left alone (from its translated
# instructions), none of them the attacker's. Per mode, until each kind
# has hit the window (refused: the swap came before the verifier bound the
# maps) MAPSWAP_MIN (10) times, at most MAPSWAP_SECONDS (30 s, times
# TIME_FACTOR: on the debug kernel 30 s gave 8 tries a kind); fewer hits
# fail the test (the race hardly happened), as does any win, any failed
# control, or fewer UNEXPECTED deny records than refusals.
#
# Against the old module, on a busy host (3 to 8 tries a second under
# TCG), 22 to 88 % of the swaps came in time, and every one of them won,
# nearly always also opened by id. In this test's enforcing step (two runs
# per kernel): on 7.2 fresh won 12 of 17 and 12 of 23 swaps, old 10 of 17
# and 10 of 23; on 7.3 fresh 17 of 43 and 14 of 16, old 10 of 45 and 10 of
# 16; the first win between the 2nd and the 15th try. In 20 s of each mode
# on 7.2: fresh 17 and 7 wins, old 18 and 5 (enforcing, locked).
# A hit is the very swap that won there, so 10 hits per kind and mode lose
# with certainty against the old module, and the test cannot pass without
# them. With the fix each mode takes 12 to 17 s on either kernel: 10 to 14
# refusals per kind, one UNEXPECTED deny record each, no win, every control
# load clean.
#
# MAPSWAP_KINDS=fresh,old,cross,exchange also runs two swaps among the
# maps the loader created in the same run: its .data over its .rodata
# slot ("cross"), and its .rodata and .data exchanged ("exchange"). The
# program then binds only maps of its own run, in other places, so the fix
# above lets it load (with it, on 7.2, in 20 s of each mode: cross won 16
# to 24 times, exchange 20 and 21): not yet closed, so not in the default
# kinds.
. "$(dirname "$0")/lib.sh"

M=$BPFSEAL_BUILD/mapswap/mapswap
KEYS=$(dirname "$BPFSEAL_BUILD")/host/testkeys
F=/sys/kernel/security/bpfseal
SECS=${MAPSWAP_SECONDS:-$((30 * TIME_FACTOR))}
MIN=${MAPSWAP_MIN:-10}
KINDS=${MAPSWAP_KINDS:-fresh,old}
[ -x "$M" ] || fail "attack program missing: $M"
[ "$(nproc)" -ge 2 ] || skip "needs 2 vCPUs, have $(nproc)"
dmesg -n 5
start_auditd

keyctl link @u @s >/dev/null || fail "keyctl link @u @s"
ring=$(keyctl newring bpfseal-mapswap @u) || fail "keyctl newring"
keyctl padd asymmetric rsa "$ring" <"$KEYS/cert.der" >/dev/null || fail "keyctl padd"

UNEXPECTED='verdict=UNEXPECTED decision=deny .*prog_name="on_getpid"'

# attack WHAT: the attack must lose after each kind hit the window MIN
# times, each refusal with its UNEXPECTED deny record.
attack() {
	local out rc before refused recs st=$F/status
	before=$(bpfseal_records | grep -c "$UNEXPECTED")
	out=$("$M" "$ring" "$SECS" "$KINDS" "$MIN" 2>&1)
	rc=$?
	echo "$out"
	case $rc in
	0) ;;
	1) fail "the attack won ($1): a program the signed loader created bound a map it must not" ;;
	3) fail "some kind hit the window fewer than $MIN times in $SECS s ($1): the race hardly happened" ;;
	4) fail "a load the attacker left alone failed or bound another map ($1)" ;;
	*) fail "the attack program failed ($1): exit $rc" ;;
	esac
	grep -q "^mode: enforce$" $st || fail "mode changed ($1): $(grep mode: $st)"
	grep -q '^invalid: 0$' $st || fail "bpfseal saw values out of range ($1)"
	refused=$(echo "$out" | sed -n 's/.* \([0-9]*\) refused (EPERM).*/\1/p' |
		awk '{ s += $1 } END { print s + 0 }')
	recs=$(($(bpfseal_records | grep -c "$UNEXPECTED") - before))
	echo "$1: $refused loads refused, $recs UNEXPECTED deny records for on_getpid"
	[ "$recs" -ge "$refused" ] ||
		fail "fewer UNEXPECTED deny records for on_getpid than refused loads ($1)"
	! bpfseal_records | grep 'verdict=UNEXPECTED .*prog_name="on_getpid"' | grep -v 'decision=deny' ||
		fail "an UNEXPECTED on_getpid was not denied ($1)"
}

step "enforce: map swaps ($KINDS), $MIN hits each or $SECS s"
load_bpfseal
keyctl padd asymmetric "" %:.bpfseal <"$KEYS/cert.der" >/dev/null || fail "enroll"
attack enforce

step "locked: map swaps ($KINDS), $MIN hits each or $SECS s"
echo 1 >$F/lock || fail "lock"
attack locked
echo PASS
