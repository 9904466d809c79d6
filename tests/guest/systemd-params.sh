#!/bin/bash
# bench: systemd
# Enforce mode on a real systemd boot WITHOUT a rule policy: the module
# parameters' default (signed programs only), loaded at boot and locked.
# Lists, from bpfseal's records, every program of PID 1 and of
# systemd-executor that was refused, and which of the seven BPF sandboxes
# then did not hold (docs/admin-guide.md, "systemd", shows this table).
# Asserts what bpfseal must do about it: each refusal is recorded, status
# counts them (init_refused:) and the kernel log says so once, pointing at
# the admin guide. Then `bpfseal-policy suggest` on the boot's records
# (how policy.systemd is kept up to date, docs/admin-guide.md, "systemd")
# writes a valid policy under which bpfseal-policy eval allows each refused
# load by a rule, not by its DEFAULT.
# It runs on sid's kernel only: what it covers is the tools and the boot,
# not the kernel (systemd-policy.sh and package.sh load at boot on both).
# 1200 s: about 200 on a stock kernel; the bench triples it on the debug
# kernel, where the boot alone takes 14 minutes and 1800 s ran out in the
# sandboxes' step.
# bench: kernels=sid
# bench: timeout=1200
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-systemd.sh"
. "$(dirname "$0")/lib-sdseal.sh"
# the sandboxes only: not the list of each one's programs (systemd-boot has it)
export SANDBOX_PROGS=0

case ${BPFSEAL_PHASE:-} in
preboot)
	sdseal_install "mode=enforce lock=1"
	exit
	;;
test) ;;
*) skip "needs the systemd mode (tests/vm/run --systemd)" ;;
esac

step "bpfseal loaded at boot, enforcing the parameters' policy, locked"
sdseal_loaded || fail "bpfseal not loaded at boot"
grep -E '^(mode|locked|policy):' $F/status
grep -q '^policy: parameters 0.0.0 ' $F/status || fail "not the parameters' policy"
grep -q '^locked: 1$' $F/status || fail "not locked"

step "the system state systemd reports"
systemd_state_check
echo "(systemd runs units without the sandboxes it could not set up)"

step "the seven sandboxes"
sandboxes_check >/tmp/sb.out
cat /tmp/sb.out

step "programs of PID 1 and systemd-executor that bpfseal refused"
sdseal_systemd_records | grep ' decision=deny ' >/tmp/refused
n=$(grep -c . /tmp/refused)
echo "| loader | program | type | attach type | instructions | records |"
echo "| --- | --- | --- | --- | --- | --- |"
sed 's/.* prog_name=\([^ ]*\) prog_type=\([^ ]*\) attach_type=\([^ ]*\) .* insn_cnt=\([0-9]*\) .* exe=\([^ ]*\) .* pid1=\([01]\) .*/\6 \1 \2 \3 \4 \5/' /tmp/refused |
	sort | uniq -c | awk '{ printf "| %s | %s | %s | %s | %s | %d |\n", ($2 == 1 ? "PID 1" : $7), $3, $4, $5, $6, $1 }'
echo "$n refused loads"
[ "$n" -ge 1 ] || fail "no load of PID 1 or systemd-executor was refused"

step "the sandboxes that did not hold"
grep '^sandbox ' /tmp/sb.out | grep -v ' held ' || echo "(none)"

step "bpfseal said so: status and one kernel log line"
grep '^init_refused:' $F/status
grep -q "^init_refused: $n first: " $F/status || fail "status does not count the $n refusals: $(grep ^init_refused $F/status)"
warn=$(dmesg | grep -Ec 'bpfseal: the policy refused a BPF program of (PID 1|systemd-executor) .*see the admin guide, section "systemd" \(shown once per boot\)')
[ "$warn" = 1 ] || fail "the kernel log warning appeared $warn times, want once"

step "bpfseal-policy suggest, from this boot's records, writes a policy that allows them"
sdseal_records | /bpfseal/scripts/bpfseal-policy suggest --name systemd >/tmp/suggested ||
	fail "suggest failed"
cat /tmp/suggested
/bpfseal/scripts/bpfseal-policy check /tmp/suggested >/dev/null || fail "the suggested policy does not parse"
sdseal_eval /tmp/suggested </tmp/refused | awk -F'\t' '$3 != "ALLOW" || $2 == "DEFAULT"' >/tmp/not-allowed
cat /tmp/not-allowed
[ ! -s /tmp/not-allowed ] || fail "$(grep -c . /tmp/not-allowed) of the $n refused loads are not allowed by a rule of the suggested policy"
echo PASS
