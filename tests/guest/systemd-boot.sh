#!/bin/bash
# bench: systemd
# Baseline of the systemd mode, without bpfseal: the Debian root boots with
# systemd as PID 1 to a running system with no failed unit; the seven
# sandboxes of systemd that are BPF programs hold (each command fails with
# its property and succeeds without it); journald's and udevd's own IP
# filters are attached. Also lists the BPF programs loaded and who loaded
# them (the material for a bpfseal policy for systemd).
# bpfseal is not loaded: the baseline runs on sid's kernel only (beside
# dkms.sh, so that the two kernels' queues take as long as each other; the
# package test is on the other); the tests that boot systemd with bpfseal
# check the same system state on their kernels.
# bench: kernels=sid
# 1200 s: about 240 on a stock kernel; the bench triples it on the debug
# kernel, where this test took 29 minutes (its systemd boot about 14).
# bench: timeout=1200
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-systemd.sh"

case ${BPFSEAL_PHASE:-} in
preboot)
	# Before systemd starts: only record BPF loads from now on.
	bpf_load_trace_start || echo "cannot trace BPF loads (kprobe on security_bpf_prog_load)"
	exit 0
	;;
test) ;;
*) skip "needs the systemd mode (tests/vm/run --systemd)" ;;
esac

step "the boot is done and clean"
systemd_state_check || fail "the system is not running cleanly"
systemd-analyze 2>/dev/null | head -n1
[ ! -d /sys/module/bpfseal ] || fail "bpfseal is loaded in the baseline boot"
echo "running services: $(systemctl list-units --type=service --state=running --no-legend --plain | awk '{printf "%s ", $1}')"

step "journald's and udevd's IP filters"
systemd_filters_check || fail "journald's or udevd's filters are missing"

step "BPF programs loaded after the boot"
bpf_progs_show

step "BPF program loads during the boot (type and name)"
bpf_load_trace_show

step "the seven BPF sandboxes"
sandboxes_check || fail "not every sandbox held"

step "the boot is still clean after the sandboxes"
systemd_state_check || fail "the sandboxes left the system degraded"

step "every BPF program load of this boot: prog id and loader (audit)"
bpf_loads_seen
step "every BPF program load of this boot: type and name (kprobe)"
bpf_load_trace_show
echo PASS
