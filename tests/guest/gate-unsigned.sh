#!/bin/bash
# The module arms itself once live (shims loaded through kern_sys_bpf, the
# fmod_ret gate on security_bpf_prog_load calling a module kfunc), refuses
# an unsigned load in enforce mode with EPERM and lets it through in
# permissive and off modes; disarm then rmmod leaves no trace.
. "$(dirname "$0")/lib.sh"

armed() { dmesg | grep -q 'bpfseal: armed:'; }
start_auditd

step "enforce: arms and refuses an unsigned program"
load_bpfseal mode=enforce
armed || fail "no 'armed' line in the kernel log: $(dmesg | grep bpfseal)"
out=$("$PROGS/kfunc_seed" 2>&1) && fail "unsigned program loaded in enforce mode"
echo "$out" | grep -q -e EPERM -e 'Operation not permitted' ||
	fail "refusal is not EPERM: $out"
bpfseal_records | grep -q 'verdict=UNSIGNED decision=deny enforcing=1 .*scheme=none keyring=none .*comm="kfunc_seed" .*res=0' ||
	fail "no deny record for the unsigned program"
unload_bpfseal
bpftool prog show | grep -q bpfseal_g && fail "shim programs left after unload"

step "permissive: the same program loads"
load_bpfseal mode=permissive
armed || fail "not armed in permissive mode"
"$PROGS/kfunc_seed" || fail "unsigned program refused in permissive mode"
bpfseal_records | grep -q 'verdict=UNSIGNED decision=audit enforcing=0 .*res=1' ||
	fail "no audit record (permissive) for the unsigned program"
unload_bpfseal

step "off: the same program loads, no decision is made"
n=$(bpfseal_records | wc -l)
load_bpfseal mode=off
"$PROGS/kfunc_seed" || fail "unsigned program refused in off mode"
[ "$(bpfseal_records | wc -l)" = "$n" ] || fail "a decision was audited in off mode"
unload_bpfseal
echo PASS
