#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The manual pages (make man: build/man/) against what the programs take.
#
# For each tool (bpfseal-sign, bpfseal-policy), from three sources:
#   - its C source: the long options of every struct option table (a table
#     inside cmd_NAME() belongs to command NAME, any other to every
#     command), getopt's short options, and the options main() compares
#     by strcmp() ("-h", "--help"); the commands are its cmd_NAME()s;
#   - its --help output: one block per command ("  NAME ..." and the lines
#     indented under it);
#   - its man page: the options of the OPTIONS section (the term of each
#     entry) and, per command, those of its SYNOPSIS paragraph.
# The source's options must be the page's OPTIONS, and --help's; per
# command, --help and SYNOPSIS must name the same long options, and the
# source too where the tool has a table per command (-h/--help, which
# every command takes, are left out there); and the tool, given any other
# of its long options for that command, must fail naming it. Each missing
# option is named.
#
# For bpfseal(4): every module parameter (module_param*() in module/*.c,
# also through a macro), every file the module creates in securityfs
# (module/control.c), and every audit field and op= value it writes
# (module/*.c) must be in the page, in code type (a `span` or an example),
# in its section: PARAMETERS, SECURITYFS, AUDIT RECORDS.
#
# One "PASS name" / "FAIL name: why" line per check (V=1 also lists what
# was found in module/*.c); exit 0 if all pass,
# 77 (with a SKIP: line) when the pages or the tools are not built and
# cannot be here (no pandoc: make man needs it).
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
MAN=$TOP/build/man
cd "$TOP" || exit 1

for page in bpfseal-sign.1 bpfseal-policy.8 bpfseal.4; do
	[ -e "$MAN/$page" ] && continue
	if command -v pandoc >/dev/null; then
		echo "FAIL build/man/$page: not built (make man)"
		exit 1
	fi
	echo "SKIP: build/man/$page not built (make man needs pandoc)"
	exit 77
done
for tool in bpfseal-sign bpfseal-policy; do
	[ -x "scripts/$tool" ] || { echo "SKIP: scripts/$tool not built (make tools)"; exit 77; }
done

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
failures=0

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }

# --- reading the pages ----------------------------------------------------------

# plain FILE: the roff source with the escapes pandoc writes undone, except
# the font changes (\f[B], \f[CR], ...): "\-" is "-", "\(aq" a quote.
plain() {
	sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' \
		-e 's/\\&//g' -e 's/\\\[[^]]*\]/ /g' -e 's/\\(\(..\)/ /g' "$1"
}

