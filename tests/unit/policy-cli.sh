#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# End-to-end host tests of scripts/bpfseal-policy: check (normalized
# output, error line/column/caret, size limit), eval (the deciding rule,
# defaults, option validation), suggest (records in, a policy out that
# allows every refused load it can and nothing much else, checked with
# eval load by load), and exit statuses.
# One "PASS name" / "FAIL name: why" line per case; exit 0 if all pass,
# 77 (with a SKIP: line) when the tool is not built.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
POL=$TOP/scripts/bpfseal-policy

[ -x "$POL" ] || { echo "SKIP: $POL not built (make tools)"; exit 77; }

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
failures=0

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }

# check NAME WANT_RC CMD...: run CMD (stdout NAME.out, stderr NAME.err).
check() {
	local name=$1 want=$2 rc
	shift 2
	"$@" >"$name.out" 2>"$name.err"
	rc=$?
	if [ "$rc" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "exit $rc, expected $want: $(head -n 3 "$name.err" | tr '\n' ' ')"
	fi
}

# same NAME FILE EXPECTED_TEXT: FILE holds exactly EXPECTED_TEXT.
same() {
	if [ "$(cat "$2")" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "got '$(tr '\n' '|' <"$2")', expected '$(printf '%s' "$3" | tr '\n' '|')'"
	fi
}

# has NAME FILE REGEX: a line of FILE matches REGEX (grep -E).
has() {
	if grep -qE -- "$3" "$2"; then pass "$1"; else fail "$1" "no line matching '$3' in $(tr '\n' '|' <"$2")"; fi
}

# decides NAME POLICY WANT_ACTION EVAL_ARGS...: eval's action line.
decides() {
	local name=$1 policy=$2 want=$3 out rc
	shift 3
	out=$("$POL" eval "$policy" "$@" 2>"$name.err")
	rc=$?
	if [ "$rc" = 0 ] && [ "$(printf '%s\n' "$out" | sed -n 2p)" = "action=$want" ]; then
		pass "$name"
	else
		fail "$name" "exit $rc, '$(printf '%s' "$out" | tr '\n' '|')', expected action=$want; $(tr '\n' ' ' <"$name.err")"
	fi
}

D1=1111111111111111111111111111111111111111111111111111111111111111
D2=2222222222222222222222222222222222222222222222222222222222222222
D3=3333333333333333333333333333333333333333333333333333333333333333
D4=4444444444444444444444444444444444444444444444444444444444444444
D5=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff

# --- check -----------------------------------------------------------------------
cat >good.pol <<EOF
# systemd's policy
   policy_name=systemd policy_version=1.2.3   # header

# signed programs
verdict=OK keyring=bpfseal action=ALLOW
	pid1=true prog_type=cgroup_device,cgroup_skb exe=/usr/lib/systemd/systemd action=ALLOW
digest=${D5^^} uid=0 action=AUDIT
cgroup=/system.slice action=ALLOW
DEFAULT action=DENY   # last

# only comments and blank lines after the DEFAULT
EOF
NORM="policy_name=systemd policy_version=1.2.3
verdict=OK keyring=bpfseal action=ALLOW
prog_type=cgroup_skb,cgroup_device pid1=true exe=/usr/lib/systemd/systemd action=ALLOW
digest=$D5 uid=0 action=AUDIT
cgroup=/system.slice action=ALLOW
DEFAULT action=DENY"
check check-good 0 "$POL" check good.pol
same check-good-normalized check-good.out "$NORM"
check check-good-stdin 0 "$POL" check - <good.pol
same check-good-stdin-normalized check-good-stdin.out "$NORM"
check check-normalized-again 0 "$POL" check check-good.out
same check-normalized-is-stable check-normalized-again.out "$NORM"

printf 'policy_name=x policy_version=1.0.0\nverdict=OK action=ALLOW\n\tuid=1 prog_type=xdp,foo action=ALLOW\nDEFAULT action=DENY\n' >bad.pol
check check-bad 1 "$POL" check bad.pol
same check-bad-message check-bad.err "bad.pol:3:22: error: unknown value for this property
  	uid=1 prog_type=xdp,foo action=ALLOW
  	                    ^"
[ -s check-bad.out ] && fail check-bad-no-stdout "printed $(head -c 80 check-bad.out)" || pass check-bad-no-stdout
check check-bad-stdin 1 "$POL" check - <bad.pol
has check-bad-stdin-name check-bad-stdin.err '^<stdin>:3:22: error: unknown value for this property$'

printf 'policy_name=x policy_version=1.0.0\nuid=0 action=ALLOW\n' >nodefault.pol
check check-no-default 1 "$POL" check nodefault.pol
same check-no-default-message check-no-default.err "nodefault.pol: error: the policy has no DEFAULT action= line"

printf 'policy_name=x policy_version=1.0.0\r\nuid=01 action=ALLOW\r\nDEFAULT action=DENY\r\n' >crlf.pol
check check-crlf-error 1 "$POL" check crlf.pol
same check-crlf-error-message check-crlf-error.err "crlf.pol:2:6: error: a uid has no leading zeros
  uid=01 action=ALLOW
       ^"

# DEFAULT is the last statement: a rule after it is refused at its first
# token, a second DEFAULT too; comments and blank lines after it are fine
printf 'policy_name=x policy_version=1.0.0\nuid=1 action=DENY\nDEFAULT action=DENY\n# more\n\n  prog_type=xdp action=ALLOW\n' >after.pol
check check-rule-after-default 1 "$POL" check after.pol
same check-rule-after-default-message check-rule-after-default.err "after.pol:6:3: error: DEFAULT ends the policy: no rule after it
    prog_type=xdp action=ALLOW
    ^"
[ -s check-rule-after-default.out ] && fail check-rule-after-default-no-stdout "printed $(head -c 80 check-rule-after-default.out)" || pass check-rule-after-default-no-stdout
check eval-rule-after-default 1 "$POL" eval after.pol --prog-type xdp
has eval-rule-after-default-message eval-rule-after-default.err '^after.pol:6:3: error: DEFAULT ends the policy: no rule after it$'
printf 'policy_name=x policy_version=1.0.0\nDEFAULT action=DENY\n\tDEFAULT action=ALLOW\n' >twice.pol
check check-default-twice 1 "$POL" check twice.pol
has check-default-twice-message check-default-twice.err '^twice.pol:3:2: error: DEFAULT is given twice$'
printf 'policy_name=x policy_version=1.0.0\r\nuid=1 action=AUDIT\r\nDEFAULT action=ALLOW # last\r\n\r\n# end\r\n \t\r\n# no newline' >trailing.pol
check check-comments-after-default 0 "$POL" check trailing.pol
same check-comments-after-default-normalized check-comments-after-default.out "policy_name=x policy_version=1.0.0
uid=1 action=AUDIT
DEFAULT action=ALLOW"
decides eval-comments-after-default-rule trailing.pol AUDIT --prog-type xdp --uid 1
decides eval-comments-after-default-default trailing.pol ALLOW --prog-type xdp --uid 2

# size: 65536 bytes accepted, 65537 refused before parsing
{ printf 'policy_name=x policy_version=1.0.0\nDEFAULT action=DENY\n'; } >size.pol
while [ "$(stat -c %s size.pol)" -lt 61000 ]; do
	printf '#%03999d\n' 0 >>size.pol
done
n=$((65536 - $(stat -c %s size.pol) - 1))
{ printf '#'; head -c "$n" /dev/zero | tr '\0' 'x'; } >>size.pol
[ "$(stat -c %s size.pol)" = 65536 ] || fail size-setup "size.pol is $(stat -c %s size.pol) bytes"
check check-size-65536 0 "$POL" check size.pol
printf 'x' >>size.pol
check check-size-65537 1 "$POL" check size.pol
has check-size-65537-message check-size-65537.err '^size.pol: error: the policy is larger than 65536 bytes'
check check-size-65537-stdin 1 "$POL" check - <size.pol
check check-missing-file 1 "$POL" check no-such.pol
has check-missing-file-message check-missing-file.err 'cannot open no-such.pol'

# --- usage ---------------------------------------------------------------------------
check usage-none 2 "$POL"
check usage-unknown-command 2 "$POL" frob
check usage-check-no-file 2 "$POL" check
check usage-check-two-files 2 "$POL" check good.pol good.pol
check usage-check-option 2 "$POL" check --frob
check help 0 "$POL" --help
has help-lists-defaults help.out 'verdict V +UNSIGNED'
check help-subcommand 0 "$POL" eval --help

# --- eval --------------------------------------------------------------------------------
decides eval-default good.pol DENY --prog-type xdp
check eval-default-output 0 "$POL" eval good.pol --prog-type xdp
same eval-default-text eval-default-output.out "DEFAULT: DEFAULT action=DENY
action=DENY"
check eval-rule-output 0 "$POL" eval good.pol --prog-type cgroup_skb --pid1 true \
	--exe /usr/lib/systemd/systemd
same eval-rule-text eval-rule-output.out "line 6: prog_type=cgroup_skb,cgroup_device pid1=true exe=/usr/lib/systemd/systemd action=ALLOW
action=ALLOW"
decides eval-signed good.pol ALLOW --prog-type xdp --verdict OK --keyring bpfseal
decides eval-signed-other-keyring good.pol DENY --prog-type xdp --verdict OK --keyring builtin
decides eval-not-pid1 good.pol DENY --prog-type cgroup_skb --exe /usr/lib/systemd/systemd
decides eval-digest-audit good.pol AUDIT --prog-type xdp --digest "${D5^^}"
decides eval-digest-other-uid good.pol DENY --prog-type xdp --digest "$D5" --uid 1
decides eval-cgroup-child good.pol ALLOW --prog-type xdp --cgroup /system.slice/a.service
decides eval-cgroup-not-component good.pol DENY --prog-type xdp --cgroup /system.slicex
decides eval-cgroup-absent good.pol DENY --prog-type xdp
decides eval-type-number good.pol ALLOW --prog-type 15 --pid1 true --exe /usr/lib/systemd/systemd
decides eval-type-unknown-number good.pol DENY --prog-type 64 --pid1 true --exe /usr/lib/systemd/systemd
decides eval-stdin - DENY --prog-type xdp <good.pol
printf 'policy_name=x policy_version=1.0.0\nattach_type=cgroup_inet_ingress keyring=none origin=user scheme=none verdict=UNSIGNED pid1=false uid=0 action=AUDIT\nDEFAULT action=DENY\n' >defaults.pol
decides eval-defaults defaults.pol AUDIT --prog-type xdp
decides eval-attach-set defaults.pol DENY --prog-type xdp --attach-type xdp
check eval-no-type 2 "$POL" eval good.pol
check eval-bad-verdict 2 "$POL" eval good.pol --prog-type xdp --verdict ok
has eval-bad-verdict-lists-names eval-bad-verdict.err "accepted: OK, UNSIGNED, PARTIALSIG, UNKNOWNKEY, UNEXPECTED, FAULT, BADSIG"
check eval-bad-keyring 2 "$POL" eval good.pol --prog-type xdp --keyring ima
check eval-bad-scheme 2 "$POL" eval good.pol --prog-type xdp --scheme pkcs7
check eval-bad-origin 2 "$POL" eval good.pol --prog-type xdp --origin bpf
check eval-bad-type 2 "$POL" eval good.pol --prog-type xdpx
check eval-bad-attach 2 "$POL" eval good.pol --prog-type xdp --attach-type egress
check eval-bad-pid1 2 "$POL" eval good.pol --prog-type xdp --pid1 1
check eval-bad-digest 2 "$POL" eval good.pol --prog-type xdp --digest abcd
check eval-bad-signer 2 "$POL" eval good.pol --prog-type xdp --signer 0g
check eval-bad-uid 2 "$POL" eval good.pol --prog-type xdp --uid -1
check eval-unknown-option 2 "$POL" eval good.pol --prog-type xdp --gid 0
check eval-two-files 2 "$POL" eval good.pol good.pol --prog-type xdp
check eval-bad-policy 1 "$POL" eval bad.pol --prog-type xdp
has eval-bad-policy-message eval-bad-policy.err '^bad.pol:3:22: error: '

# --- suggest ---------------------------------------------------------------------------------
# One load per line:
#  id | decision | prog_name (record form) | prog_type | attach_type | digest |
#  exe (record form) | exe_pid1_view | pid1 | euid | verdict | keyring |
#  exe as the evaluator sees it (- for none) | expected action
LOADS='
fw1|deny|"sd_fw_ingress"|cgroup_skb|cgroup_inet_ingress|D1|"/usr/lib/systemd/systemd"|1|1|0|UNSIGNED|none|/usr/lib/systemd/systemd|ALLOW
fw2|deny|"sd_fw_ingress"|cgroup_skb|cgroup_inet_ingress|D1|"/usr/lib/systemd/systemd"|1|1|0|UNSIGNED|none|/usr/lib/systemd/systemd|ALLOW
fw3|audit|"sd_fw_egress"|cgroup_skb|cgroup_inet_egress|D2|"/usr/lib/systemd/systemd"|1|1|0|UNSIGNED|none|/usr/lib/systemd/systemd|ALLOW
dev1|deny|"sd_devices"|cgroup_device|cgroup_device|D3|"/usr/lib/systemd/systemd"|1|1|0|UNSIGNED|none|/usr/lib/systemd/systemd|ALLOW
dev2|deny|"sd_devices"|cgroup_device|cgroup_device|D4|"/usr/lib/systemd/systemd"|1|1|0|UNSIGNED|none|/usr/lib/systemd/systemd|ALLOW
a|deny|"prog_a"|xdp|xdp|D1|"/usr/bin/tool"|1|0|1000|UNSIGNED|none|/usr/bin/tool|ALLOW
b|deny|"prog_b"|xdp|xdp|D2|"/usr/bin/tool"|1|0|1000|BADSIG|none|/usr/bin/tool|ALLOW
gen1|deny|"gen"|kprobe|cgroup_inet_ingress|D1|"/usr/sbin/gen"|1|0|0|UNSIGNED|none|/usr/sbin/gen|ALLOW
gen2|deny|"gen"|kprobe|cgroup_inet_ingress|D2|"/usr/sbin/gen"|1|0|0|UNSIGNED|none|/usr/sbin/gen|ALLOW
gen3|deny|"gen"|tracepoint|cgroup_inet_ingress|D3|"/usr/sbin/gen"|1|0|0|UNSIGNED|none|/usr/sbin/gen|ALLOW
gen4|audit|"gen"|tracepoint|cgroup_inet_ingress|D4|"/usr/sbin/gen"|1|0|0|UNSIGNED|none|/usr/sbin/gen|ALLOW
space|deny|6D792070726F67|sched_cls|cgroup_inet_ingress|D3|2F6F70742F6D7920746F6F6C2F62696E|1|0|0|UNSIGNED|none|/opt/my tool/bin|ALLOW
deleted|deny|"upgraded"|lsm|lsm_mac|D2|2F7573722F62696E2F757067202864656C6574656429|1|0|0|UNSIGNED|none|/usr/bin/upg (deleted)|ALLOW
view|deny|"chrooted"|sched_act|cgroup_inet_ingress|D4|"/usr/bin/x"|0|0|0|UNSIGNED|none|-|ALLOW
nodig|deny|"nodig"|kprobe|cgroup_inet_ingress|?|"/usr/bin/nodig"|1|0|0|UNSIGNED|none|/usr/bin/nodig|DENY
kthr1|deny|"kthr"|kprobe|cgroup_inet_ingress|D1|(null)|0|0|0|UNSIGNED|none|-|DENY
kthr2|deny|"kthr"|kprobe|cgroup_inet_ingress|D2|(null)|0|0|0|UNSIGNED|none|-|DENY
signed|audit|"signed"|xdp|xdp|D5|"/usr/bin/signed"|1|0|0|OK|bpfseal|/usr/bin/signed|ALLOW
'
# Not candidates: an allowed load, an aborted one.
OTHERS='
ok|allow|"ok"|socket_filter|cgroup_inet_ingress|D5|"/usr/bin/ok"|1|0|0|UNSIGNED|none|/usr/bin/ok|DENY
abort|aborted|"ab"|socket_filter|cgroup_inet_ingress|?|"/usr/bin/ab"|1|0|0|UNSIGNED|none|/usr/bin/ab|DENY
'
digest_of() { case $1 in D1) echo $D1 ;; D2) echo $D2 ;; D3) echo $D3 ;; D4) echo $D4 ;; D5) echo $D5 ;; *) echo "$1" ;; esac; }

