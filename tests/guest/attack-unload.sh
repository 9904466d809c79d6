#!/bin/bash
# Attack, class 6 of the hardening issue: forced unload. Debian's kernels
# have CONFIG_MODULE_FORCE_UNLOAD=y, and `rmmod -f` ignores the reference
# a locked bpfseal holds on itself: the module's exit ran, the shims stayed
# attached (locked: no disarm) and the kernel then ran freed module text.
#
# Armed but not locked, `rmmod -f` must leave a clean kernel: bpfseal
# disarms as a disarm would and waits for its shims to be gone. Locked, it
# must end in bpfseal's own panic message, never in freed code: the test
# tells the bench to expect that panic (/out/expect-panic), and the bench
# passes the boot only if the panic is bpfseal's and nothing went wrong in
# the kernel log before it. A forced unload either happens or not: one try
# in each mode.
. "$(dirname "$0")/lib.sh"

A=$BPFSEAL_BUILD/signed/race/attack
cfg=/lib/modules/$(uname -r)/build/.config
[ -r "$cfg" ] || fail "no kernel config at $cfg"
grep -q '^CONFIG_MODULE_FORCE_UNLOAD=y' "$cfg" ||
	skip "this kernel has no forced unload (CONFIG_MODULE_FORCE_UNLOAD)"

step "armed, not locked: rmmod -f disarms and unloads"
load_bpfseal
rmmod -f bpfseal || fail "rmmod -f bpfseal failed"
[ ! -d /sys/module/bpfseal ] || fail "bpfseal still loaded after rmmod -f"
"$A" load-p /sys/fs/bpf/after || fail "a BPF load after the forced unload failed"
for i in $(seq 50); do
	bpftool prog show 2>/dev/null | grep -q bpfseal_ || break
	sleep 0.1
done
bpftool prog show | grep bpfseal_ && fail "shim programs left after rmmod -f"

step "locked: rmmod -f ends in bpfseal's panic"
load_bpfseal lock=1
grep -q '^locked: 1$' /sys/kernel/security/bpfseal/status || fail "not locked"
echo "bpfseal: forced unload of a locked bpfseal" >/out/expect-panic
sync
rmmod -f bpfseal
fail "rmmod -f of a locked bpfseal returned $? instead of halting"
