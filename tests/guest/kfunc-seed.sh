#!/bin/bash
# The module loads, a BPF program calls its sleepable kfunc and sees the
# module's ABI version, and the module unloads cleanly.
. "$(dirname "$0")/lib.sh"

step "load the module (permissive: the test program itself is unsigned)"
load_bpfseal mode=permissive
grep -q '^bpfseal ' /proc/modules || fail "bpfseal missing from /proc/modules"
[ -e /sys/kernel/btf/bpfseal ] || fail "no module BTF at /sys/kernel/btf/bpfseal"

step "a BPF LSM program calls bpfseal_abi_version()"
"$PROGS/kfunc_seed" || fail "kfunc_seed failed"

step "unload"
unload_bpfseal
[ ! -e /sys/kernel/btf/bpfseal ] || fail "module BTF still present after rmmod"
echo "PASS"
