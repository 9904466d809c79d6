#!/bin/bash
# Attack, classes 2 and 3 of the hardening issue: forge the loader mark.
# The mark used to live in an ordinary task-storage map, which root opens
# by id and writes for itself through a pidfd; a forged "verified loader"
# mark let an unsigned syscall program's nested loads pass, and a forged
# verdict out of range made the audit counters write outside their array
# (it turned a locked bpfseal off). The mark now lives in module memory.
#
# P, an unsigned syscall program that loads a program from inside the
# kernel, is loaded during a permissive rollout (as the docs allow). Then,
# enforcing and then locked, tests/signed/attack.c keeps writing forged
# marks (a verdict of OK; verdicts far out of range) for itself into every
# task-storage map it can open by id while it runs P 200 times per mark.
# The old code cleared the mark as each run began, so the forger races
# that; it won within the first 200 runs on both kernels. P's nested loads
# must be refused every time, with a deny record naming no loader, the
# mode must not change and bpfseal must count no value out of range.
. "$(dirname "$0")/lib.sh"

A=$BPFSEAL_BUILD/signed/race/attack
F=/sys/kernel/security/bpfseal
PIN=/sys/fs/bpf/evil_loader
RUNS=${ATTACK_RUNS:-200}
[ -x "$A" ] || fail "attack program missing: $A"
start_auditd

attack() {
	local out
	out=$("$A" forge $RUNS $PIN 2>&1) || fail "the attack won ($1): $out"
	echo "$out"
	echo "$out" | grep -q "P ran $((3 * RUNS)) times, nested loads that succeeded: 0, last result -1\$" ||
		fail "P's nested loads were not all refused with EPERM ($1)"
	assert_nested_denied $((3 * RUNS)) "$1"
}

step "permissive rollout: an unsigned syscall program gets loaded"
load_bpfseal mode=permissive
"$A" load-p $PIN || fail "P does not load in permissive mode"
echo enforce >$F/mode || fail "mode write"

step "enforce"
attack enforce

step "locked"
echo 1 >$F/lock || fail "lock"
attack locked
grep -q '^locked: 1$' $F/status || fail "not locked"
echo PASS
