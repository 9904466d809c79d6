#!/bin/bash
# The module arms itself once live (shims loaded through kern_sys_bpf, the
# fmod_ret gate on security_bpf_prog_load calling a module kfunc), refuses
# an unsigned load in enforce mode with EPERM and lets it through in
# permissive and off modes; disarm then rmmod leaves no trace.
. "$(dirname "$0")/lib.sh"

armed() { dmesg | grep -q 'bpfseal: armed:'; }

step "enforce: arms and refuses an unsigned program"
load_bpfseal mode=enforce
armed || fail "no 'armed' line in the kernel log: $(dmesg | grep bpfseal)"
out=$("$PROGS/kfunc_seed" 2>&1) && fail "unsigned program loaded in enforce mode"
echo "$out" | grep -q -e EPERM -e 'Operation not permitted' ||
	fail "refusal is not EPERM: $out"
dmesg | grep -q 'bpfseal: gate: .*ticket=1 verdict=UNSIGNED .*action=deny' ||
	fail "no deny decision with a ticket in the kernel log"
unload_bpfseal
bpftool prog show | grep -q bpfseal_g && fail "shim programs left after unload"

step "permissive: the same program loads"
dmesg -C
load_bpfseal mode=permissive
armed || fail "not armed in permissive mode"
"$PROGS/kfunc_seed" || fail "unsigned program refused in permissive mode"
dmesg | grep -q 'bpfseal: gate: .*verdict=UNSIGNED .*action=audit' ||
	fail "no audit decision (permissive) in the kernel log"
unload_bpfseal

step "off: the same program loads, no decision is made"
dmesg -C
load_bpfseal mode=off
"$PROGS/kfunc_seed" || fail "unsigned program refused in off mode"
dmesg | grep -q 'bpfseal: gate:' && fail "a decision was made in off mode"
unload_bpfseal
echo PASS
