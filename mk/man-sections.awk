# SPDX-License-Identifier: GPL-2.0-only
#
# man-sections.awk: copy sections of a Markdown document into the body of
# a man page, so that the page and the document have one source. Used by
# mk/man.mk for bpfseal(4), from docs/admin-guide.md:
#
#   awk -v sections='HEADING=TITLE|HEADING=TITLE...' -f mk/man-sections.awk FILE
#
# HEADING is a heading of FILE as written, at any level, without its #s;
# its section runs to the next heading of the same or a higher level.
# TITLE is the man page section (.SH) it becomes. The sections are printed
# in the order given, not in FILE's. A HEADING that FILE does not have is
# an error (exit 1), so renaming one in the document breaks the build
# rather than silently leaving the section out of the page.
#
# On the way: headings under a copied section move up to match (### under
# ## becomes ##, a .SS), and a Markdown link [text](target), which pandoc's
# man writer prints as its text alone, becomes "text (target)". Nothing
# else changes: fenced code blocks are copied as they are.
# POSIX awk (mawk is the build chroot's).

BEGIN {
	failed = 0
	n = split(sections, spec, "|")
	if (n == 0) {
		print "man-sections.awk: no sections= given" > "/dev/stderr"
		failed = 1
		exit 1
	}
	for (i = 1; i <= n; i++) {
		# HEADING=TITLE, split at the last "=" (a title has none)
		eq = 0
		for (j = length(spec[i]); j > 0; j--)
			if (substr(spec[i], j, 1) == "=") {
				eq = j
				break
			}
		if (!eq) {
			print "man-sections.awk: '" spec[i] "' is not HEADING=TITLE" > "/dev/stderr"
			failed = 1
			exit 1
		}
		heading[i] = substr(spec[i], 1, eq - 1)
		title[i] = substr(spec[i], eq + 1)
		want[heading[i]] = i
	}
	cur = 0		# the section being copied (its index in spec), or 0
	infence = 0	# inside a ``` or ~~~ fenced code block
}

# The level of a heading line ("## x" is 2), or 0 for any other line.
function level(line) {
	if (infence || line !~ /^#+[ \t]/)
		return 0
	match(line, /^#+/)
	return RLENGTH
}

# "[text](target)" -> "text (target)"; "[text](#anchor)" -> "text".
function unlink(line,    out, link, text, target, mid) {
	out = ""
	while (match(line, /\[[^]]*\]\([^)]*\)/)) {
		link = substr(line, RSTART, RLENGTH)
		mid = index(link, "](")
		text = substr(link, 2, mid - 2)
		target = substr(link, mid + 2, length(link) - mid - 2)
		out = out substr(line, 1, RSTART - 1) text
		if (target !~ /^#/)
			out = out " (" target ")"
		line = substr(line, RSTART + RLENGTH)
	}
	return out line
}

{
	lv = level($0)
	if (lv) {
		text = $0
		sub(/^#+[ \t]+/, "", text)
		sub(/[ \t]+#*[ \t]*$/, "", text)	# closing #s, if any
		if (cur && lv <= curlevel)
			cur = 0
		if (!cur && (text in want) && !(want[text] in body)) {
			cur = want[text]
			curlevel = lv
			body[cur] = "# " title[cur] "\n"
			next
		}
	}
	if ($0 ~ /^[ \t]*(```|~~~)/)
		infence = !infence
	if (!cur)
		next
	line = $0
	if (lv) {
		# under the copied heading: one level below the page's .SH
		line = " " text
		for (k = lv - curlevel + 1; k > 0; k--)
			line = "#" line
	} else if (!infence) {
		line = unlink(line)
	}
	body[cur] = body[cur] line "\n"
}

END {
	if (failed)
		exit 1
	for (i = 1; i <= n; i++) {
		if (!(i in body)) {
			print "man-sections.awk: " FILENAME " has no section '" heading[i] "'" > "/dev/stderr"
			exit 1
		}
	}
	for (i = 1; i <= n; i++)
		printf "%s\n", body[i]
}
