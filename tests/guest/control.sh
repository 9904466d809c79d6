#!/bin/bash
# securityfs (status, programs, mode), loader attribution in the programs
# table, and lock mode: once locked, rmmod, disarm, mode writes, new keys in
# .bpfseal and `sysctl kernel.ftrace_enabled=0` all fail, signed loads still
# pass and unsigned ones are refused.
. "$(dirname "$0")/lib.sh"

S=$BPFSEAL_BUILD/signed
KEYS=$(dirname "$BPFSEAL_BUILD")/host/testkeys
F=/sys/kernel/security/bpfseal
keyctl link @u @s >/dev/null || fail "keyctl link @u @s"
ring=$(keyctl newring bpfseal-test @u) || fail "keyctl newring"
keyctl padd asymmetric rsa "$ring" <"$KEYS/cert.der" >/dev/null || fail "keyctl padd"
start_auditd

# hold VARIANT: run a loader that keeps its programs loaded; sets HOLD_PID.
hold() {
	rm -f /tmp/release
	"$S/loader-$1" "$ring" /tmp/release >/tmp/hold.out 2>&1 &
	HOLD_PID=$!
	for i in $(seq 100); do
		grep -q 'loaded and attached' /tmp/hold.out && return 0
		kill -0 $HOLD_PID 2>/dev/null || break
		sleep 0.05
	done
	fail "loader-$1 did not load: $(cat /tmp/hold.out)"
}
release() { touch /tmp/release; wait $HOLD_PID; }

step "status and mode"
load_bpfseal
keyctl padd asymmetric "" %:.bpfseal <"$KEYS/cert.der" >/dev/null || fail "enroll"
echo x | keyctl padd user notacert %:.bpfseal >/dev/null 2>&1 &&
	fail ".bpfseal took a key that is not a certificate"
grep -q '^armed: .* lsm.s/bpf ' $F/status || fail "status: not armed: $(cat $F/status)"
grep -q '^mode: enforce$' $F/status || fail "status: mode"
grep -q '^locked: 0$' $F/status || fail "status: locked"
[ "$(cat $F/mode)" = enforce ] || fail "mode reads $(cat $F/mode)"
echo permissive >$F/mode || fail "mode write"
[ "$(cat $F/mode)" = permissive ] || fail "mode did not change"
bpfseal_records >/dev/null
grep -q 'op=bpfseal-mode old=enforce new=permissive' $AUDIT_LOG || fail "no audit record of the mode change"
echo bogus >$F/mode 2>/dev/null && fail "mode accepted 'bogus'"
echo enforce >$F/mode || fail "mode write back"

step "programs: a verified loader's program, attributed"
hold ours
line=$(grep ' on_getpid ' $F/programs) || fail "on_getpid not in programs: $(cat $F/programs)"
echo "$line"
echo "$line" | grep -Eq '^[0-9]+ on_getpid raw_tracepoint OK hornet bpfseal [1-9][0-9]* allow parameters [0-9]+$' ||
	fail "programs line: '$line'"
grep -q "^verdict OK: [1-9]" $F/status || fail "status: no OK counted"
release
for i in $(seq 50); do grep -q ' on_getpid ' $F/programs || break; sleep 0.1; done
grep -q ' on_getpid ' $F/programs && fail "record left after the program closed"

step "an unsigned loader's programs are not attributed"
echo permissive >$F/mode
hold plain
line=$(grep ' on_getpid ' $F/programs) || fail "on_getpid not in programs"
echo "$line"
echo "$line" | grep -Eq ' UNSIGNED none none 0 audit parameters default$' || fail "unsigned loader's program attributed: '$line'"
release
bpfseal_records | grep 'prog_name="on_getpid"' | tail -n1 | grep -q 'decision=audit .*kernel=1 loader=0 ' ||
	fail "audit: the unsigned loader's program is not kernel=1 loader=0 decision=audit"
echo enforce >$F/mode

step "ausearch shows the records"
audit_sync
out=$(ausearch -m KERNEL_OTHER -i 2>/dev/null | grep 'op=bpfseal-load')
echo "$out" | grep -q 'verdict=OK .*prog_name="*on_getpid"* .*kernel=1 loader=[1-9].*res=yes' ||
	fail "ausearch -i: no interpreted record of the attributed program"
