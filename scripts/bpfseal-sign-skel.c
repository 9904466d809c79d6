// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal-sign: reading and rewriting light skeleton headers made by
 * 'bpftool gen skeleton -L -S', and telling the ones made without -S.
 *
 * Such a header holds, inside NAME__load(), C string literals
 *   static const char opts_data[] __attribute__((__aligned__(8))) = "\
 *   \x..\0...";
 * for the metadata blob (opts_data), the loader instructions (opts_insn)
 * and, made with -S, the signature (opts_sig) and the SHA-256 of the
 * instructions the metadata map is made exclusive to (opts_excl_hash).
 * A -S skeleton's struct also has an __s32 keyring_id member and its load
 * function passes signature, hash and keyring to bpf_load_and_run().
 *
 * Signing rewrites opts_sig and opts_excl_hash in place. A header made
 * without -S is refused: its loader takes map sizes, initial values and
 * flags from the loader context, which no signature covers
 * (bs_skel_check()).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>

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

/*
 * The loader's context is struct bpf_loader_ctx of skel_internal.h,
 *   { u32 sz; u32 flags; u32 log_level; u32 log_size; u64 log_buf; },
 * followed by one struct bpf_map_desc per map,
 *   { int map_fd; u32 max_entries; u64 initial_value; },
 * then the programs' descriptors; libbpf's gen_loader keeps the pointer to
 * it in R6. A loader made with -S only reads the log fields. One made
 * without -S also reads flags (BPF_SKEL_KERNEL: copy the initial values
 * from kernel memory) and each map's max_entries and initial_value, and
 * copies the initial values with bpf_copy_from_user(): no signature covers
 * any of that, so the caller chooses the signed program's map sizes and
 * contents.
 */
#define CTX_REG		BPF_REG_6
#define CTX_FLAGS	4
#define CTX_LOG		8	/* log_level, log_size, log_buf */
#define CTX_MAPS	24	/* the first struct bpf_map_desc */
#define MAP_DESC_SIZE	16
#define MAX_SHOWN	12	/* context offsets the refusal names */

struct insn {
	unsigned char code, dst, src;
	int off;
	int imm;
};

static struct insn insn_at(const struct bs_buf *insns, size_t i)
{
	const unsigned char *b = insns->data + i * 8;

	return (struct insn){
		.code = b[0], .dst = b[1] & 15, .src = b[1] >> 4,
		.off = (__s16)(b[2] | b[3] << 8),
		.imm = (__s32)((__u32)b[4] | (__u32)b[5] << 8 |
				 (__u32)b[6] << 16 | (__u32)b[7] << 24),
	};
}

static bool is_mov_imm(const struct insn *in, int reg)
{
	return in->code == (BPF_ALU64 | BPF_MOV | BPF_K) && in->dst == reg;
}

static bool is_call(const struct insn *in, int helper)
{
	return in->code == (BPF_JMP | BPF_CALL) && in->src == 0 &&
	       in->imm == helper;
}

static int ldx_size(unsigned char code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	default:
		return 8;
	}
}

/* What the context field at @off is, for the refusal message. */
static void ctx_field(FILE *f, int off)
{
	static const char *const map_field[] = {
		"map_fd", "map_fd", "max_entries", "max_entries",
		"initial_value", "initial_value", "initial_value",
		"initial_value",
	};

	if (off >= CTX_MAPS)
		fprintf(f, "%d (maps[%d].%s)", off,
			(off - CTX_MAPS) / MAP_DESC_SIZE,
			map_field[(off - CTX_MAPS) % MAP_DESC_SIZE / 2]);
	else if (off >= CTX_FLAGS && off < CTX_LOG)
		fprintf(f, "%d (flags)", off);
	else if (off >= 0 && off < CTX_FLAGS)
		fprintf(f, "%d (sz)", off);
	else
		fprintf(f, "%d", off);
}

