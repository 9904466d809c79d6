#!/bin/bash
# bench: systemd
# Enforce mode on a real systemd boot, with the shipped example policy:
# bpfseal is loaded at boot by systemd-modules-load (before PID 1 starts,
# as an initramfs would), in enforce mode, with etc/bpfseal/policy.systemd
# as /etc/bpfseal/policy and lock=1, through the modprobe install hook.
#  1. systemd reaches "running" with no failed unit; the seven BPF
#     sandboxes hold (each command fails with its property and succeeds
#     without it); journald's and udevd's IP filters are attached; every
#     program loaded now is in bpfseal's programs table, allowed by a rule
#     of policy.systemd (not the DEFAULT), and no load of PID 1 or
#     systemd-executor was refused in this boot; and bpfseal-policy eval,
#     given each of those loads as its record describes it, names the
#     rule the module decided by (the userspace evaluator and the
#     module's agree on real loads).
#  2. A root shell's unsigned program is refused by the DEFAULT; a signed
#     skeleton loads, allowed by the policy's signed rule (and so does the
#     program its loader makes, origin=loader); an unsigned
#     program loaded from inside /usr/lib/systemd/systemd run as an
#     ordinary process (LD_PRELOAD: not PID 1), and from inside a copy of
#     systemd at another path, is refused.
# 1200 s: about 130 on a stock kernel; the bench triples it on the debug
# kernel, where the systemd boot alone takes about 14 minutes.
# bench: timeout=1200
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-systemd.sh"
. "$(dirname "$0")/lib-sdseal.sh"
# the sandboxes only: not the list of each one's programs (systemd-boot has it)
export SANDBOX_PROGS=0

# policy.systemd allows restrict_filesystems (RestrictFileSystems=) by its
# digest on the two stock bench kernels (libbpf relocates it against each
# kernel's BTF). The preboot phase learns this kernel's digest of it from
# bpfseal's record of its load (sdseal_lsm_digest): on a stock kernel it
# must be one policy.systemd lists, and the test runs policy.systemd as
# shipped; on the bench's debug kernel (tests/vm/debug-kernel) it is
# added to that rule's digests, as an administrator would add a new
# kernel's (docs/admin-guide.md, "systemd"), and the test runs that copy.
SHIPPED=etc/bpfseal/policy.systemd
POLICY=/etc/bpfseal/policy
LSM_RULE='origin=user prog_type=lsm attach_type=lsm_mac digest='
case ${BPFSEAL_PHASE:-} in
preboot)
	d=$(sdseal_lsm_digest) || fail "cannot learn restrict_filesystems' digest on this kernel"
	echo "restrict_filesystems on $(uname -r): digest=$d"
	policy=$SHIPPED
	if ! grep "^$LSM_RULE" $SHIPPED | grep -q "[=,]$d[, ]"; then
		[ "$DEBUG_KERNEL" = 1 ] ||
			fail "policy.systemd has no digest of restrict_filesystems for $(uname -r): $d"
		policy=/tmp/policy.systemd
		sed -E "/^$LSM_RULE/s/ digest=([^ ]*) / digest=\1,$d /" $SHIPPED >$policy
		echo "not in policy.systemd (the stock kernels' digests): added for this debug kernel"
		diff $SHIPPED $policy
	fi
	sdseal_install "mode=enforce lock=1" "$policy"
	exit
	;;
test) ;;
*) skip "needs the systemd mode (tests/vm/run --systemd)" ;;
esac
S=$BPFSEAL_BUILD/signed

step "bpfseal loaded at boot, enforcing policy.systemd, locked"
sdseal_loaded || fail "bpfseal not loaded at boot"
grep -E '^(mode|locked|policy|init_refused):' $F/status
grep -q '^mode: enforce$' $F/status || fail "not enforcing"
grep -q '^locked: 1$' $F/status || fail "not locked"
grep -q "^policy: systemd .* sha256=$(sha256sum $POLICY | cut -d' ' -f1) " $F/status ||
	fail "the active policy is not the one installed"
if [ "$DEBUG_KERNEL" = 1 ]; then
	diff $SHIPPED $POLICY | grep '^[<>]' | grep -Ev "^[<>] $LSM_RULE" &&
		fail "the policy differs from policy.systemd in more than its LSM rule's digests"
else
	cmp $SHIPPED $POLICY || fail "the active policy is not policy.systemd"
fi
grep -q '^init_refused: 0$' $F/status || fail "a load of PID 1 or systemd-executor was refused: $(grep ^init_refused $F/status)"

step "systemd is running"
systemd_state_check || fail "the system is not running cleanly"

step "journald's and udevd's own filters"
systemd_filters_check || fail "journald's or udevd's filters are missing"

step "the seven sandboxes"
sandboxes_check || fail "a sandbox did not hold under policy.systemd"

