# shellcheck shell=bash
# Helpers for guest tests that run in systemd mode (tests/vm/run --systemd;
# a test asks for it with a line "# bench: systemd"). Sourced after
# tests/guest/lib.sh, in the test phase (BPFSEAL_PHASE=test), when the test
# runs as the unit bench-test.service under systemd as PID 1.

# The root has no D-Bus broker: systemctl and systemd-run talk to systemd
# over its private socket. (systemd-run --wait and --pipe insist on a
# broker, so sandbox_run waits through a oneshot start job instead.)
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=/run/systemd/private

# systemd_state_check: the boot finished cleanly: `systemctl
# is-system-running --wait` says running (no failed unit, no job left).
# Prints the state, and the failed units if there are any.
systemd_state_check() {
	local state
	state=$(timeout 300 systemctl is-system-running --wait 2>&1)
	echo "system state: $state"
	if [ "$state" != running ]; then
		systemctl --failed --no-pager --no-legend
		systemctl list-jobs --no-pager --no-legend
		return 1
	fi
	[ -z "$(systemctl --failed --no-legend --plain)" ] || {
		systemctl --failed --no-pager --no-legend
		return 1
	}
}

# bpf_progs_show: the BPF programs loaded now, one a line: id, type, name
# and the processes holding a file descriptor of them or of a link to them
# (from /proc/*/fdinfo; bpftool's own "pids" needs a BPF iterator program
# of its own). A program attached to a cgroup stays loaded through the
# attachment even when no process holds it.
bpf_progs_show() {
	bpftool -j prog show | python3 -c '
import json, sys
held = {}
for line in sys.argv[1].splitlines():
    pid, comm, kind, prog = line.split(" ")
    held.setdefault(int(prog), {}).setdefault("%s(%s)" % (comm, pid), set()).add(kind)
for p in json.load(sys.stdin):
    h = held.get(p["id"], {})
    who = ", ".join("%s [%s fd]" % (k, "+".join(sorted(v))) for k, v in sorted(h.items())) or "no process"
    print("prog %d type %s name %s held by %s" % (p["id"], p["type"], p.get("name", "-"), who))
' "$(bpf_prog_holders)"
}

# bpf_prog_holders: "PID COMM prog|link PROG_ID" for every BPF program or
# link file descriptor open in any process.
bpf_prog_holders() {
	python3 -c '
import os
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        comm = open("/proc/%s/comm" % pid).read().strip().replace(" ", "")
        fds = os.listdir("/proc/%s/fd" % pid)
    except OSError:
        continue
    for fd in fds:
        try:
            link = os.readlink("/proc/%s/fd/%s" % (pid, fd))
            kind = {"anon_inode:bpf-prog": "prog", "anon_inode:bpf_link": "link"}.get(link)
            if not kind:
                continue
            for line in open("/proc/%s/fdinfo/%s" % (pid, fd)):
                if line.startswith("prog_id:"):
                    print(pid, comm, kind, line.split()[1])
        except OSError:
            pass
' | sort -u
}

# BPF program loads as they happen, from boot on: bpf_load_trace_start (in
# the preboot phase, before systemd starts) puts a kprobe event on
# security_bpf_prog_load, recording the program's type and name from the
# load's bpf_attr (prog_type at offset 0, prog_name at 48) with the task;
# bpf_load_trace_show lists them: "COMM[PID] TYPE NAME", one per load
# attempt, in order, including the probes that are unloaded at once.
BPF_LOAD_EVENT=bench_bpf/prog_load
bpf_load_trace_start() {
	local t=/sys/kernel/tracing
	echo "p:$BPF_LOAD_EVENT security_bpf_prog_load type=+0(%si):u32 name=+48(%si):string" \
		>>$t/kprobe_events || return 1
	echo 4096 >$t/buffer_size_kb
	echo 1 >"$t/events/$BPF_LOAD_EVENT/enable"
}
bpf_load_trace_show() {
	local t=/sys/kernel/tracing
	[ -e "$t/events/$BPF_LOAD_EVENT/enable" ] || { echo "no trace of BPF loads (bpf_load_trace_start not run)"; return 1; }
	sed -n 's/^ *\(.*\)-\([0-9]*\) .* prog_load: ([^)]*) type=\([0-9]*\) name="\(.*\)"$/\1[\2] \3 \4/p' $t/trace |
		while read -r who type name; do
			echo "$who $(bpf_prog_type_name "$type") ${name:-(no name)}"
		done
}

# bpf_prog_type_name N: the name of BPF program type N (enum bpf_prog_type).
bpf_prog_type_name() {
	local names=(unspec socket_filter kprobe sched_cls sched_act tracepoint xdp
		perf_event cgroup_skb cgroup_sock lwt_in lwt_out lwt_xmit sock_ops sk_skb
		cgroup_device sk_msg raw_tracepoint cgroup_sock_addr lwt_seg6local
		lirc_mode2 sk_reuseport flow_dissector cgroup_sysctl
		raw_tracepoint_writable cgroup_sockopt tracing struct_ops ext lsm
		sk_lookup syscall netfilter)
	echo "${names[$1]:-type$1}"
}