# section FILE TITLE: the lines of section .SH TITLE, from plain().
section() {
	plain "$1" | awk -v t="$2" '
		/^\.SH / { s = $0; sub(/^\.SH +/, "", s); gsub(/"/, "", s); on = (s == t); next }
		on'
}

# nofont: drop font changes.
nofont() { sed -e 's/\\f\[[A-Z]*\]//g' -e 's/\\f[BIRP]//g'; }

# options: the option names (-x, --name) in the text on stdin, one a line,
# sorted and unique. An option starts a word, or follows "[" "(" "|" ",".
options() {
	grep -oE '(^|[][ (|,])--?[a-z][a-z0-9-]*' | sed -E 's/^[^-]//' | sort -u
}

# longs: only the --name ones, without --help.
longs() { grep -E '^--' | grep -vx -- '--help'; }

# page_options PAGE: the terms of the OPTIONS section's entries (the line
# after .TP, in its subsections too).
page_options() {
	section "$1" OPTIONS | nofont | awk 'tp { print; tp = 0 } /^\.TP/ { tp = 1 }' | options
}

# aliases PAGE: "-x --name" for each entry of OPTIONS that names a short
# and a long form.
aliases() {
	local term short long
	section "$1" OPTIONS | nofont | awk 'tp { print; tp = 0 } /^\.TP/ { tp = 1 }' |
		while IFS= read -r term; do
			short=$(options <<<"$term" | grep -E '^-[a-z]' | head -n1)
			long=$(options <<<"$term" | grep -E '^--' | head -n1)
			[ -n "$short" ] && [ -n "$long" ] && echo "$short $long"
		done
	return 0
}

# synopsis PAGE TOOL: one line per SYNOPSIS paragraph, "COMMAND<tab>text"
# (COMMAND "-" for a paragraph without one, such as TOOL --help).
synopsis() {
	section "$1" SYNOPSIS | nofont | awk -v tool="$2" '
		function flush() {
			if (p != "") {
				n = split(p, w, " ")
				cmd = (n >= 2 && w[1] == tool && w[2] !~ /^-/) ? w[2] : "-"
				print cmd "\t" p
			}
			p = ""
		}
		/^\./ { flush(); next }
		{ p = p " " $0 }
		END { flush() }'
}

# code PAGE TITLE: the text in code type in section TITLE: `spans`
# (\f[CR]) and example blocks (.EX to .EE), one a line.
code() {
	section "$1" "$2" | awk '
		/^\.EX/ { ex = 1; next }
		/^\.EE/ { ex = 0; next }
		ex { print "EX " $0; next }
		{ text = text " " $0 }
		END { print "TX " text }' >"$W/code"
	sed -n 's/^EX //p' "$W/code"
	sed -n 's/^TX //p' "$W/code" | grep -oE '\\f\[CR\][^\\]*' | sed 's/^\\f\[CR\]//'
}

# has_word TEXTFILE WORD WORDCHARS: WORD is in TEXTFILE, not as part of a
# longer word (WORDCHARS: what a word is made of, as in a [...] class).
has_word() {
	grep -qE "(^|[^$3])$2([^$3]|\$)" "$1"
}

# compare NAME WHAT_A A_FILE WHAT_B B_FILE: the sorted sets in A_FILE and
# B_FILE are the same; else name what each lacks.
compare() {
	local name=$1 wa=$2 a=$3 wb=$4 b=$5 only_a only_b why=
	only_a=$(comm -23 "$a" "$b" | paste -sd' ')
	only_b=$(comm -13 "$a" "$b" | paste -sd' ')
	[ -n "$only_a" ] && why="in $wa but not in $wb: $only_a"
	[ -n "$only_b" ] && why="${why:+$why; }in $wb but not in $wa: $only_b"
	if [ -z "$why" ]; then
		pass "$name ($(wc -l <"$a") options)"
	else
		fail "$name" "$why"
	fi
}

# --- reading the C sources ----------------------------------------------------------

# source_options FILE...: "SCOPE<tab>option" for every option the sources
# parse; SCOPE is the command NAME inside cmd_NAME(), else "-" (every
# command). Top-level functions start at column 0 and end at "}".
source_options() {
	awk '
		BEGIN { scope = "-" }
		/^[a-z].*[ *][a-z_0-9]+\(/ && !/;[ \t]*$/ {
			fn = $0
			sub(/\(.*/, "", fn)
			sub(/.*[ *]/, "", fn)
			scope = (fn ~ /^cmd_/) ? substr(fn, 5) : "-"
		}
		/^}/ { scope = "-" }
		{
			line = $0
			# { "name", required_argument, ... }: a long option
			if (match(line, /\{ *"[a-z][a-z0-9-]*", *(no|required|optional)_argument/)) {
				o = substr(line, RSTART, RLENGTH)
				sub(/^\{ *"/, "", o); sub(/".*/, "", o)
				print scope "\t--" o
			}
			# getopt_long(argc, argv, "o:h", ...): short options
			if (match(line, /getopt(_long)?\([^,]*,[^,]*, *"[^"]*"/)) {
				s = substr(line, RSTART, RLENGTH)
				sub(/^[^"]*"/, "", s); sub(/"$/, "", s)
				gsub(/:/, "", s)
				for (i = 1; i <= length(s); i++)
					print scope "\t-" substr(s, i, 1)
			}
			# strcmp(argv[i], "--help"): every command takes it
			while (match(line, /strcmp\([^,]*, *"--?[a-z][a-z0-9-]*"\)/)) {
				o = substr(line, RSTART, RLENGTH)
				sub(/^[^"]*"/, "", o); sub(/".*/, "", o)
				print "-\t" o
				line = substr(line, RSTART + RLENGTH)
			}
		}' "$@" | sort -u
}

# source_commands FILE...: the NAME of every cmd_NAME() defined.
source_commands() {
	grep -hoE '^static int cmd_[a-z_0-9]+\(' "$@" | sed -e 's/^static int cmd_//' -e 's/($//' | sort -u
}

# help_blocks TOOL: "COMMAND<tab>line" for each line of TOOL --help under a
# command ("  NAME ..." at indent 2, and the lines indented below it, up
# to a blank or unindented line), "-<tab>line" for the others. Text in
# single quotes is left out: it quotes other commands ('bpftool gen
# skeleton -L -S', 'ausearch ... --raw'), whose options are not the tool's.
help_blocks() {
	"scripts/$1" --help 2>&1 | sed "s/'[^']*'//g" | awk '
		BEGIN { cmd = "-" }
		/^  [a-z]/ { split($0, w, " "); cmd = w[1] }
		/^[^ ]/ || /^$/ { cmd = "-" }
		{ print cmd "\t" $0 }'
}

# --- the tools ----------------------------------------------------------------------

# refuses_foreign TOOL CMD ALL OWN: TOOL CMD given a long option of file ALL
# that is not in file OWN (its own), with a value, fails with a
# message that names the option: no command ignores an option that is not
# its own.
refuses_foreign() {
	local tool=$1 c=$2 o out rc bad=""
	for o in $(comm -23 "$3" "$4"); do
		out=$("scripts/$tool" "$c" "$o" x </dev/null 2>&1)
		rc=$?
		if [ "$rc" = 0 ] || ! grep -qF -- "$o" <<<"$out"; then
			bad="$bad $o (exit $rc: $(head -n1 <<<"$out"))"
		fi
	done
	if [ -z "$bad" ]; then
		pass "$tool/$c/foreign ($(comm -23 "$3" "$4" | wc -l) options not its own refused)"
	else
		fail "$tool/$c/foreign" "options not in its SYNOPSIS that $c does not refuse by name:$bad"
	fi
}

# check_tool TOOL PAGE SOURCE...
check_tool() {
	local tool=$1 page=$2 d=$W/$1 c per_cmd
	shift 2
	mkdir -p "$d"

	source_options "$@" >"$d/src"
	source_commands "$@" >"$d/commands"
	cut -f2 "$d/src" | sort -u >"$d/src.all"
	page_options "$MAN/$page" >"$d/page.all"
	synopsis "$MAN/$page" "$tool" >"$d/synopsis"
	help_blocks "$tool" >"$d/help"
	aliases "$MAN/$page" >"$d/aliases"
	cut -f2 "$d/help" | options >"$d/help.all"

	if [ ! -s "$d/src.all" ] || [ ! -s "$d/commands" ]; then
		fail "$tool/source" "found no options or no cmd_*() in $*: has the option parsing changed?"
		return
	fi

	# every option the source parses, and nothing else, in OPTIONS
	compare "$tool/options" "the source ($*)" "$d/src.all" \
		"OPTIONS of build/man/$page" "$d/page.all"
	# and in --help (which need not mention -h or --help)
	longs <"$d/src.all" >"$d/src.long"
	longs <"$d/help.all" >"$d/help.long"
	compare "$tool/help" "the source" "$d/src.long" "$tool --help" "$d/help.long"
	# every option in SYNOPSIS has an entry in OPTIONS
	cut -f2 "$d/synopsis" | options >"$d/synopsis.all"
	c=$(comm -23 "$d/synopsis.all" "$d/page.all" | paste -sd' ')
	if [ -z "$c" ]; then
		pass "$tool/synopsis-in-options"
	else
		fail "$tool/synopsis-in-options" "in SYNOPSIS of build/man/$page but not in its OPTIONS: $c"
	fi

	# per command: --help, SYNOPSIS, and the source's own table if any
	per_cmd=$(awk -F'\t' '$1 != "-"' "$d/src" | head -n1)
	while read -r c; do
		if ! awk -F'\t' -v c="$c" '$1 == c { f = 1 } END { exit !f }' "$d/synopsis"; then
			fail "$tool/$c" "command $c has no SYNOPSIS paragraph in build/man/$page"
			continue
		fi
		if ! awk -F'\t' -v c="$c" '$1 == c { f = 1 } END { exit !f }' "$d/help"; then
			fail "$tool/$c" "command $c is not in $tool --help"
			continue
		fi
		awk -F'\t' -v c="$c" '$1 == c { print $2 }' "$d/synopsis" | options | longs >"$d/$c.synopsis"
		awk -F'\t' -v c="$c" '$1 == c { print $2 }' "$d/help" | options | longs >"$d/$c.help"
		compare "$tool/$c/help" "$tool --help for $c" "$d/$c.help" \
			"SYNOPSIS of build/man/$page for $c" "$d/$c.synopsis"
		if [ -n "$per_cmd" ]; then
			awk -F'\t' -v c="$c" '$1 == c { print $2 }' "$d/src" | longs | sort -u >"$d/$c.src"
			compare "$tool/$c/source" "the source's cmd_$c()" "$d/$c.src" \
				"SYNOPSIS of build/man/$page for $c" "$d/$c.synopsis"
		fi
		# its own: SYNOPSIS's long options, and the long form of a
		# short one it shows (-o, --out)
		awk -F'\t' -v c="$c" '$1 == c { print $2 }' "$d/synopsis" | options >"$d/$c.synopsis.all"
		awk 'NR == FNR { s[$1]; next } ($1 in s) { print $2 }' "$d/$c.synopsis.all" "$d/aliases" |
			cat - "$d/$c.synopsis" | sort -u >"$d/$c.own"
		refuses_foreign "$tool" "$c" "$d/src.long" "$d/$c.own"
	done <"$d/commands"
	# no SYNOPSIS paragraph for a command the tool does not have
	cut -f1 "$d/synopsis" | grep -vx -- - | sort -u >"$d/synopsis.commands"
	c=$(comm -13 "$d/commands" "$d/synopsis.commands" | paste -sd' ')
	if [ -z "$c" ]; then
		pass "$tool/commands ($(wc -l <"$d/commands") commands)"
	else
		fail "$tool/commands" "in SYNOPSIS of build/man/$page but not a command of $tool: $c"
	fi
}

check_tool bpfseal-sign bpfseal-sign.1 scripts/bpfseal-sign.c \
	scripts/bpfseal-sign-cms.c scripts/bpfseal-sign-skel.c
check_tool bpfseal-policy bpfseal-policy.8 scripts/bpfseal-policy.c

# --- bpfseal(4) ----------------------------------------------------------------------

PAGE4=$MAN/bpfseal.4
M=$W/module
mkdir -p "$M"
# The module's sources on one line each file: calls span lines.
for f in module/*.c; do
	tr '\n\t' '  ' <"$f" | tr -s ' '
	echo
done >"$M/flat"

# expect NAME SECTION WHAT LIST [WORDCHARS]: every word of LIST is in code
# type in SECTION of bpfseal(4).
expect() {
	local name=$1 sec=$2 what=$3 list=$4 chars=${5:-A-Za-z0-9_} w missing='' n=0
	code "$PAGE4" "$sec" >"$M/$name.code"
	if [ ! -s "$M/$name.code" ]; then
		fail "bpfseal.4/$name" "no section $sec in build/man/bpfseal.4, or nothing in code type in it"
		return
	fi
	for w in $list; do
		n=$((n + 1))
		has_word "$M/$name.code" "$w" "$chars" || missing="$missing $w"
	done
	[ -n "${V:-}" ] && echo "    $what: $(echo "$list" | paste -sd' ')"
	if [ "$n" = 0 ]; then
		fail "bpfseal.4/$name" "found no $what in module/*.c: has the code changed?"
	elif [ -n "$missing" ]; then
		fail "bpfseal.4/$name" "$what not in $sec of build/man/bpfseal.4:$missing"
	else
		pass "bpfseal.4/$name ($n $what)"
	fi
}

# Parameters: module_param*(NAME, ...), and the NAME of each use of a
# macro whose body calls module_param*() on its first argument.
params=$(
	grep -oE 'module_param(_named|_cb|_array|_string)? *\( *[a-z][a-z0-9_]*' "$M/flat" |
		sed 's/.*( *//'
	awk '/^#define [A-Z_0-9]+\(/ { name = $2; sub(/\(.*/, "", name); indef = 1 }
		indef && /module_param/ { print name }
		indef && !/\\$/ { indef = 0 }' module/*.c | sort -u |
		while read -r mac; do
			grep -ohE "^$mac\( *[a-z][a-z0-9_]*" module/*.c | sed 's/.*( *//'
		done
)
expect parameters PARAMETERS "module parameters" "$(echo "$params" | sort -u)"

# securityfs: the directory, and each file of control.c's table
# ({ "name", mode, &fops }) or of a securityfs_create_file("name", ...).
files=$({
	grep -oE '\{ *"[a-z_]+", *0[0-7]{3}, *&[a-z_]+ *\}' module/control.c
	grep -oE 'securityfs_create_file\( *"[a-z_]+"' module/*.c
} | grep -oE '"[a-z_]+"' | tr -d '"' | sort -u)
expect securityfs SECURITYFS "securityfs files" "$files"
dir=$(grep -ohE 'securityfs_create_dir\( *"[a-z_]+"' module/*.c | grep -oE '"[a-z_]+"' | tr -d '"')
if [ -n "$dir" ] && grep -q "/sys/kernel/security/$dir/" "$PAGE4"; then
	pass "bpfseal.4/securityfs-dir (/sys/kernel/security/$dir/)"
else
	fail "bpfseal.4/securityfs-dir" "no /sys/kernel/security/${dir:-?}/ in build/man/bpfseal.4"
fi

# Audit fields. The module writes them three ways:
#  1. in audit_log_format()'s format: " name=..." (and "%s_name=" with the
#     prefixes given to log_policy());
#  2. through a helper that takes the field's name, const char *key:
#     log_untrusted(), log_hex(), log_name() (their second argument), and
#     bpfseal_audit_config(op, key, val, key2, val2);
#  3. op=bpfseal-NAME, literally or as bpfseal_audit_config()'s op.
# A new helper of the second kind (in a file that writes audit records)
# fails here until it is taught.
# shellcheck disable=SC2046 # file names without spaces
helpers=$(grep -ohE '^[a-z].*[ *][a-z_0-9]+\([^)]*const char \*key' $(grep -l audit_log_format module/*.c) |
	sed -E 's/\(.*//; s/.*[ *]//' | sort -u)
unknown=$(echo "$helpers" | grep -vxE 'log_untrusted|log_hex|log_name|bpfseal_audit_config')
if [ -n "$unknown" ]; then
	fail "bpfseal.4/audit-helpers" "$(echo "$unknown" | paste -sd' ') take a field name: teach tests/unit/man-options.sh where their callers name fields"
else
	pass "bpfseal.4/audit-helpers ($(echo "$helpers" | paste -sd' '))"
fi
formats=$(grep -oE 'audit_log_format\( *[a-z_]+, *"([^"\\]|\\.)*"' "$M/flat" | sed 's/^[^"]*"//; s/"$//')
prefixes=$(grep -oE 'log_policy\( *[a-z_]+, *"[a-z]+"' "$M/flat" | grep -oE '"[a-z]+"' | tr -d '"' | sort -u)
fields=$({
	# 1. name= after a space or at the start of the format
	echo "$formats" | grep -oE '(^| )[a-z_][a-z0-9_]*=' | tr -d ' ='
	echo "$formats" | grep -oE '%s_[a-z0-9_]+=' | sed 's/^%s_//; s/=$//' |
		while read -r f; do
			for p in $prefixes; do echo "${p}_$f"; done
		done
	# 2. helpers' field names
	grep -oE '(log_untrusted|log_hex|log_name)\( *ab, *[^,]*' "$M/flat" |
		grep -oE '"[a-z_0-9]+"' | tr -d '"'
	# bpfseal_audit_config("OP", "KEY", VAL, "KEY2" or NULL, VAL2)
	grep -oE 'bpfseal_audit_config\( *"[a-z]+", *"[a-z_]+", *[^,]*, *("[a-z_]+"|NULL)' "$M/flat" |
		sed -E 's/^[^"]*"[a-z]+", *"([a-z_]+)", *[^,]*, *"?([a-z_]+|NULL)"?$/\1 \2/' |
		tr ' ' '\n' | grep -vx NULL
} | sort -u)
cfg_ops=$(grep -oE 'bpfseal_audit_config\( *"[a-z]+"' "$M/flat" | grep -oE '"[a-z]+"' | tr -d '"' | sort -u)
expect audit-fields "AUDIT RECORDS" "audit fields" "$fields"

ops=$({
	echo "$formats" | grep -oE 'op=bpfseal-[a-z]+' | sed 's/op=//'
	for o in $cfg_ops; do echo "bpfseal-$o"; done
} | sort -u)
expect audit-ops "AUDIT RECORDS" "op= values" "$ops" 'A-Za-z0-9_-'

echo "man-options: $failures failed"
[ "$failures" = 0 ]