/*
 * Where the loader reads its context outside the log fields: the lowest
 * MAX_SHOWN such offsets, sorted.
 */
struct ctx_reads {
	int off[MAX_SHOWN];
	unsigned int nr;
	bool more;		/* further offsets not stored */
	bool copies_user;	/* calls bpf_copy_from_user() */
};

static void add_read(struct ctx_reads *r, int off)
{
	unsigned int j, k;

	for (j = 0; j < r->nr && r->off[j] < off; j++)
		;
	if (j < r->nr && r->off[j] == off)
		return;
	if (r->nr == MAX_SHOWN) {
		r->more = true;
		if (j == MAX_SHOWN)
			return;
		r->nr--;
	}
	for (k = r->nr; k > j; k--)
		r->off[k] = r->off[k - 1];
	r->off[j] = off;
	r->nr++;
}

static void find_ctx_reads(const struct bs_buf *insns, struct ctx_reads *r)
{
	size_t n = insns->len / 8, i;
	struct insn in;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < n; i++) {
		in = insn_at(insns, i);
		if (in.code == (BPF_LD | BPF_IMM | BPF_DW)) {
			i++;		/* two slots */
			continue;
		}
		if (is_call(&in, BPF_FUNC_copy_from_user))
			r->copies_user = true;
		if (BPF_CLASS(in.code) != BPF_LDX || in.src != CTX_REG)
			continue;
		if (in.off >= CTX_LOG && in.off + ldx_size(in.code) <= CTX_MAPS)
			continue;
		add_read(r, in.off);
	}
}

static void refuse_ctx(const char *path, const struct ctx_reads *r)
{
	static const char copies[] =
		", and this one also copies user memory with bpf_copy_from_user()";
	char *where = NULL;
	size_t len = 0;
	unsigned int i;
	FILE *f;

	bs_err("%s: refused: its loader takes map sizes, initial values or flags from the loader context, as a light skeleton made without -S does. No signature covers the context: whoever runs the signed loader would choose the sizes and contents of its maps, or have it copy kernel memory into them (BPF_SKEL_KERNEL in flags).",
	       path);
	f = open_memstream(&where, &len);
	if (f) {
		for (i = 0; i < r->nr; i++) {
			fputs(i ? ", " : "", f);
			ctx_field(f, r->off[i]);
		}
		fputs(r->more ? ", ..." : "", f);
		fclose(f);
	}
	bs_err("how it tells: the loader instructions read the context (R6) at offset%s %s; a loader made with -S reads only the log fields (offsets %d to %d)%s.",
	       r->nr > 1 || r->more ? "s" : "", where ? where : "?",
	       CTX_LOG, CTX_MAPS - 1, r->copies_user ? copies : "");
	free(where);
	bs_err("regenerate it with 'bpftool gen skeleton -L -S' (that loader takes map sizes and initial values only from the signed metadata; set sizes and constants in the BPF source) and sign that header.");
}

/*
 * Warn about each map the loader creates with max_entries 0. Each
 * BPF_MAP_CREATE gen_loader emits is
 *   MOV64_IMM R1, BPF_MAP_CREATE
 *   LD_IMM64  R2, blob + attr    (src_reg BPF_PSEUDO_MAP_IDX_VALUE, map 0)
 *   MOV64_IMM R3, attr size
 *   CALL      sys_bpf
 * with the union bpf_attr in the metadata blob. A -S loader creates the map
 * with that max_entries (one made without -S could take it from the
 * context), and the kernel refuses max_entries 0 with EINVAL.
 */