# record LINE: the audit record of one load (field order varies).
record() {
	local id dec name type att dig exe view pid1 euid verdict keyring
	IFS='|' read -r id dec name type att dig exe view pid1 euid verdict keyring _ _ <<<"$1"
	dig=$(digest_of "$dig")
	case $id in
	gen2)	# another order, and the enriched format's translations
		printf 'type=KERNEL_OTHER msg=audit(1700000001.5:%s): digest=%s op=bpfseal-load exe=%s prog_type=%s decision=%s verdict=%s attach_type=%s prog_name=%s origin=user scheme=none keyring=%s signer_skid=? euid=%s pid1=%s exe_pid1_view=%s cgroup=? res=0\x1dAUID="unset" UID="root" EUID="nobody" exe="/x"\n' \
			"$id" "$dig" "$exe" "$type" "$dec" "$verdict" "$att" "$name" "$keyring" "$euid" "$pid1" "$view"
		;;
	*)
		printf 'type=KERNEL_OTHER msg=audit(1700000000.123:42): op=bpfseal-load verdict=%s decision=%s enforcing=1 rule=default policy="systemd" prog_name=%s prog_type=%s attach_type=%s prog_tag=? insn_cnt=24 digest=%s origin=user scheme=none keyring=%s signer_skid=? maps=0 kernel=0 loader=0 ppid=0 pid=1 auid=4294967295 uid=0 gid=0 euid=%s ses=4294967295 comm="x" exe=%s exe_pid1_view=%s pid1=%s cgroup="/init.scope" subj=unconfined res=0\n' \
			"$verdict" "$dec" "$name" "$type" "$att" "$dig" "$keyring" "$euid" "$exe" "$view" "$pid1"
		;;
	esac
}

