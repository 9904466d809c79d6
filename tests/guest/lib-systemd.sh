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
# and the processes holding them (from /proc/*/fdinfo: bpftool's own "pids"
# needs a BPF iterator of its own, and programs attached to a cgroup are
# held by the attachment, not only by a file descriptor).
bpf_progs_show() {
	local holders
	holders=$(bpf_prog_holders)
	bpftool -j prog show | python3 -c '
import json, sys
holders = {}
for line in sys.argv[1].splitlines():
    pid, comm, kind, pid_ = line.split(" ")
    holders.setdefault(int(pid_), set()).add("%s(%s)%s" % (comm, pid, "" if kind == "prog" else " via a " + kind))
for p in json.load(sys.stdin):
    h = ",".join(sorted(holders.get(p["id"], ()))) or "-"
    print("prog %d type %s name %s held by %s" % (p["id"], p["type"], p.get("name", "-"), h))
' "$holders"
}

# bpf_prog_holders: "PID COMM prog|link PROG_ID" for every BPF program or
# link file descriptor open in any process.
bpf_prog_holders() {
	local fd pid link id kind
	for fd in /proc/[0-9]*/fd/*; do
		link=$(readlink "$fd" 2>/dev/null) || continue
		case $link in
		anon_inode:bpf-prog) kind=prog ;;
		anon_inode:bpf_link) kind=link ;;
		*) continue ;;
		esac
		pid=${fd#/proc/}
		pid=${pid%%/*}
		id=$(sed -n 's/^prog_id:[[:space:]]*//p' "/proc/$pid/fdinfo/${fd##*/}" 2>/dev/null)
		[ -n "$id" ] && echo "$pid $(tr -d ' ' <"/proc/$pid/comm") $kind $id"
	done | sort -u
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

# The seven sandboxes of systemd that are BPF programs, each with a command
# that fails under the property on a plain boot and succeeds without it:
# "NAME|PROPERTIES (;-separated)|COMMAND (run by bash -c)". The root has no ping, socat or
# nc of its own: ping is busybox's (a raw ICMP socket as root), UDP is
# bash's /dev/udp and the bind is python3's.
SANDBOXES=(
	# cgroup_skb egress drops the echo request: sendto() gets EPERM.
	"ip-deny-icmp|IPAddressDeny=any|busybox ping -c1 -W1 127.0.0.1"
	# The same filter on a UDP datagram to the discard port of lo
	# (nobody listens; without the filter the send still succeeds).
	"ip-deny-udp|IPAddressDeny=any|echo x >/dev/udp/127.0.0.1/9"
	# cgroup_device: opening /dev/zero is refused (EPERM), /dev/null
	# (stdin) is allowed.
	"device-policy|DevicePolicy=strict;DeviceAllow=/dev/null|head -c1 /dev/zero"
	# The LSM program of RestrictFileSystems=, as an allow-list. The guest's
	# root is overlayfs (ext4 on a usual machine): allowed, with the
	# devtmpfs of /dev/null (stdin), so that the command starts; proc is
	# not allowed, so reading /proc/self/status is refused (EPERM).
	"fs-allow-list|RestrictFileSystems=overlay devtmpfs|cat /proc/self/status"
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
# without it it succeeded. Returns non-zero unless all held.
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
		journalctl -q -b -o cat -u "bench-sb-$name-with.service" 2>/dev/null |
			grep -v -e '^Finished ' -e '^Starting ' -e 'Deactivated successfully' \
				-e '^Stopped ' -e 'Consumed .* CPU time' | head -n 3 | sed 's/^/    with: /'
	done
	echo "sandboxes: $held of $total held"
	[ "$held" = "$total" ]
}
