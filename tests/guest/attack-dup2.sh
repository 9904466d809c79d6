#!/bin/bash
# Attack, class 4 of the hardening issue: BPF_PROG_RUN's fd looked up twice.
# bpfseal used to resolve attr->test.prog_fd itself and mark the task as
# running a verified loader, while the kernel resolved the same number
# again: a second thread dup2()ing an unverified syscall program P over the
# verified loader's fd in between made P run with the loader's mark, and
# P's nested loads were allowed (8 to 12 attempts). The mark now takes
# effect only if the kernel runs the very program object bpfseal checked.
#
# tests/signed/attack.c in each mode (enforcing, then locked), until P has
# run 30 times (at most 600 tries): load a fresh signed loader L, run fd X
# while a second thread keeps dup2()ing P and L over X. P runs in about one
# try in ten; its nested load must never succeed. Against the old code
# 10 of 13 runs of P won on 7.2 and 14 of 19 on 7.3 (the first win within
# 25 tries), so 30 runs of P lose with certainty there.
. "$(dirname "$0")/lib.sh"

A=$BPFSEAL_BUILD/signed/race/attack
R=$BPFSEAL_BUILD/signed/race
KEYS=$(dirname "$BPFSEAL_BUILD")/host/testkeys
F=/sys/kernel/security/bpfseal
PIN=/sys/fs/bpf/evil_loader
P_RUNS=${ATTACK_P_RUNS:-30}
[ -x "$A" ] || fail "attack program missing: $A"
[ "$(nproc)" -ge 2 ] || skip "needs 2 vCPUs, have $(nproc)"
ulimit -n 65536
dmesg -n 5
start_auditd

keyctl link @u @s >/dev/null || fail "keyctl link @u @s"
ring=$(keyctl newring bpfseal-attack @u) || fail "keyctl newring"
keyctl padd asymmetric rsa "$ring" <"$KEYS/cert.der" >/dev/null || fail "keyctl padd"

attack() {
	local out p rc
	out=$("$A" dup2 "$P_RUNS" $PIN "$ring" "$R/insns" "$R/data" "$R/sig" 2>&1)
	rc=$?
	echo "$out" | tail -n 3
	[ "$rc" = 3 ] && fail "P did not run $P_RUNS times ($1): the race hardly happened"
	[ "$rc" = 0 ] || fail "the attack won ($1): exit $rc"
	p=$(echo "$out" | sed -n 's/.*, P ran \([0-9]*\) times.*/\1/p')
	assert_nested_denied "$p" "$1"
}

step "permissive rollout: an unsigned syscall program gets loaded"
load_bpfseal mode=permissive
keyctl padd asymmetric "" %:.bpfseal <"$KEYS/cert.der" >/dev/null || fail "enroll"
"$A" load-p $PIN || fail "P does not load in permissive mode"
echo enforce >$F/mode || fail "mode write"

step "enforce: until P ran $P_RUNS times"
attack enforce

step "locked: until P ran $P_RUNS times"
echo 1 >$F/lock || fail "lock"
attack locked
echo PASS