static void warn_zero_max_entries(const struct bs_skel *skel)
{
	const size_t name_end = offsetof(union bpf_attr, map_name) +
				BPF_OBJ_NAME_LEN;
	size_t n = skel->insns.len / 8, i, attr, sz, k;
	struct insn r1, ld, ld2, r3, call;
	char name[BPF_OBJ_NAME_LEN];
	const unsigned char *a;
	__u32 max_entries;

	for (i = 0; i + 5 <= n; i++) {
		r1 = insn_at(&skel->insns, i);
		ld = insn_at(&skel->insns, i + 1);
		ld2 = insn_at(&skel->insns, i + 2);
		r3 = insn_at(&skel->insns, i + 3);
		call = insn_at(&skel->insns, i + 4);
		if (!is_mov_imm(&r1, BPF_REG_1) || r1.imm != BPF_MAP_CREATE ||
		    ld.code != (BPF_LD | BPF_IMM | BPF_DW) ||
		    ld.dst != BPF_REG_2 || ld.src != BPF_PSEUDO_MAP_IDX_VALUE ||
		    ld.imm != 0 || ld2.code || !is_mov_imm(&r3, BPF_REG_3) ||
		    !is_call(&call, BPF_FUNC_sys_bpf))
			continue;
		attr = (__u32)ld2.imm;
		sz = (__u32)r3.imm;
		if (sz < name_end || attr > skel->data.len ||
		    skel->data.len - attr < sz)
			continue;
		a = skel->data.data + attr;
		memcpy(&max_entries, a + offsetof(union bpf_attr, max_entries),
		       sizeof(max_entries));
		if (max_entries)
			continue;
		memcpy(name, a + offsetof(union bpf_attr, map_name),
		       sizeof(name));
		name[sizeof(name) - 1] = 0;
		for (k = 0; name[k]; k++)
			if (name[k] < 0x20 || name[k] > 0x7e)
				name[k] = '?';
		bs_err("warning: map '%s' has max_entries 0: the loader creates it with the size signed here, and the kernel refuses a map of 0 entries (EINVAL), with or without bpfseal. Set max_entries in the BPF source (for a ring buffer: __uint(max_entries, SIZE)), then regenerate and sign the skeleton.",
		       name);
		i += 4;
	}
}

int bs_skel_check(const struct bs_skel *skel, const char *path)
{
	struct ctx_reads r;

	find_ctx_reads(&skel->insns, &r);
	if (r.nr) {
		refuse_ctx(path, &r);
		return -EINVAL;
	}
	if (!skel->has_sig) {
		bs_err("%s: refused: made without -S (no opts_sig, opts_excl_hash or keyring_id, which bpftool writes only with -S). Regenerate it with 'bpftool gen skeleton -L -S' and sign that header.",
		       path);
		return -EINVAL;
	}
	warn_zero_max_entries(skel);
	return 0;
}

/* An edit: replace the literal text[from, to) by a literal of these bytes. */
struct edit {
	size_t from, to;
	const unsigned char *bytes;
	size_t len;
};

int bs_skel_write(const struct bs_skel *skel, const struct bs_buf *sig,
		  const unsigned char *excl_hash, const char *out_path)
{
	struct edit ed[2], tmp;
	const char *t = skel->text;
	struct lit l;
	size_t pos = 0;
	char *out = NULL;
	size_t out_len = 0;
	unsigned int i;
	FILE *f;
	int err;

	if (!skel->has_sig || find_lit(t, "opts_sig", &l)) {
		bs_err("no opts_sig in the header: cannot add the signature");
		return -EINVAL;
	}
	ed[0] = (struct edit){ l.open, l.close + 1, sig->data, sig->len };
	if (find_lit(t, "opts_excl_hash", &l))
		return -EINVAL;
	ed[1] = (struct edit){ l.open, l.close + 1, excl_hash,
			       BPFSEAL_SHA256_SIZE };
	if (ed[1].from < ed[0].from) {
		tmp = ed[0];
		ed[0] = ed[1];
		ed[1] = tmp;
	}

	f = open_memstream(&out, &out_len);
	if (!f)
		return -ENOMEM;
	for (i = 0; i < 2; i++) {
		fwrite(t + pos, 1, ed[i].from - pos, f);
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
}