# bpf_loads_seen: every BPF program load of this boot that the audit
# subsystem recorded (BPF op=LOAD with its bpf() SYSCALL record), as
# "prog-id N by COMM (pid P, exe E)", from the audit log (auditd) and, for
# the loads before auditd started, the kernel log (rate limited: some may
# be missing there).
bpf_loads_seen() {
	{
		dmesg | sed -n 's/^\[[^]]*\] audit: //p'
		sed 's/^\(type=[A-Z]*\) msg=/\1 /; s/\x1d.*//' /var/log/audit/audit.log 2>/dev/null |
			sed 's/^type=BPF /type=1334 /; s/^type=SYSCALL /type=1300 /'
	} | awk '
		match($0, /audit\([0-9.]+:[0-9]+\)/) { key = substr($0, RSTART, RLENGTH) }
		/^type=1334 .*op=LOAD/ { match($0, /prog-id=[0-9]+/); load[key] = substr($0, RSTART + 8, RLENGTH - 8) }
		/^type=1300 .*syscall=321/ {
			c = $0; sub(/.* comm="/, "", c); sub(/".*/, "", c)
			p = $0; sub(/.* pid=/, "", p); sub(/ .*/, "", p)
			e = $0; sub(/.* exe="/, "", e); sub(/".*/, "", e)
			who[key] = c " (pid " p ", exe " e ")"
		}
		END { for (k in load) if (!(k in seen)) { seen[k] = 1; print load[k] "\t" (k in who ? who[k] : "?") } }
	' | sort -n -u | sed 's/^\([0-9]*\)\t/prog-id \1 by /'
}

# systemd_filters_check: `bpftool cgroup tree`, and journald's and udevd's
# own IP filters (their units have IPAddressDeny=any): a cgroup_skb
# ingress and egress program attached to each one's cgroup.
systemd_filters_check() {
	local tree unit cg ok=0
	tree=$(bpftool cgroup tree 2>&1)
	echo "$tree"
	for unit in systemd-journald.service systemd-udevd.service; do
		cg=$(systemctl show -P ControlGroup "$unit")
		if [ -z "$cg" ]; then
			echo "filters of $unit: the unit has no cgroup (not running?)"
			ok=1
			continue
		fi
		if bpftool cgroup show "/sys/fs/cgroup$cg" | grep -q 'cgroup_inet_ingress.*sd_fw_ingress' &&
			bpftool cgroup show "/sys/fs/cgroup$cg" | grep -q 'cgroup_inet_egress.*sd_fw_egress'; then
			echo "filters of $unit: sd_fw_ingress and sd_fw_egress attached to $cg"
		else
			echo "filters of $unit: missing on $cg: $(bpftool cgroup show "/sys/fs/cgroup$cg" 2>&1 | tr '\n' ' ')"
			ok=1
		fi
	done
	return $ok
}

# sandbox_run NAME PROPERTY... -- CMD...: run CMD as the transient unit NAME
# with the properties (none: the control) and wait for it; prints its end
# as "exit N" (N >= 200: systemd itself failed to set the unit up, see
# systemd.exec(5)), "signal N" or "failed to start (...)". Its output is in
# the journal (journalctl -u NAME).
sandbox_run() {
	local name=$1 props=() out code status
	shift
	while [ "$1" != -- ]; do props+=(-p "$1"); shift; done
	shift
	# A oneshot's start job ends when CMD does; systemd-run waits for it.
	# RemainAfterExit keeps the result readable afterwards.
	out=$(timeout 120 systemd-run --quiet --unit="$name" --service-type=oneshot \
		--remain-after-exit "${props[@]}" -- "$@" 2>&1 </dev/null)
	code=$(systemctl show -P ExecMainCode "$name" 2>/dev/null)
	status=$(systemctl show -P ExecMainStatus "$name" 2>/dev/null)
	case $code in
	1) echo "exit $status" ;;
	2 | 3) echo "signal $status" ;;
	*) echo "failed to start ($(echo "$out" | head -n1))" ;;
	esac
	systemctl stop "$name" 2>/dev/null
	systemctl reset-failed "$name" 2>/dev/null
	return 0
}

