#!/bin/bash
# tests/bench/decompose.sh: a one-off look at where the time of cases b and
# c goes (docs/performance.md, "(b) unsigned loads"), not part of make
# bench. In one guest, 5 rounds of: no module (audit on, then off), then
# bpfseal loaded with mode=off, permissive (audit on, then off), enforce.
# Prints "STATE POINT NS" lines (u: one unsigned load, lookup: 200,000
# lookups). Run: tests/vm/run --kernel 7.2 -- tests/bench/decompose.sh
. tests/guest/lib.sh
B=$BPFSEAL_BUILD/bench
F=/sys/kernel/security/bpfseal
dmesg -n 5
start_auditd
r() { "$@" | awk -v t="$T" '$1=="RESULT"{print t, $3, $5}'; }
for round in 1 2 3 4 5; do
	T=none; r $B/bench unsigned u 2 100; r $B/bench lookup 1 200000
	auditctl -e 0 >/dev/null; T=none-noaudit; r $B/bench unsigned u 2 100; auditctl -e 1 >/dev/null
	load_bpfseal
	echo off >$F/mode; T=off; r $B/bench unsigned u 2 100; r $B/bench lookup 1 200000
	echo permissive >$F/mode; T=permissive; r $B/bench unsigned u 2 100
	auditctl -e 0 >/dev/null; T=permissive-noaudit; r $B/bench unsigned u 2 100; auditctl -e 1 >/dev/null
	echo enforce >$F/mode; T=enforce; r $B/bench lookup 1 200000
	unload_bpfseal
done