step "every program loaded now: in bpfseal's table, allowed by a rule"
cat $F/programs
bad=0
for id in $(bpftool -j prog show | python3 -c 'import json,sys; print(" ".join(str(p["id"]) for p in json.load(sys.stdin)))'); do
	line=$(awk -v id="$id" '$1 == id' $F/programs)
	name=$(bpftool prog show id "$id" 2>/dev/null | head -n1)
	if [ -z "$line" ]; then
		echo "NOT IN THE TABLE: $name"
		bad=$((bad + 1))
	elif ! echo "$line" | grep -Eq ' allow systemd [0-9]+$'; then
		echo "NOT ALLOWED BY A RULE OF policy.systemd: $line"
		bad=$((bad + 1))
	fi
done
[ "$bad" = 0 ] || fail "$bad loaded programs without a rule of policy.systemd"
sdseal_systemd_records >/tmp/sd.recs
echo "$(grep -c . /tmp/sd.recs) loads by PID 1 or systemd-executor in this boot, by rule:"
sdseal_field rule </tmp/sd.recs | sort | uniq -c
grep -v ' decision=allow ' /tmp/sd.recs | grep . && fail "a load of PID 1 or systemd-executor was not allowed"
sdseal_field rule </tmp/sd.recs | grep -qx default && fail "a systemd load decided by the DEFAULT"

step "bpfseal-policy eval decides each of these loads by the rule the module used"
/bpfseal/scripts/bpfseal-policy check "$POLICY" >/dev/null || fail "$POLICY does not parse"
sdseal_eval "$POLICY" </tmp/sd.recs >/tmp/sd.eval
awk -F'\t' '$1 != $2 || $3 != "ALLOW"' /tmp/sd.eval >/tmp/sd.differ
echo "$(grep -c . /tmp/sd.eval) loads evaluated, $(grep -c . /tmp/sd.differ) differ (module's rule, eval's rule, eval's action):"
cat /tmp/sd.differ
[ -s /tmp/sd.eval ] || fail "nothing evaluated"
[ ! -s /tmp/sd.differ ] || fail "bpfseal-policy eval and the module disagree on systemd's loads"

step "a root shell's unsigned program: refused by the DEFAULT"
out=$("$PROGS/policy_load" a) && fail "unsigned load from a root shell allowed: $out"
echo "$out"
rec=$(sdseal_records | grep 'prog_name="policy_load"' | tail -n1)
echo "$rec" | grep -q 'decision=deny enforcing=1 rule=default policy="systemd" ' ||
	fail "not refused by the DEFAULT: $rec"

step "a signed skeleton loads, by the signed rule"
keyctl link @u @s >/dev/null || fail "keyctl link @u @s"
ring=$(keyctl newring bpfseal-test @u) || fail "keyctl newring"
keyctl padd asymmetric rsa "$ring" <"$KEYS/cert.der" >/dev/null || fail "keyctl padd"
signed_line=$(grep -n '^verdict=OK keyring=bpfseal action=ALLOW' $POLICY | cut -d: -f1)
out=$("$S/loader-ours" "$ring") || fail "signed skeleton refused: $out"
echo "$out"
sdseal_records | grep 'prog_name="__loader.prog"' | tail -n1 |
	grep -q "verdict=OK decision=allow enforcing=1 rule=$signed_line policy=\"systemd\" " ||
	fail "the signed loader not allowed by line $signed_line: $(sdseal_records | grep 'prog_name="__loader.prog"' | tail -n1)"
# its program carries the loader's verdict and keyring: the same rule
sdseal_records | grep 'prog_name="on_getpid"' | tail -n1 |
	grep -q "verdict=OK decision=allow enforcing=1 rule=$signed_line .*origin=loader scheme=[a-z+]* keyring=bpfseal " ||
	fail "its program (origin=loader) not allowed by line $signed_line: $(sdseal_records | grep 'prog_name="on_getpid"' | tail -n1)"

step "systemd's binary, not as PID 1 (LD_PRELOAD), and a copy of it: refused"
for exe in /usr/lib/systemd/systemd /tmp/systemd-copy; do
	[ "$exe" = /tmp/systemd-copy ] && cp /usr/lib/systemd/systemd /tmp/systemd-copy
	rm -f /tmp/preload.out
	POLICY_PRELOAD_OUT=/tmp/preload.out POLICY_PRELOAD_TYPE=cgroup_skb \
		LD_PRELOAD="$PROGS/policy_preload.so" "$exe" >/dev/null 2>&1
	echo "$exe: $(cat /tmp/preload.out 2>/dev/null)"
	grep -q '^refused: EPERM$' /tmp/preload.out || fail "an unsigned load from inside $exe was not refused"
	rec=$(sdseal_records | grep 'prog_name="policy_load"' | tail -n1)
	echo "$rec" | grep -q "decision=deny .*rule=default .*exe=\"$exe\" exe_pid1_view=1 pid1=0 " ||
		fail "not refused by the DEFAULT as $exe, not PID 1: $rec"
done

step "still running, nothing of systemd refused"
systemd_state_check || fail "the system is not running cleanly at the end"
grep -q '^init_refused: 0$' $F/status || fail "$(grep ^init_refused $F/status)"
dmesg | grep -q 'the policy refused a BPF program of' && fail "the init warning was printed"
echo PASS