# eval_args LINE [FIELD=VALUE...]: eval options for the load, some changed.
eval_args() {
	local id dec name type att dig exe view pid1 euid verdict keyring eexe kv
	IFS='|' read -r id dec name type att dig exe view pid1 euid verdict keyring eexe _ <<<"$1"
	shift
	for kv in "$@"; do
		case $kv in
		digest=*) dig=${kv#digest=} ;;
		exe=*) eexe=${kv#exe=} ;;
		pid1=*) pid1=${kv#pid1=} ;;
		uid=*) euid=${kv#uid=} ;;
		type=*) type=${kv#type=} ;;
		esac
	done
	ARGS=(--prog-type "$type" --attach-type "$att" --verdict "$verdict"
		--keyring "$keyring" --scheme none --origin user --uid "$euid"
		--cgroup /init.scope)
	[ "$pid1" = 1 ] && ARGS+=(--pid1 true) || ARGS+=(--pid1 false)
	dig=$(digest_of "$dig")
	[ "$dig" != "?" ] && ARGS+=(--digest "$dig")
	[ "$eexe" != "-" ] && ARGS+=(--exe "$eexe")
	return 0
}

{
	echo 'type=SYSCALL msg=audit(1700000000.123:42): arch=c000003e syscall=321 success=no exit=-1 a0=5 items=0 ppid=0 pid=1 auid=4294967295 uid=0 comm="systemd" exe="/usr/lib/systemd/systemd" key=(null)'
	while IFS= read -r l; do [ -n "$l" ] && record "$l"; done <<<"$LOADS$OTHERS"
	echo 'type=PROCTITLE msg=audit(1700000000.123:42): proctitle=2F7573722F6C69622F73797374656D642F73797374656D64'
	echo 'type=KERNEL_OTHER msg=audit(1700000000.200:43): op=bpfseal-mode mode=enforce res=1'
	echo 'type=KERNEL_OTHER msg=audit(1700000000.300:44): op=bpfseal-loader decision=deny prog_type=xdp'
} >audit.log