# sandbox_progs NAME PROPERTY...: the BPF programs a unit with these
# properties gets, as "ID TYPE NAME (ATTACH_TYPE) by LOADER" separated by
# "; ": a transient unit NAME running sleep is started, the programs loaded
# meanwhile and those attached to its cgroup are listed, the unit stopped.
# (The cgroup of a finished unit is gone, with its programs.) A sandbox
# that adds no program of its own says "none new".
sandbox_progs() {
	local name=$1 props=() p before
	shift
	for p; do props+=(-p "$p"); done
	before=$(bpftool -j prog show | python3 -c 'import json, sys; print(max([p["id"] for p in json.load(sys.stdin)] + [0]))')
	if ! timeout 60 systemd-run --quiet --unit="$name" "${props[@]}" -- sleep 120 </dev/null >/dev/null 2>&1; then
		echo "the probe unit did not start"
		systemctl stop "$name" 2>/dev/null
		systemctl reset-failed "$name" 2>/dev/null
		return 0
	fi
	bpftool -j prog show | python3 -c '
import json, sys
before, cgroup, loads = int(sys.argv[1]), sys.argv[2], sys.argv[3]
attach = {}
for line in cgroup.splitlines()[1:]:
    f = line.split()
    if f and f[0].isdigit():
        attach[int(f[0])] = f[1]
who = {}
for line in loads.splitlines():
    f = line.split(" by ", 1)
    who[int(f[0].split()[1])] = f[1]
out = []
for p in json.load(sys.stdin):
    if p["id"] > before or p["id"] in attach:
        out.append("%d %s %s%s%s" % (p["id"], p["type"], p.get("name", "-"),
            " (%s)" % attach[p["id"]] if p["id"] in attach else " (not attached to the unit)",
            " by " + who[p["id"]] if p["id"] in who else ""))
print("; ".join(out) or "none new")
' "$before" "$(bpftool cgroup show "/sys/fs/cgroup/system.slice/$name.service" 2>/dev/null)" "$(bpf_loads_seen)"
	systemctl stop "$name" 2>/dev/null
	systemctl reset-failed "$name" 2>/dev/null
	return 0
}

# The seven sandboxes of systemd that are BPF programs, each with a command
# that fails under the property on a plain boot and succeeds without it:
# "NAME|PROPERTIES (;-separated)|COMMAND (run by bash -c)". The root has
# no ping, socat or nc of its own: ping is busybox's (a raw ICMP socket as
# root), UDP is bash's /dev/udp and the bind is python3's.
SANDBOXES=(
	# cgroup_skb egress drops the echo request: sendto() gets EPERM.
	"ip-deny-icmp|IPAddressDeny=any|busybox ping -c1 -W1 127.0.0.1"
	# The same filter on a UDP datagram to the discard port of lo
	# (nobody listens; without the filter the send still succeeds).
	"ip-deny-udp|IPAddressDeny=any|echo x >/dev/udp/127.0.0.1/9"
	# cgroup_device: opening /dev/zero is refused (EPERM), /dev/null
	# (stdin) is allowed.
	"device-policy|DevicePolicy=strict;DeviceAllow=/dev/null|head -c1 /dev/zero"
	# The LSM program of RestrictFileSystems=, as an allow-list: the
	# root's file systems, ext4 on a usual machine, here overlayfs and
	# under it 9p (systemd's name: v9fs), which the executable's open
	# also meets (with ext4 alone exec fails: 203/EXEC, systemd's failure,
	# not the command's). proc is not allowed: reading /proc/self/status
	# is refused (EPERM).
	"fs-allow-list|RestrictFileSystems=ext4 overlay v9fs|cat /proc/self/status"
	# The same program as a deny-list.
	"fs-deny-proc|RestrictFileSystems=~proc|cat /proc/self/status"
	# cgroup/bind4: bind() to a port is refused (EPERM).
	"socket-bind-deny|SocketBindDeny=any|python3 -c 'import socket; socket.socket().bind((\"127.0.0.1\", 4242))'"
	# cgroup_skb by interface: lo is the guest's only interface, so deny
	# it: the ping's sendto() gets EPERM.
	"netif-deny-lo|RestrictNetworkInterfaces=~lo|busybox ping -c1 -W1 127.0.0.1"
)

# sandboxes_check: run each sandbox with its property and without it (the
# same command) and print one line per sandbox,
#   sandbox NAME held|not-held (with: RESULT, without: RESULT)
# then "sandboxes: N of 7 held". Held: with the property the command ran
# and failed (exit 1 to 199, not a failure of systemd to set the unit up),
# without it it succeeded. Under each line: the property and command, the
# command's last line of output with the property and (unless
# SANDBOX_PROGS=0) the programs the property brings (sandbox_progs).
# Returns non-zero unless all held.
sandboxes_check() {
	local entry name props cmd with without held=0 total=0 p
	local -a pa
	for entry in "${SANDBOXES[@]}"; do
		IFS='|' read -r name props cmd <<<"$entry"
		IFS=';' read -r -a pa <<<"$props"
		total=$((total + 1))
		with=$(sandbox_run "bench-sb-$name-with" "${pa[@]}" -- bash -c "$cmd")
		without=$(sandbox_run "bench-sb-$name-without" -- bash -c "$cmd")
		if [[ $with =~ ^exit\ ([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" -ge 1 ] &&
			[ "${BASH_REMATCH[1]}" -lt 200 ] && [ "$without" = "exit 0" ]; then
			held=$((held + 1))
			p=held
		else
			p=not-held
		fi
		echo "sandbox $name $p (with: $with, without: $without)"
		echo "    $props: $cmd"
		# The command's own last words with the property.
		journalctl -q -b -o cat _SYSTEMD_UNIT="bench-sb-$name-with.service" 2>/dev/null |
			tail -n 1 | sed 's/^/    with: /'
		[ "${SANDBOX_PROGS:-1}" = 1 ] &&
			echo "    programs: $(sandbox_progs "bench-sb-$name-probe" "${pa[@]}")"
	done
	echo "sandboxes: $held of $total held"
	[ "$held" = "$total" ]
}
