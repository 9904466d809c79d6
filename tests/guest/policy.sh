#!/bin/bash
# The rule policy in the kernel (securityfs policy): every property a test
# can drive from a plain guest (digest, exe, cgroup, origin through a signed
# loader, verdict/keyring), the decision's rule in each record and in
# status, and every way a write is refused: a bad policy (EINVAL, with the
# line and column logged), a lower version (ESTALE), an untrusted keyring
# (EINVAL), a policy above the size limit (E2BIG), a policy in pieces
# (EINVAL), and any policy once locked (EPERM); after each refusal the
# active policy is unchanged, and every change or refused change is one
# audit record. pid1= and the systemd programs are tested in a systemd boot
# (systemd-policy.sh).
. "$(dirname "$0")/lib.sh"

S=$BPFSEAL_BUILD/signed
KEYS=$(dirname "$BPFSEAL_BUILD")/host/testkeys
F=/sys/kernel/security/bpfseal
LOAD=$PROGS/policy_load
start_auditd

# last_record: the newest load record of policy_load, without its header.
last_record() {
	bpfseal_records | grep 'prog_name="policy_load"' | tail -n1 | sed 's/.*op=bpfseal-load //'
}
# field NAME: that field of the newest policy_load record.
field() { last_record | tr ' ' '\n' | sed -n "s/^$1=//p"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
active_sha() { sed -n 's/^policy: .* sha256=\([0-9a-f]*\) .*/\1/p' $F/status; }
# write_policy FILE: write FILE to securityfs in one write; prints the error.
write_policy() { python3 -c 'import sys,os
d=open(sys.argv[1],"rb").read()
fd=os.open(sys.argv[2],os.O_WRONLY)
try: os.write(fd,d)
except OSError as e: print(os.strerror(e.errno)); sys.exit(1)' "$1" $F/policy; }

keyctl link @u @s >/dev/null || fail "keyctl link @u @s"
ring=$(keyctl newring bpfseal-test @u) || fail "keyctl newring"
keyctl padd asymmetric rsa "$ring" <"$KEYS/cert.der" >/dev/null || fail "keyctl padd"

step "the module parameters' policy is active at load"
load_bpfseal
keyctl padd asymmetric "" %:.bpfseal <"$KEYS/cert.der" >/dev/null || fail "enroll"
cat $F/policy
printf 'policy_name=parameters policy_version=0.0.0\norigin=loader action=ALLOW\nverdict=OK action=ALLOW\nDEFAULT action=DENY\n' >/tmp/want
diff -u /tmp/want $F/policy || fail "the parameters' policy is not the documented one"
grep -q '^policy: parameters 0.0.0 sha256=' $F/status || fail "status: $(grep ^policy $F/status)"
out=$("$LOAD" a) && fail "unsigned load allowed by the parameters' policy: $out"
[ "$(field rule)" = default ] || fail "refusal does not name the DEFAULT: $(last_record)"
[ "$(field decision)" = deny ] || fail "not a deny: $(last_record)"
grep -q '^rule default: [1-9][0-9]* DEFAULT action=DENY$' $F/status || fail "status: no DEFAULT count: $(grep ^rule $F/status)"

step "the digest is the program's, not its maps' fds"
echo permissive >$F/mode
"$LOAD" a >/dev/null || fail "permissive load a"
DA=$(field digest)
"$LOAD" b >/dev/null || fail "permissive load b"
DB=$(field digest)
"$LOAD" map socket_filter 0 >/dev/null || fail "permissive load map"
DM1=$(field digest)
"$LOAD" map socket_filter 7 >/dev/null || fail "permissive load map, shifted"
DM2=$(field digest)
echo "a=$DA b=$DB map=$DM1 map+7=$DM2"
echo "$DA" | grep -Eq '^[0-9a-f]{64}$' || fail "no digest in the record: $(last_record)"
[ "$DA" != "$DB" ] || fail "two programs with the same digest"
[ "$DM1" = "$DM2" ] || fail "the map's fd changed the digest"
[ "$DM1" != "$DA" ] || fail "the map load has the digest of another program"
echo enforce >$F/mode

step "a policy with each property the plain guest can drive"
mkdir -p /sys/fs/cgroup
mountpoint -q /sys/fs/cgroup || mount -t cgroup2 none /sys/fs/cgroup || fail "mount cgroup2"
mkdir -p /sys/fs/cgroup/ptest /sys/fs/cgroup/ptestx
cp "$LOAD" /tmp/trusted-loader
cp "$LOAD" /tmp/other-loader
cat >/tmp/p1 <<P
policy_name=test policy_version=1.0.0   # a comment
# rules, first match wins
digest=$DA action=ALLOW
prog_type=socket_filter exe=/tmp/trusted-loader action=AUDIT
prog_type=socket_filter cgroup=/ptest action=ALLOW
origin=loader action=ALLOW
verdict=OK keyring=bpfseal scheme=hornet,upstream+maps action=ALLOW
DEFAULT action=DENY
# only comments after the DEFAULT
P
write_policy /tmp/p1 || fail "a valid policy was refused"
[ "$(active_sha)" = "$(sha /tmp/p1)" ] || fail "status does not give the written policy's SHA-256"
grep -q '^policy: test 1.0.0 ' $F/status || fail "status: $(grep ^policy $F/status)"
bpfseal_records >/dev/null
grep 'op=bpfseal-policy' $AUDIT_LOG | tail -n1 | grep -q "old_name=parameters old_version=0.0.0 old_sha256=[0-9a-f]\{64\} new_name=test new_version=1.0.0 new_sha256=$(sha /tmp/p1) rules=5 errno=0 .*res=1" ||
	fail "no audit record of the change: $(grep 'op=bpfseal-policy' $AUDIT_LOG | tail -n1)"
cat $F/policy

"$LOAD" a >/dev/null || fail "digest rule: program a refused: $(last_record)"
[ "$(field rule)" = 3 ] || fail "digest rule: record names rule $(field rule), not line 3"
"$LOAD" b >/dev/null && fail "program b (another digest) allowed"
[ "$(field rule)" = default ] || fail "program b: rule $(field rule)"
/tmp/trusted-loader b >/dev/null || fail "exe rule: refused: $(last_record)"
[ "$(field rule)/$(field decision)" = 4/audit ] || fail "exe rule: $(field rule)/$(field decision), want 4/audit"
/tmp/other-loader b >/dev/null && fail "a copy at another path allowed"
"$LOAD" b cgroup_skb >/dev/null && fail "exe rule: another prog_type allowed"
# the same path in another mount namespace, over another file
out=$(unshare -m sh -c 'mount --bind /tmp/other-loader /tmp/trusted-loader && /tmp/trusted-loader b') &&
	fail "a bind mount in another mount namespace passed for the trusted exe: $out"
last_record | grep -q 'exe="/tmp/trusted-loader" exe_pid1_view=0 ' ||
	fail "the bind-mounted exe is not marked as not PID 1's view: $(last_record)"
sh -c 'echo $$ >/sys/fs/cgroup/ptest/cgroup.procs && exec "$0" b' "$LOAD" >/dev/null ||
	fail "cgroup rule: refused: $(last_record)"
[ "$(field rule)" = 5 ] && [ "$(field cgroup)" = '"/ptest"' ] || fail "cgroup rule: $(last_record)"
sh -c 'echo $$ >/sys/fs/cgroup/ptestx/cgroup.procs && exec "$0" b' "$LOAD" >/dev/null &&
	fail "cgroup /ptestx matched the prefix /ptest"
out=$("$S/loader-ours" "$ring") || fail "signed loader refused: $out"
bpfseal_records | grep 'prog_name="__loader.prog"' | tail -n1 |  grep -q 'verdict=OK decision=allow enforcing=1 rule=7 policy="test" ' ||
	fail "signed loader not allowed by line 7: $(bpfseal_records | grep 'prog_name="__loader.prog"' | tail -n1)"
bpfseal_records | grep 'origin=loader' | tail -n1 | grep -q 'decision=allow enforcing=1 rule=6 ' ||
	fail "the loader's program not allowed by line 6 (origin=loader)"
grep ^rule $F/status
grep -q '^rule 3: 1 digest=' $F/status || fail "status: rule 3 count"
grep -q '^rule 4: 1 prog_type=socket_filter exe=/tmp/trusted-loader action=AUDIT$' $F/status || fail "status: rule 4 count"
grep -q '^rule 5: 1 ' $F/status || fail "status: rule 5 count"
grep -q '^rule default: [1-9][0-9]* DEFAULT action=DENY$' $F/status || fail "status: DEFAULT count"

step "refused writes leave the active policy as it was"
before=$(cat $F/policy)
bad() { # bad WANT-ERRNO-TEXT WANT-LOG FILE
	local out
	out=$(write_policy "$3") && fail "policy accepted: $(cat "$3")"
	[ "$out" = "$1" ] || fail "refused with '$out', want '$1'"
	dmesg | tail -n 3 | grep -q "$2" || fail "no kernel log line '$2': $(dmesg | tail -n 3)"
	[ "$(cat $F/policy)" = "$before" ] || fail "the active policy changed after a refused write"
	[ "$(active_sha)" = "$(sha /tmp/p1)" ] || fail "status changed after a refused write"
}
printf 'policy_name=test policy_version=1.0.1\nverdict=OK colour=red action=ALLOW\nDEFAULT action=DENY\n' >/tmp/bad
bad "Invalid argument" "policy refused: line 2, column 12: unknown property" /tmp/bad
printf 'policy_name=test policy_version=1.0.1\nDEFAULT action=DENY\nverdict=OK action=ALLOW\n' >/tmp/bad
bad "Invalid argument" "policy refused: line 3, column 1: DEFAULT ends the policy: no rule after it" /tmp/bad
printf 'policy_name=test policy_version=1.0.1\nverdict=OK action=ALLOW\n' >/tmp/bad
bad "Invalid argument" "policy refused: the policy has no DEFAULT" /tmp/bad
printf 'policy_name=test policy_version=0.9.9\nDEFAULT action=ALLOW\n' >/tmp/bad
bad "Stale file handle" "policy refused: version 0.9.9 is lower than the active policy's 1.0.0" /tmp/bad
grep 'op=bpfseal-policy' $AUDIT_LOG | tail -n1 | grep -q 'new_version=0.9.9 .*errno=116 .*res=0' ||
	fail "no audit record of the refused lower version"
printf 'policy_name=test policy_version=1.0.1\nkeyring=builtin action=ALLOW\nDEFAULT action=DENY\n' >/tmp/bad
bad "Invalid argument" "keyring= names a keyring that the module parameter keyrings= does not trust" /tmp/bad
{ printf 'policy_name=big policy_version=2.0.0\nDEFAULT action=DENY\n'; head -c 70000 /dev/zero | tr '\0' '#'; } >/tmp/bad
bad "Argument list too long" "" /tmp/bad
printf 'policy_name=test policy_version=1.0.1\nDEFAULT action=ALLOW\n' >/tmp/ok2
out=$(dd if=/tmp/ok2 of=$F/policy bs=20 2>&1) && fail "a policy written in pieces was accepted"
[ "$(cat $F/policy)" = "$before" ] || fail "a policy in pieces changed the active one"
# cut at a line boundary, the first piece is a policy by itself but for
# its DEFAULT: refused, so the rules after the cut are never lost
printf 'policy_name=test policy_version=1.0.2\nuid=0 action=AUDIT\nverdict=OK action=ALLOW\nDEFAULT action=DENY\n' >/tmp/two
out=$(python3 -c 'import os,sys
d=open("/tmp/two","rb").read(); cut=d.index(b"verdict")
fd=os.open(sys.argv[1],os.O_WRONLY)
for piece in (d[:cut], d[cut:]):
    try: os.write(fd,piece)
    except OSError as e: print(os.strerror(e.errno))' $F/policy)
echo "$out" | head -n1 | grep -q 'Invalid argument' || fail "the first piece of a split policy was not refused: $out"
[ "$(cat $F/policy)" = "$before" ] || fail "a policy cut at a line boundary changed the active one"

step "the same version may be written again; then locked, no write"
write_policy /tmp/p1 || fail "the same policy again was refused"
echo 1 >$F/lock || fail "lock"
bad "Operation not permitted" "policy test refused (-1): bpfseal is locked" /tmp/ok2
grep 'op=bpfseal-policy' $AUDIT_LOG | tail -n1 | grep -q 'new_version=1.0.1 .*errno=1 .*res=0' ||
	fail "no audit record of the write refused when locked"
echo PASS
