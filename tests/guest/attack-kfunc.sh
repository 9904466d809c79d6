#!/bin/bash
# Attack, class 5 of the hardening issue: bpfseal's internal kfuncs
# (prepare, run, link_get, run_enter, run_exit, load_ended, map_new,
# map_free, prog_free, gate, bind) were open to every tracing and LSM program, some with pointer
# arguments the verifier does not check: any program loaded by any path
# could plant tickets, erase records or pass pointers of its choice. A kfunc filter now
# lets only the shims, while bpfseal loads them, call them.
#
# In permissive mode (so that the gate lets these unsigned programs reach
# the verifier), and again locked, tests/progs/kfunc_attack loads one
# program per internal kfunc: the verifier must refuse each one for calling
# a kernel function that is not allowed. The public kfuncs stay callable
# (kfunc_seed). The filter decides the same way every time: one try each.
. "$(dirname "$0")/lib.sh"

F=/sys/kernel/security/bpfseal
start_auditd

# refused_records: records of attack programs let through by the permissive
# gate and then refused by the verifier (written when they are freed, after
# an RCU grace period).
refused_records() {
	bpfseal_records | grep -c 'verdict=UNSIGNED decision=audit .*prog_name="atk_[a-z_]*" .*res=0'
}

attack() {
	local out i want=$2
	out=$("$PROGS/kfunc_attack" 2>&1) || fail "the attack won ($1): $out"
	echo "$out"
	echo "$out" | grep -q '^kfunc_attack: 11 programs, 0 not refused' ||
		fail "not every internal kfunc was tried ($1)"
	"$PROGS/kfunc_seed" >/dev/null || fail "the public kfunc is refused ($1)"
	# let through by the permissive gate, refused by the verifier: res=0
	for i in $(seq 50); do
		[ "$(refused_records)" -ge "$want" ] && break
		sleep 0.1
	done
	[ "$(refused_records)" -ge "$want" ] ||
		fail "$(refused_records) res=0 records of refused programs, want $want ($1)"
	bpfseal_records | grep 'prog_name="atk_' | grep 'res=1' &&
		fail "a record says an attack program loaded ($1)"
	grep -q '^invalid: 0$' $F/status || fail "bpfseal saw values out of range ($1)"
}

step "permissive"
load_bpfseal mode=permissive
attack permissive 11

step "locked (permissive)"
echo 1 >$F/lock || fail "lock"
attack locked 22
grep -q '^mode: permissive$' $F/status || fail "mode changed"
echo PASS
