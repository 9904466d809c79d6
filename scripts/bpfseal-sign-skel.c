// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal-sign: reading and rewriting light skeleton headers made by
 * 'bpftool gen skeleton -L' (optionally -S).
 *
 * Such a header holds, inside NAME__load(), C string literals
 *   static const char opts_data[] __attribute__((__aligned__(8))) = "\
 *   \x..\0...";
 * for the metadata blob (opts_data), the loader instructions (opts_insn)
 * and, when signed, the signature (opts_sig) and the SHA-256 of the
 * instructions the metadata map is made exclusive to (opts_excl_hash).
 * A signed skeleton's struct also has an __s32 keyring_id member and its
 * load function passes signature, hash and keyring to bpf_load_and_run().
 *
 * Signing rewrites opts_sig and opts_excl_hash in place, or, for a header
 * made without -S, inserts them and the lines that use them exactly where
 * bpftool -S would have put them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfseal-sign.h"

struct lit {
	size_t open;	/* offset of the opening quote */
	size_t close;	/* offset of the closing quote */
};

/* Find "static const char NAME[] ... = "..."" and its literal's quotes. */
static int find_lit(const char *text, const char *name, struct lit *l)
{
	char pat[64];
	const char *p, *q;

	snprintf(pat, sizeof(pat), "static const char %s[]", name);
	p = strstr(text, pat);
	if (!p)
		return -ENOENT;
	if (strstr(p + 1, pat)) {
		bs_err("%s is defined twice", name);
		return -EINVAL;
	}
	q = strchr(p, '=');
	if (q)
		q = strchr(q, '"');
	if (!q)
		return -EINVAL;
	l->open = q - text;
	for (q++; *q && *q != '"'; q++)
		if (*q == '\\' && q[1])
			q++;
	if (*q != '"')
		return -EINVAL;
	l->close = q - text;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode the C string literal between the quotes at @l. */
static int decode_lit(const char *text, const struct lit *l,
		      struct bs_buf *out)
{
	const char *p = text + l->open + 1, *end = text + l->close;
	unsigned char *o;
	size_t n = 0;
	int v, d, i;

	o = malloc(end - p + 1);
	if (!o)
		return -ENOMEM;
	while (p < end) {
		if (*p != '\\') {
			if (*p == '\n')
				goto bad;
			o[n++] = *p++;
			continue;
		}
		p++;
		switch (*p) {
		case '\n':		/* line continuation */
			p++;
			continue;
		case 'x':
			p++;
			v = 0;
			for (i = 0; p < end && (d = hexval(*p)) >= 0; i++, p++)
				v = v * 16 + d;
			if (i == 0 || v > 255)
				goto bad;
			o[n++] = v;
			continue;
		case '0' ... '7':
			v = 0;
			for (i = 0; i < 3 && p < end && *p >= '0' && *p <= '7';
			     i++, p++)
				v = v * 8 + (*p - '0');
			if (v > 255)
				goto bad;
			o[n++] = v;
			continue;
		case 'n':
			o[n++] = '\n';
			break;
		case 't':
			o[n++] = '\t';
			break;
		case '\\':
		case '"':
		case '\'':
			o[n++] = *p;
			break;
		default:
			goto bad;
		}
		p++;
	}
	out->data = o;
	out->len = n;
	return 0;
bad:
	free(o);
	return -EINVAL;
}

/* Encode @len bytes the way bpftool's print_hex() does, quotes included. */
static int encode_lit(FILE *f, const unsigned char *data, size_t len)
{
	size_t i, col = 0, w;

	fputs("\"\\\n", f);
	for (i = 0; i < len; i++) {
		w = data[i] ? 4 : 2;
		col += w;
		if (col > 78) {
			fputs("\\\n", f);
			col = w;
		}
		if (data[i])
			fprintf(f, "\\x%02x", data[i]);
		else
			fputs("\\0", f);
	}
	fputc('"', f);
	return ferror(f) ? -EIO : 0;
}

int bs_skel_load(const char *path, struct bs_skel *skel)
{
	struct bs_buf raw;
	struct lit l;
	int err;

	memset(skel, 0, sizeof(*skel));
	if (bs_read_file(path, &raw))
		return -EIO;
	skel->text = realloc(raw.data, raw.len + 1);
	if (!skel->text) {
		free(raw.data);
		return -ENOMEM;
	}
	skel->text[raw.len] = 0;
	skel->len = raw.len;
	if (strlen(skel->text) != skel->len) {
		bs_err("%s: not a text file", path);
		goto bad;
	}
	if (!strstr(skel->text, "bpf_load_and_run(&opts)")) {
		bs_err("%s: not a light skeleton (make it with 'bpftool gen skeleton -L')",
		       path);
		goto bad;
	}
	err = find_lit(skel->text, "opts_insn", &l);
	if (!err)
		err = decode_lit(skel->text, &l, &skel->insns);
	if (!err)
		err = find_lit(skel->text, "opts_data", &l);
	if (!err)
		err = decode_lit(skel->text, &l, &skel->data);
	if (err) {
		bs_err("%s: cannot read opts_insn and opts_data", path);
		goto bad;
	}
	if (!skel->insns.len || skel->insns.len % 8) {
		bs_err("%s: opts_insn is %zu bytes, not BPF instructions", path,
		       skel->insns.len);
		goto bad;
	}
	err = find_lit(skel->text, "opts_sig", &l);
	if (err == -ENOENT)
		return 0;
	if (!err)
		err = decode_lit(skel->text, &l, &skel->sig);
	if (err || find_lit(skel->text, "opts_excl_hash", &l) ||
	    !strstr(skel->text, "__s32 keyring_id;")) {
		bs_err("%s: unreadable opts_sig, or no opts_excl_hash or keyring_id",
		       path);
		goto bad;
	}
	skel->has_sig = true;
	return 0;
bad:
	bs_skel_free(skel);
	return -EINVAL;
}

void bs_skel_free(struct bs_skel *skel)
{
	free(skel->text);
	bs_buf_free(&skel->insns);
	bs_buf_free(&skel->data);
	bs_buf_free(&skel->sig);
	memset(skel, 0, sizeof(*skel));
}

/* An edit: replace text[from, to) by the output of a writer. */
struct edit {
	size_t from, to;
	const char *str;		/* literal text, or */
	const unsigned char *bytes;	/* a string literal of these bytes */
	size_t len;
};

static int cmp_edit(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	return x->from < y->from ? -1 : x->from > y->from;
}

static const char sig_decls_fmt[] =
	";\n\tstatic const char opts_sig[] __attribute__((__aligned__(8))) = ";
static const char excl_decl[] =
	";\n\tstatic const char opts_excl_hash[] __attribute__((__aligned__(8))) = ";
static const char sig_uses[] =
	"\topts.signature = (void *)opts_sig;\n"
	"\topts.signature_sz = sizeof(opts_sig) - 1;\n"
	"\topts.excl_prog_hash = (void *)opts_excl_hash;\n"
	"\topts.excl_prog_hash_sz = sizeof(opts_excl_hash) - 1;\n"
	"\topts.keyring_id = skel->keyring_id;\n";

int bs_skel_write(const struct bs_skel *skel, const struct bs_buf *sig,
		  const unsigned char *excl_hash, const char *out_path)
{
	struct edit ed[8];
	unsigned int n = 0, i;
	const char *t = skel->text, *p;
	struct lit l;
	size_t pos = 0;
	char *out = NULL;
	size_t out_len = 0;
	FILE *f;
	int err;

	if (skel->has_sig) {
		if (find_lit(t, "opts_sig", &l))
			return -EINVAL;
		ed[n++] = (struct edit){ l.open, l.close + 1, NULL,
					 sig->data, sig->len };
		if (find_lit(t, "opts_excl_hash", &l))
			return -EINVAL;
		ed[n++] = (struct edit){ l.open, l.close + 1, NULL, excl_hash,
					 BPFSEAL_SHA256_SIZE };
	} else {
		/* keyring_id: last member of the skeleton struct. */
		p = strstr(t, "\tstruct bpf_loader_ctx ctx;\n");
		p = p ? strstr(p, "\n};\n") : NULL;
		if (!p)
			goto layout;
		pos = p + 1 - t;
		ed[n++] = (struct edit){ .from = pos, .to = pos, .str = "\t__s32 keyring_id;\n" };

		/* opts_sig and opts_excl_hash right after opts_insn. */
		if (find_lit(t, "opts_insn", &l) || t[l.close + 1] != ';')
			goto layout;
		pos = l.close + 1;
		ed[n++] = (struct edit){ .from = pos, .to = pos, .str = sig_decls_fmt };
		ed[n++] = (struct edit){ pos, pos, NULL, sig->data, sig->len };
		ed[n++] = (struct edit){ .from = pos, .to = pos, .str = excl_decl };
		ed[n++] = (struct edit){ pos, pos, NULL, excl_hash,
					 BPFSEAL_SHA256_SIZE };

		/* and their uses before the loader context is set. */
		p = strstr(t, "\topts.ctx = (struct bpf_loader_ctx *)skel;");
		if (!p)
			goto layout;
		pos = p - t;
		ed[n++] = (struct edit){ .from = pos, .to = pos, .str = sig_uses };
	}
	/* Stable sort keeps the insertion order of edits at one offset. */
	for (i = 1; i < n; i++) {
		struct edit e = ed[i];
		unsigned int j = i;

		while (j > 0 && cmp_edit(&ed[j - 1], &e) > 0) {
			ed[j] = ed[j - 1];
			j--;
		}
		ed[j] = e;
	}

	f = open_memstream(&out, &out_len);
	if (!f)
		return -ENOMEM;
	pos = 0;
	for (i = 0; i < n; i++) {
		fwrite(t + pos, 1, ed[i].from - pos, f);
		if (ed[i].str)
			fputs(ed[i].str, f);
		else
			encode_lit(f, ed[i].bytes, ed[i].len);
		pos = ed[i].to;
	}
	fwrite(t + pos, 1, skel->len - pos, f);
	if (fclose(f)) {
		free(out);
		return -EIO;
	}
	err = bs_write_file(out_path, out, out_len);
	free(out);
	return err;
layout:
	bs_err("unexpected light skeleton layout: cannot add the signature");
	return -EINVAL;
}
