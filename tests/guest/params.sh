#!/bin/bash
# Module parameters: every invalid value makes insmod fail with a message
# naming the parameter and the accepted values, and leaves no module behind;
# valid values load and read back as given.
. "$(dirname "$0")/lib.sh"

# bad PARAM VALUE: insmod must fail, and say why.
bad() {
	local p=$1 v=$2
	dmesg -C
	if insmod "$KO" "$p=$v" 2>/dev/null; then
		unload_bpfseal
		fail "insmod accepted $p='$v'"
	fi
	[ ! -d /sys/module/bpfseal ] || fail "module left loaded after a refused $p='$v'"
	dmesg | grep -qF "bpfseal: invalid value '$v' for parameter $p: accepted" ||
		fail "no message naming $p for '$v': $(dmesg | grep bpfseal)"
	echo "refused $p='$v': $(dmesg | grep -o "parameter $p: .*")"
}

step "invalid values are refused with a message"
for v in "" Enforce enforced "enforce,off" " off" audit; do bad mode "$v"; done
for v in "" none maybe "ok,ok" "ok," ",ok" "ok,,badsig" "OK" "ok, partialsig"; do bad allow "$v"; done
for v in "" user "bpfseal,bpfseal" "machine" "builtin,"; do bad keyrings "$v"; done
for v in "" yes 1 "deny,allow"; do bad kernel_loads "$v"; done

step "valid values load and read back"
load_bpfseal mode=permissive allow=ok,partialsig keyrings=bpfseal,builtin kernel_loads=allow
P=/sys/module/bpfseal/parameters
[ "$(cat $P/mode)" = permissive ] || fail "mode reads $(cat $P/mode)"
[ "$(cat $P/allow)" = ok,partialsig ] || fail "allow reads $(cat $P/allow)"
[ "$(cat $P/keyrings)" = bpfseal,builtin ] || fail "keyrings reads $(cat $P/keyrings)"
[ "$(cat $P/kernel_loads)" = allow ] || fail "kernel_loads reads $(cat $P/kernel_loads)"
unload_bpfseal

step "defaults"
load_bpfseal
[ "$(cat $P/mode)" = enforce ] || fail "default mode $(cat $P/mode)"
[ "$(cat $P/allow)" = ok ] || fail "default allow $(cat $P/allow)"
[ "$(cat $P/keyrings)" = bpfseal ] || fail "default keyrings $(cat $P/keyrings)"
[ "$(cat $P/kernel_loads)" = deny ] || fail "default kernel_loads $(cat $P/kernel_loads)"
unload_bpfseal
echo PASS
