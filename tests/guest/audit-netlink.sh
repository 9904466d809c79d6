#!/bin/bash
# The audit records read straight from the audit netlink socket, without
# auditd: a signed skeleton (its loader and the program it creates) and an
# unsigned program, with the documented fields and values.
. "$(dirname "$0")/lib.sh"

S=$BPFSEAL_BUILD/signed
KEYS=$(dirname "$BPFSEAL_BUILD")/host/testkeys
keyctl link @u @s >/dev/null || fail "keyctl link @u @s"
ring=$(keyctl newring bpfseal-test @u) || fail "keyctl newring"
keyctl padd asymmetric rsa "$ring" <"$KEYS/cert.der" >/dev/null || fail "keyctl padd"
auditctl -s 2>/dev/null | grep -q '^pid [1-9]' && fail "auditd is running: this test reads the socket itself"

load_bpfseal
keyctl padd asymmetric "" %:.bpfseal <"$KEYS/cert.der" >/dev/null || fail "enroll"
cat >/tmp/loads <<SH
#!/bin/sh
$S/loader-ours $ring
$PROGS/kfunc_seed
exit 0
SH
chmod +x /tmp/loads
out=$("$PROGS/audit_reader" /tmp/loads) || fail "audit_reader: $out"
recs=$(echo "$out" | grep '^type=1316 .*op=bpfseal-load')
echo "$recs" | sed 's/ ppid=.* comm=/ ... comm=/'

has() { # has PATTERN DESCRIPTION
	echo "$recs" | grep -Eq "$1" || fail "no record with $2"
}
has 'verdict=OK decision=allow enforcing=1 rule=[0-9]+ policy="parameters" prog_name="__loader\.prog" prog_type=syscall attach_type=[a-z0-9_]+ prog_tag=[0-9a-f]{16} insn_cnt=[0-9]+ digest=[0-9a-f]{64} origin=user scheme=hornet keyring=bpfseal signer_skid=[0-9a-f]+ maps=1 kernel=0 loader=0 .*pid=[0-9]+ .*comm="loader-ours" exe=".*loader-ours" exe_pid1_view=1 pid1=0 cgroup="/[^"]*".* res=1' \
	"the signed loader"
has 'verdict=OK decision=allow enforcing=1 rule=[0-9]+ policy="parameters" prog_name="on_getpid" .*digest=[0-9a-f]{64} origin=loader scheme=hornet keyring=bpfseal signer_skid=[0-9a-f]+ maps=0 kernel=1 loader=[1-9][0-9]* .*res=1' \
	"the program the loader created"
has 'verdict=UNSIGNED decision=deny enforcing=1 rule=default policy="parameters" prog_name="[^"]*" prog_type=[a-z_]+ attach_type=[a-z0-9_]+ prog_tag=\? insn_cnt=[0-9]+ digest=[0-9a-f]{64} origin=user scheme=none keyring=none .*kernel=0 loader=0 .*comm="kfunc_seed".* res=0' \
	"the unsigned program"
unload_bpfseal
echo PASS