echo "$out" | grep -q 'verdict=UNSIGNED .*enforcing=0 .*kernel=1 loader=0 ' ||
	fail "ausearch -i: no record of the unsigned loader's program"
# auparse reads any "action" field as a netfilter verdict; bpfseal's
# decision= must show as written, and no field of it as unknown-...().
for a in allow audit; do
	echo "$out" | grep -q " decision=$a " || fail "ausearch -i does not show decision=$a as it is"
done
echo "$out" | grep -q 'unknown-' && fail "ausearch -i shows a field of bpfseal's records as unknown: $(echo "$out" | grep -o '[a-z_]*=unknown-[^ ]*' | sort -u)"

step "writes need CAP_MAC_ADMIN"
nocap() { setpriv --bounding-set=-mac_admin --inh-caps=-mac_admin -- "$@"; }
nocap sh -c "echo permissive >$F/mode" 2>/dev/null && fail "mode written without CAP_MAC_ADMIN"
nocap sh -c "echo 1 >$F/lock" 2>/dev/null && fail "locked without CAP_MAC_ADMIN"
nocap sh -c "echo 1 >/sys/module/bpfseal/parameters/disarm" 2>/dev/null &&
	fail "disarmed without CAP_MAC_ADMIN"
[ "$(cat $F/mode)" = enforce ] || fail "mode changed: $(cat $F/mode)"
grep -q '^locked: 0$' $F/status || fail "locked without CAP_MAC_ADMIN"

step "lock"
echo 1 >$F/lock || fail "lock write"
[ "$(cat $F/lock)" = 1 ] || fail "lock reads $(cat $F/lock)"
grep -q '^locked: 1$' $F/status || fail "status: not locked"
echo off >$F/mode 2>/dev/null && fail "mode changed while locked"
echo 1 >/sys/module/bpfseal/parameters/disarm 2>/dev/null && fail "disarmed while locked"
rmmod bpfseal 2>/dev/null && fail "rmmod worked while locked"
keyctl padd asymmetric "" %:.bpfseal <"$KEYS/ec-cert.der" >/dev/null 2>&1 &&
	fail "a key was added to .bpfseal while locked"
keys=$(keyctl rlist %:.bpfseal) || fail "keyctl rlist .bpfseal"
[ -n "$keys" ] || fail ".bpfseal is empty"
key=${keys%% *}
keyctl clear %:.bpfseal 2>/dev/null && fail ".bpfseal cleared while locked"
keyctl unlink "$key" %:.bpfseal 2>/dev/null && fail "key unlinked while locked"
keyctl revoke "$key" 2>/dev/null && fail "key revoked while locked"
keyctl invalidate "$key" 2>/dev/null && fail "key invalidated while locked"
keyctl revoke %:.bpfseal 2>/dev/null && fail ".bpfseal revoked while locked"
keyctl invalidate %:.bpfseal 2>/dev/null && fail ".bpfseal invalidated while locked"
[ "$(keyctl rlist %:.bpfseal)" = "$keys" ] || fail ".bpfseal changed while locked: $(keyctl rlist %:.bpfseal)"
sysctl -q kernel.ftrace_enabled=0 2>/dev/null && fail "ftrace_enabled=0 accepted"
[ "$(sysctl -n kernel.ftrace_enabled)" = 1 ] || fail "ftrace got disabled"
"$S/loader-ours" "$ring" >/dev/null || fail "signed load refused while locked"
"$PROGS/kfunc_seed" >/dev/null 2>&1 && fail "unsigned load passed while locked"
grep -q 'op=bpfseal-lock locked=1' $AUDIT_LOG || fail "no audit record of the lock"
audit_sync
grep -q 'op=bpfseal-key keyring=bpfseal key_type=asymmetric skid=[0-9a-f]* .*res=1' $AUDIT_LOG ||
	fail "no audit record of the enrolled key"
grep 'op=bpfseal-key ' $AUDIT_LOG | tail -n1 | grep -q 'key_type=asymmetric .*res=0' ||
	fail "no audit record of the key refused while locked"
echo PASS