check suggest 0 "$POL" suggest audit.log
cp suggest.out suggested.pol
check suggest-passes-check 0 "$POL" check suggested.pol
has suggest-header suggested.pol '^policy_name=suggested policy_version=0\.0\.1$'
has suggest-default-deny suggested.pol '^DEFAULT action=DENY$'
if [ "$(grep -v '^#' suggested.pol | grep -v '^$' | sed -n 2p)" = "verdict=OK keyring=bpfseal action=ALLOW" ]; then
	pass suggest-signed-rule-first
else
	fail suggest-signed-rule-first "$(grep -v '^#' suggested.pol | grep -v '^$' | sed -n 2p)"
fi
# DEFAULT last: a copy cut short has none and is refused
if [ "$(grep -v '^#' suggested.pol | grep -v '^$' | tail -n 1)" = "DEFAULT action=DENY" ]; then
	pass suggest-default-last
else
	fail suggest-default-last "$(grep -v '^#' suggested.pol | grep -v '^$' | tail -n 1)"
fi
head -c "$(grep -b '^DEFAULT' suggested.pol | cut -d: -f1)" suggested.pol >cut.pol
check suggest-cut-short-refused 1 "$POL" check cut.pol
has suggest-digest-rule suggested.pol "^origin=user prog_type=cgroup_skb attach_type=cgroup_inet_ingress digest=$D1 pid1=true exe=/usr/lib/systemd/systemd uid=0 action=ALLOW\$"
has suggest-process-rule suggested.pol '^origin=user prog_type=cgroup_device attach_type=cgroup_device pid1=true exe=/usr/lib/systemd/systemd uid=0 action=ALLOW$'
has suggest-merged-digests suggested.pol "^origin=user prog_type=xdp attach_type=xdp digest=$D1,$D2 exe=/usr/bin/tool uid=1000 action=ALLOW\$"
has suggest-merged-types suggested.pol '^origin=user prog_type=kprobe,tracepoint attach_type=cgroup_inet_ingress exe=/usr/sbin/gen uid=0 action=ALLOW$'
has suggest-comment-names suggested.pol '^# sd_fw_ingress \(2\): 2 loads, 2 refused\.'
has suggest-comment-merged-names suggested.pol '^# prog_a \(1\), prog_b \(1\): 2 loads, 2 refused\.'
has suggest-hex-name-decoded suggested.pol '^# my prog \(1\)'
# the comments as one line, as they read
grep '^#' suggested.pol | sed 's/^# *//' | tr '\n' ' ' >comments.txt
has suggest-no-digest-noted comments.txt 'NOT ALLOWED by this policy: .*nodig \(1\): 1 load, 1 refused\. prog_type=kprobe exe=/usr/bin/nodig: its digest was not computed \(digest=\?\)'
has suggest-no-exe-noted comments.txt 'kthr \(2\): 2 loads, 2 refused\. prog_type=kprobe exe=\(none\): the loader has no executable \(exe=\(null\)\)'
has suggest-space-exe-noted comments.txt 'my prog \(1\): .* No exe= in this rule: a policy cannot write it'
has suggest-deleted-noted comments.txt 'upgraded \(1\): .* No exe= in this rule: the executable had been deleted'
has suggest-view-noted comments.txt 'chrooted \(1\): .* No exe= in this rule: the path is not the loader.s file as PID 1 sees it'
has suggest-alt-rule-commented suggested.pol '^#   origin=user prog_type=kprobe attach_type=cgroup_inet_ingress exe=/usr/bin/nodig action=ALLOW$'
has suggest-says-not-covered suggest.err '3 of 18 refused or audited loads are not allowed'
if grep -v '^#' suggested.pol | grep -qE 'exe=/opt|exe=/usr/bin/x|/usr/bin/ok|/usr/bin/ab|/usr/bin/nodig|/usr/bin/signed'; then
	fail suggest-no-broader-rules "$(grep -v '^#' suggested.pol | grep -E 'exe=/opt|exe=/usr/bin/x|/usr/bin/(ok|ab|nodig|signed)')"
