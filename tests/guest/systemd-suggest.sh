#!/bin/bash
# bench: systemd
# How etc/bpfseal/policy.systemd is made, and that it still covers what
# systemd loads: the root boots with systemd as PID 1 and bpfseal loaded at
# boot in permissive mode (nothing refused, every load recorded); the seven
# sandboxes of systemd-boot.sh run, so that the programs of their units
# load too. Then
#   - every load of PID 1 and of systemd-executor in the records must be
#     allowed by etc/bpfseal/policy.systemd, by bpfseal-policy eval with
#     the record's own properties (the evaluator the module uses), and not
#     by its DEFAULT;
#   - `bpfseal-policy suggest` on the records prints the policy it would
#     write now (to update policy.systemd from, when systemd or the kernel
#     changes what it loads; docs/admin-guide.md, "systemd").
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-systemd.sh"
. "$(dirname "$0")/lib-sdseal.sh"
# the sandboxes only: not the list of each one's programs (systemd-boot has it)
export SANDBOX_PROGS=0

POLICY=/bpfseal/etc/bpfseal/policy.systemd
TOOL=/bpfseal/scripts/bpfseal-policy
case ${BPFSEAL_PHASE:-} in
preboot)
	sdseal_install "mode=permissive"
	exit
	;;
test) ;;
*) skip "needs the systemd mode (tests/vm/run --systemd)" ;;
esac
[ -x "$TOOL" ] || fail "$TOOL missing (make tools)"

step "bpfseal loaded at boot, permissive"
sdseal_loaded || fail "bpfseal not loaded at boot"
grep -q '^mode: permissive$' $F/status || fail "not permissive: $(grep ^mode $F/status)"
systemd_state_check || fail "the system is not running cleanly"

step "the seven sandboxes, so that their programs load"
sandboxes_check || fail "a sandbox did not hold in permissive mode"

step "the records of systemd's loads"
sdseal_systemd_records >/tmp/sd.recs
n=$(grep -c . /tmp/sd.recs)
echo "$n loads by PID 1 or systemd-executor"
[ "$n" -ge 10 ] || fail "only $n records of systemd's loads"
sed 's/.* prog_name=\("[^"]*"\) prog_type=\([a-z_0-9]*\) attach_type=\([a-z_0-9]*\) .* digest=\([0-9a-f?]*\) .* comm=\([^ ]*\) exe=\([^ ]*\) .* pid1=\([01]\) .*/\1 \2 \3 \4 \5 \6 pid1=\7/' /tmp/sd.recs |
	sort | uniq -c

step "policy.systemd allows each of them, by a rule"
"$TOOL" check "$POLICY" >/dev/null || fail "policy.systemd does not parse"
bad=0
while read -r rec; do
	args=(--verdict "$(echo "$rec" | sdseal_field verdict)"
		--origin "$(echo "$rec" | sdseal_field origin)"
		--scheme "$(echo "$rec" | sdseal_field scheme)"
		--keyring "$(echo "$rec" | sdseal_field keyring)"
		--prog-type "$(echo "$rec" | sdseal_field prog_type)"
		--attach-type "$(echo "$rec" | sdseal_field attach_type)"
		--uid "$(echo "$rec" | sdseal_field euid)")
	sk=$(echo "$rec" | sdseal_field signer_skid)
	[ "$sk" = "?" ] || args+=(--signer "$sk")
	d=$(echo "$rec" | sdseal_field digest)
	[ "$d" = "?" ] || args+=(--digest "$d")
	[ "$(echo "$rec" | sdseal_field pid1)" = 1 ] && args+=(--pid1 true) || args+=(--pid1 false)
	if [ "$(echo "$rec" | sdseal_field exe_pid1_view)" = 1 ]; then
		args+=(--exe "$(echo "$rec" | sdseal_field exe | tr -d '"')")
	fi
	cg=$(echo "$rec" | sdseal_field cgroup | tr -d '"')
	[ "$cg" = "?" ] || args+=(--cgroup "$cg")
	out=$("$TOOL" eval "$POLICY" "${args[@]}") || fail "eval failed: ${args[*]}: $out"
	if ! echo "$out" | grep -q '^action=ALLOW$' || echo "$out" | grep -q '^DEFAULT'; then
		echo "NOT ALLOWED: ${args[*]} -> $(echo "$out" | tr '\n' ' ')"
		bad=$((bad + 1))
	fi
done </tmp/sd.recs
echo "$bad of $n systemd loads not allowed by policy.systemd"

step "what bpfseal-policy suggest writes from these records"
sdseal_records | "$TOOL" suggest --name systemd || fail "suggest failed"
[ "$bad" = 0 ] || fail "$bad systemd loads that policy.systemd does not allow (see the suggestion above)"
echo PASS
