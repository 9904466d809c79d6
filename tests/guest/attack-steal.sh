#!/bin/bash
# Attack, class 1 of the hardening issue: skip the gate, steal the program
# by id. A thread on CPU 0 loads a 1M-instruction unsigned program again and
# again (long inside bpfseal's hooks), a SCHED_FIFO thread on the same CPU
# loads a small unsigned program every 0.5 ms (preempting the first
# wherever it is), and a thread on CPU 1 opens every program id it sees
# (tests/signed/attack.c). With the gate on an fmod_ret program, which the
# kernel skips when it is already running on that CPU, this won 3 runs out
# of 3 within 5 to 15 s on both kernels; the gate is now the BPF LSM's
# bpf_prog_load, which the kernel never skips, and no program reaches an
# id without a decision. Each mode runs 20 s (longer than the 15 s the old
# gate needed at most): no unsigned load may succeed, none may be opened
# by id, in enforce mode and once locked.
. "$(dirname "$0")/lib.sh"

A=$BPFSEAL_BUILD/signed/race/attack
F=/sys/kernel/security/bpfseal
SECS=${ATTACK_SECONDS:-20}
[ -x "$A" ] || fail "attack program missing: $A"
[ "$(nproc)" -ge 2 ] || skip "needs 2 vCPUs, have $(nproc)"
dmesg -n 5
start_auditd

attack() {
	local out
	out=$("$A" steal "$SECS" 2>&1)
	local rc=$?
	echo "$out"
	[ "$rc" = 0 ] || fail "the attack won ($1): exit $rc"
	echo "$out" | grep -q '^steal: [1-9][0-9]* unsigned loads tried, 0 loaded$' ||
		fail "no load was tried ($1)"
	echo "$out" | grep -q '^steal: [1-9][0-9]* programs opened by id, 0 that must not exist$' ||
		fail "the stealing thread opened nothing at all ($1): is it running?"
}

# a program loaded before bpfseal: one the stealing thread may open
"$A" load-p /sys/fs/bpf/before || fail "cannot load a program before bpfseal"

step "enforce"
load_bpfseal
attack enforce
grep -q '^mode: enforce$' $F/status || fail "mode changed"

step "locked"
echo 1 >$F/lock || fail "lock"
attack locked
grep -q '^mode: enforce$' $F/status || fail "mode changed"
grep -q '^locked: 1$' $F/status || fail "not locked"
bpfseal_records | grep -q 'verdict=UNSIGNED decision=deny .*prog_name="atk_steal"' ||
	fail "no deny record for the small unsigned program"
bpfseal_records | grep 'prog_name="atk_' | grep -v 'decision=deny' | grep . &&
	fail "a record of the attack's programs that is not a deny"
echo PASS