else
	pass suggest-no-broader-rules
fi
nrules=$(grep -cv '^#\|^$' suggested.pol)
[ "$nrules" = 11 ] && pass suggest-rule-count || fail suggest-rule-count "$nrules lines of policy, expected 11 (header, DEFAULT, 9 rules)"

# every load, as the module's evaluator would see it
while IFS= read -r l; do
	[ -n "$l" ] || continue
	id=${l%%|*}
	want=${l##*|}
	eval_args "$l"
	decides "suggest-load-$id" suggested.pol "$want" "${ARGS[@]}"
done <<<"$LOADS$OTHERS"

# what must stay refused
line() { grep "^$1|" <<<"$LOADS"; }
eval_args "$(line fw1)" digest=$D2
decides suggest-fw-other-digest suggested.pol DENY "${ARGS[@]}"
eval_args "$(line fw1)" exe=/usr/bin/evil
decides suggest-fw-other-exe suggested.pol DENY "${ARGS[@]}"
eval_args "$(line fw1)" pid1=0
decides suggest-fw-not-pid1 suggested.pol DENY "${ARGS[@]}"
eval_args "$(line fw1)" exe=-
decides suggest-fw-no-exe suggested.pol DENY "${ARGS[@]}"
eval_args "$(line a)" uid=0
decides suggest-tool-other-uid suggested.pol DENY "${ARGS[@]}"
eval_args "$(line a)" digest=$D3
decides suggest-tool-other-digest suggested.pol DENY "${ARGS[@]}"
eval_args "$(line dev1)" pid1=0
decides suggest-process-not-pid1 suggested.pol DENY "${ARGS[@]}"
eval_args "$(line dev1)" digest=$D5
decides suggest-process-new-digest suggested.pol ALLOW "${ARGS[@]}"
eval_args "$(line gen1)" type=xdp
decides suggest-process-other-type suggested.pol DENY "${ARGS[@]}"
eval_args "$(line gen1)" exe=/usr/sbin/gen2
decides suggest-process-other-exe suggested.pol DENY "${ARGS[@]}"
eval_args "$(line space)" digest=$D1
decides suggest-space-other-digest suggested.pol DENY "${ARGS[@]}"
eval_args "$(line view)" type=sched_cls
decides suggest-view-other-type suggested.pol DENY "${ARGS[@]}"
eval_args "$(line signed)" verdict=UNSIGNED
ARGS+=(--verdict UNSIGNED --keyring none)
decides suggest-unsigned-not-signed-rule suggested.pol DENY "${ARGS[@]}"

# options, inputs
check suggest-name-version 0 "$POL" suggest --name fw.v2 --version 1.2.3 audit.log
has suggest-name-version-header suggest-name-version.out '^policy_name=fw\.v2 policy_version=1\.2\.3$'
check suggest-bad-name 2 "$POL" suggest --name 'a b' audit.log
check suggest-bad-version 2 "$POL" suggest --version 1.02 audit.log
check suggest-unknown-option 2 "$POL" suggest --signed-only audit.log
check suggest-stdin 0 "$POL" suggest <audit.log
if cmp -s suggest-stdin.out suggest.out; then pass suggest-stdin-same; else fail suggest-stdin-same "differs from the file's"; fi
head -n 8 audit.log >part1.log
tail -n +9 audit.log >part2.log
check suggest-two-files 0 "$POL" suggest part1.log part2.log
if [ "$(grep -v '^#' suggest-two-files.out)" = "$(grep -v '^#' suggest.out)" ]; then
	pass suggest-two-files-same-rules
else
	fail suggest-two-files-same-rules "differs"
fi
check suggest-missing-file 1 "$POL" suggest no-such.log
check suggest-no-signed 0 "$POL" suggest --no-signed audit.log
cp suggest-no-signed.out nosigned.pol
if grep -q '^verdict=OK keyring=bpfseal' nosigned.pol; then
	fail suggest-no-signed-rule "the signed rule is there"
else
	pass suggest-no-signed-rule
fi
eval_args "$(line signed)"
decides suggest-no-signed-digest-rule nosigned.pol ALLOW "${ARGS[@]}"
check suggest-empty 0 "$POL" suggest /dev/null
check suggest-empty-check 0 "$POL" check suggest-empty.out
has suggest-empty-says suggest-empty.err 'no bpfseal load records'

# many programs of one process: digest rules merged up to the set and line limits
for i in $(seq 1 150); do
	printf 'type=KERNEL_OTHER msg=audit(1.1:%d): op=bpfseal-load verdict=UNSIGNED decision=deny prog_name="p%d" prog_type=xdp attach_type=xdp digest=%064x origin=user scheme=none keyring=none signer_skid=? euid=0 exe="/usr/bin/many" exe_pid1_view=1 pid1=0 cgroup="/" res=0\n' \
		"$i" "$i" "$i"
done >many.log
check suggest-many 0 "$POL" suggest many.log
check suggest-many-check 0 "$POL" check suggest-many.out
n=$(grep -c '^origin=user prog_type=xdp attach_type=xdp digest=' suggest-many.out)
long=$(grep -v '^#' suggest-many.out | awk 'length > 4096' | wc -l)
if [ "$n" -ge 3 ] && [ "$n" -le 4 ] && [ "$long" = 0 ]; then
	pass suggest-many-merged-within-limits
else
	fail suggest-many-merged-within-limits "$n digest rules, $long lines over 4096"
fi
for i in 1 77 150; do
	decides "suggest-many-$i" suggest-many.out ALLOW --prog-type xdp --attach-type xdp \
		--digest "$(printf '%064x' $i)" --exe /usr/bin/many
done
decides suggest-many-151 suggest-many.out DENY --prog-type xdp --attach-type xdp \
	--digest "$(printf '%064x' 151)" --exe /usr/bin/many

echo "policy-cli: $failures failed"
[ "$failures" = 0 ]
