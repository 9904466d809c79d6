// SPDX-License-Identifier: GPL-2.0-only
/*
 * Table-driven tests of the shared signature walker
 * (include/bpfseal/sigparse.h). Each case builds a PKCS#7 SignedData from a
 * small description (DER written here, no crypto: the walker never checks
 * the signature bytes), parses it and compares the return value, the
 * verdict it maps to and the map table. Built with ASan and UBSan.
 *
 *   sigparse_test                     run the table
 *   sigparse_test --write-corpus DIR  also write each input to DIR/NAME.der
 *                                     (fuzzing seeds)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpfseal/sigparse.h>

/* --- a tiny DER writer ------------------------------------------------- */

struct b {
	unsigned char *p;
	size_t n;
};

static struct b raw(const void *p, size_t n)
{
	struct b r = { malloc(n ? n : 1), n };

	if (!r.p)
		abort();
	if (n && p)
		memcpy(r.p, p, n);
	return r;
}

static struct b none(void)
{
	return raw(NULL, 0);
}

/* Concatenate @k buffers, freeing them. */
static struct b catv(int k, struct b *v)
{
	size_t n = 0, off = 0;
	struct b r;
	int i;

	for (i = 0; i < k; i++)
		n += v[i].n;
	r = raw(NULL, n);
	for (i = 0; i < k; i++) {
		if (v[i].n)
			memcpy(r.p + off, v[i].p, v[i].n);
		off += v[i].n;
		free(v[i].p);
	}
	return r;
}

#define CAT(...) catv(sizeof((struct b[]){ __VA_ARGS__ }) / sizeof(struct b), \
		      (struct b[]){ __VA_ARGS__ })

/* Tag, length, value; frees @v. */
static struct b tlv(unsigned char tag, struct b v)
{
	unsigned char h[4] = { tag };
	size_t hl;

	if (v.n < 0x80) {
		h[1] = v.n;
		hl = 2;
	} else if (v.n < 0x100) {
		h[1] = 0x81;
		h[2] = v.n;
		hl = 3;
	} else {
		h[1] = 0x82;
		h[2] = v.n >> 8;
		h[3] = v.n;
		hl = 4;
	}
	return CAT(raw(h, hl), v);
}

static struct b dup(struct b v)
{
	return raw(v.p, v.n);
}

static struct b fill(unsigned char c, size_t n)
{
	struct b r = raw(NULL, n);

	memset(r.p, c, n);
	return r;
}

static const unsigned char OID_SD[] = BPFSEAL_OID_SIGNED_DATA;
static const unsigned char OID_DATA[] = BPFSEAL_OID_DATA;
static const unsigned char OID_CT[] = BPFSEAL_OID_CONTENT_TYPE;
static const unsigned char OID_MD[] = BPFSEAL_OID_MESSAGE_DIGEST;
static const unsigned char OID_ST[] = BPFSEAL_OID_SIGNING_TIME;
static const unsigned char OID_SHA256[] = BPFSEAL_OID_SHA256;
static const unsigned char OID_HORNET[] = BPFSEAL_OID_HORNET;
/* sha1 1.3.14.3.2.26, rsaEncryption 1.2.840.113549.1.1.1, CN */
static const unsigned char OID_SHA1[] = "\x2b\x0e\x03\x02\x1a";
static const unsigned char OID_RSA[] = "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01";
static const unsigned char OID_CN[] = "\x55\x04\x03";
/* Hornet OID with its last byte changed. */
static const unsigned char OID_NEAR_HORNET[] =
	"\x69\x83\xdc\x99\x9e\xf8\xf5\xe6\x9a\x9e"
	"\xb5\xba\xc6\xac\xad\x9b\xfe\xf7\xda\x19";

static struct b oid(const unsigned char *o, size_t n)
{
	return tlv(BPFSEAL_DER_OID, raw(o, n));
}

#define OID(x) oid(x, sizeof(x) - 1)

/* --- what a case builds -------------------------------------------------- */

#define MAX_ENT 70

struct ent {
	unsigned char idx[3];
	size_t idx_len;		/* 0 means 1 */
	size_t hash_len;	/* hash bytes; default 32 */
	bool hash_len_set;
};

struct spec {
	int signers;		/* SignerInfos; default 1 (set -1 for 0) */
	bool skid;
	bool no_attrs;		/* no signed attributes at all */
	bool no_ct, no_md, no_st;
	bool ct_not_data;
	int md_len;		/* default 32 */
	bool sha1;
	bool not_signed_data, encap_not_data, attached;
	bool with_certs;
	bool no_hornet, hornet_twice, hornet_two_values;
	const unsigned char *hornet_oid;	/* default BPFSEAL_OID_HORNET */
	size_t hornet_oid_len;
	int nr_ent;
	bool auto_ent;		/* entries 0..nr_ent-1, 32-byte hashes */
	struct ent ent[MAX_ENT];
	bool set_garbage;	/* a stray INTEGER inside the SET OF */
	bool entry_extra;	/* a third element in an entry */
	bool unsigned_attrs;
	size_t trailing;	/* bytes after the ContentInfo */
};

static struct b build_hornet(const struct spec *s)
{
	struct b ents = none(), v, set;
	int i;

	for (i = 0; i < s->nr_ent; i++) {
		const struct ent *e = &s->ent[i];
		unsigned char idx = i;
		struct b in, h;

		if (s->auto_ent)
			in = raw(&idx, 1);
		else
			in = raw(e->idx, e->idx_len ? e->idx_len : 1);
		h = fill(0xa0 + (i & 15),
			 s->auto_ent || !e->hash_len_set ? 32 : e->hash_len);
		v = CAT(tlv(BPFSEAL_DER_INTEGER, in), tlv(BPFSEAL_DER_OCTET, h));
		if (s->entry_extra && i == 0)
			v = CAT(v, tlv(BPFSEAL_DER_NULL, none()));
		ents = CAT(ents, tlv(BPFSEAL_DER_SEQ, v));
	}
	if (s->set_garbage)
		ents = CAT(ents, tlv(BPFSEAL_DER_INTEGER, fill(1, 1)));
	set = tlv(BPFSEAL_DER_SEQ, tlv(BPFSEAL_DER_SET, ents));
	if (s->hornet_two_values)
		set = CAT(set, dup(set));
	return tlv(BPFSEAL_DER_SEQ,
		   CAT(s->hornet_oid ? oid(s->hornet_oid, s->hornet_oid_len) :
				       OID(OID_HORNET),
		       tlv(BPFSEAL_DER_SET, set)));
}

static struct b build(const struct spec *s)
{
	static const char when[] = "260101000000Z";
	struct b attrs = none(), sid, si, signers = none(), hornet, sd, ci;
	int i, nsig = s->signers ? (s->signers < 0 ? 0 : s->signers) : 1;

	if (!s->no_ct)
		attrs = CAT(attrs, tlv(BPFSEAL_DER_SEQ, CAT(OID(OID_CT),
			tlv(BPFSEAL_DER_SET, s->ct_not_data ? OID(OID_SD) :
							      OID(OID_DATA)))));
	if (!s->no_st)
		attrs = CAT(attrs, tlv(BPFSEAL_DER_SEQ, CAT(OID(OID_ST),
			tlv(BPFSEAL_DER_SET, tlv(BPFSEAL_DER_UTCTIME,
						 raw(when, 13))))));
	if (!s->no_md)
		attrs = CAT(attrs, tlv(BPFSEAL_DER_SEQ, CAT(OID(OID_MD),
			tlv(BPFSEAL_DER_SET, tlv(BPFSEAL_DER_OCTET,
				fill(0x5a, s->md_len ? s->md_len : 32))))));
	if (!s->no_hornet) {
		hornet = build_hornet(s);
		if (s->hornet_twice)
			attrs = CAT(attrs, dup(hornet));
		attrs = CAT(attrs, hornet);
	}

	if (s->skid)
		sid = tlv(BPFSEAL_DER_CTX0_PRIM, fill(0x11, 20));
	else
		sid = tlv(BPFSEAL_DER_SEQ, CAT(
			tlv(BPFSEAL_DER_SEQ, tlv(BPFSEAL_DER_SET,
				tlv(BPFSEAL_DER_SEQ, CAT(OID(OID_CN),
					tlv(0x0c, raw("test", 4)))))),
			tlv(BPFSEAL_DER_INTEGER, fill(0x42, 8))));
	si = tlv(BPFSEAL_DER_SEQ, CAT(
		tlv(BPFSEAL_DER_INTEGER, fill(s->skid ? 3 : 1, 1)),
		sid,
		tlv(BPFSEAL_DER_SEQ, CAT(s->sha1 ? OID(OID_SHA1) :
						   OID(OID_SHA256),
					 tlv(BPFSEAL_DER_NULL, none()))),
		s->no_attrs ? (free(attrs.p), none()) :
			      tlv(BPFSEAL_DER_CTX0, attrs),
		tlv(BPFSEAL_DER_SEQ, CAT(OID(OID_RSA),
					 tlv(BPFSEAL_DER_NULL, none()))),
		tlv(BPFSEAL_DER_OCTET, fill(0x77, 256)),
		s->unsigned_attrs ? tlv(BPFSEAL_DER_CTX1, none()) : none()));
	for (i = 0; i < nsig; i++)
		signers = CAT(signers, dup(si));
	free(si.p);

	sd = tlv(BPFSEAL_DER_SEQ, CAT(
		tlv(BPFSEAL_DER_INTEGER, fill(1, 1)),
		tlv(BPFSEAL_DER_SET, tlv(BPFSEAL_DER_SEQ, OID(OID_SHA256))),
		tlv(BPFSEAL_DER_SEQ, CAT(
			s->encap_not_data ? OID(OID_SD) : OID(OID_DATA),
			s->attached ? tlv(BPFSEAL_DER_CTX0,
					  tlv(BPFSEAL_DER_OCTET, fill(1, 8))) :
				      none())),
		s->with_certs ? tlv(BPFSEAL_DER_CTX0, fill(0, 0)) : none(),
		tlv(BPFSEAL_DER_SET, signers)));
	ci = tlv(BPFSEAL_DER_SEQ, CAT(
		s->not_signed_data ? OID(OID_DATA) : OID(OID_SD),
		tlv(BPFSEAL_DER_CTX0, sd)));
	if (s->trailing)
		ci = CAT(ci, fill(0, s->trailing));
	return ci;
}

/* --- the table ----------------------------------------------------------- */

enum mut {
	MUT_NONE,
	MUT_INDEFINITE,		/* outer length -> 0x80 */
	MUT_NONMINIMAL,		/* a short length rewritten as 0x81 NN */
	MUT_HIGH_TAG,		/* first tag -> 0x1f (multi-byte tag) */
	MUT_LEN_OVERRUN,	/* outer length one more than present */
	MUT_OVERSIZE,		/* pad to BPFSEAL_MAX_SIG_SIZE + 1 */
};

struct tcase {
	const char *name;
	struct spec s;
	enum mut mut;
	int err;
	int verdict;
	int nr_maps;		/* checked when err is 0; -1: skip */
};

#define E(i) { .idx = { i } }

static const struct tcase cases[] = {
	{ "good-one-map", { .nr_ent = 1, .auto_ent = true }, 0, 0,
	  BPFSEAL_VERDICT_OK, 1 },
	{ "good-skid", { .skid = true, .nr_ent = 1, .auto_ent = true }, 0, 0,
	  BPFSEAL_VERDICT_OK, 1 },
	{ "good-no-entries", { .nr_ent = 0 }, 0, 0, BPFSEAL_VERDICT_OK, 0 },
	{ "good-63-entries", { .nr_ent = 63, .auto_ent = true }, 0, 0,
	  BPFSEAL_VERDICT_OK, 63 },
	{ "good-empty-hash-skips",
	  { .nr_ent = 2, .ent = { E(0), { .idx = { 1 }, .hash_len_set = true,
					   .hash_len = 0 } } },
	  0, 0, BPFSEAL_VERDICT_OK, 2 },
	{ "good-index-127", { .nr_ent = 1, .ent = { E(127) } }, 0, 0,
	  BPFSEAL_VERDICT_OK, 1 },
	{ "good-no-signing-time", { .no_st = true, .nr_ent = 1,
				    .auto_ent = true },
	  0, 0, BPFSEAL_VERDICT_OK, 1 },
	{ "good-unsigned-attrs", { .unsigned_attrs = true, .nr_ent = 1,
				   .auto_ent = true },
	  0, 0, BPFSEAL_VERDICT_OK, 1 },
	{ "good-embedded-certs", { .with_certs = true, .nr_ent = 1,
				   .auto_ent = true },
	  0, 0, BPFSEAL_VERDICT_OK, 1 },
	{ "partial-no-signed-attrs", { .no_attrs = true }, 0, -ENODATA,
	  BPFSEAL_VERDICT_PARTIALSIG, -1 },
	{ "partial-no-hornet-attr", { .no_hornet = true }, 0, -ENODATA,
	  BPFSEAL_VERDICT_PARTIALSIG, -1 },
	{ "partial-wrong-attr-oid",
	  { .hornet_oid = OID_NEAR_HORNET,
	    .hornet_oid_len = sizeof(OID_NEAR_HORNET) - 1, .nr_ent = 1,
	    .auto_ent = true },
	  0, -ENODATA, BPFSEAL_VERDICT_PARTIALSIG, -1 },
	{ "bad-two-signerinfos", { .signers = 2, .nr_ent = 1, .auto_ent = true },
	  0, -ENOTUNIQ, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-no-signerinfo", { .signers = -1 }, 0, -ENOTUNIQ,
	  BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-missing-content-type", { .no_ct = true, .nr_ent = 1,
					.auto_ent = true },
	  0, -ENOMSG, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-missing-message-digest", { .no_md = true, .nr_ent = 1,
					  .auto_ent = true },
	  0, -ENOMSG, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-short-message-digest", { .md_len = 20, .nr_ent = 1,
					.auto_ent = true },
	  0, -ENOMSG, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-content-type-attr-not-data", { .ct_not_data = true },
	  0, -EPROTONOSUPPORT, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-digest-sha1", { .sha1 = true, .nr_ent = 1, .auto_ent = true },
	  0, -ENOPKG, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-not-signed-data", { .not_signed_data = true }, 0,
	  -EPROTONOSUPPORT, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-encap-not-data", { .encap_not_data = true }, 0,
	  -EPROTONOSUPPORT, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-content-attached", { .attached = true }, 0, -EPROTONOSUPPORT,
	  BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-index-128", { .nr_ent = 1, .ent = { E(0x80) } }, 0, -ERANGE,
	  BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-index-255", { .nr_ent = 1, .ent = { E(0xff) } }, 0, -ERANGE,
	  BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-index-two-bytes",
	  { .nr_ent = 1, .ent = { { .idx = { 0, 5 }, .idx_len = 2 } } },
	  0, -ERANGE, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-index-200-two-bytes",
	  { .nr_ent = 1, .ent = { { .idx = { 0, 200 }, .idx_len = 2 } } },
	  0, -ERANGE, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-hash-31-bytes",
	  { .nr_ent = 1, .ent = { { .hash_len_set = true, .hash_len = 31 } } },
	  0, -EMSGSIZE, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-hash-33-bytes",
	  { .nr_ent = 1, .ent = { { .hash_len_set = true, .hash_len = 33 } } },
	  0, -EMSGSIZE, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-hash-64-bytes",
	  { .nr_ent = 1, .ent = { { .hash_len_set = true, .hash_len = 64 } } },
	  0, -EMSGSIZE, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-64-entries", { .nr_ent = 64, .auto_ent = true }, 0, -E2BIG,
	  BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-duplicate-index", { .nr_ent = 2, .ent = { E(3), E(3) } }, 0,
	  -EEXIST, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-hornet-attr-twice", { .hornet_twice = true, .nr_ent = 1,
				     .auto_ent = true },
	  0, -EEXIST, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-hornet-two-values", { .hornet_two_values = true, .nr_ent = 1,
				     .auto_ent = true },
	  0, -EEXIST, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-garbage-in-set", { .set_garbage = true, .nr_ent = 1,
				  .auto_ent = true },
	  0, -EBADMSG, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-extra-element-in-entry", { .entry_extra = true, .nr_ent = 1,
					  .auto_ent = true },
	  0, -EBADMSG, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-trailing-garbage", { .trailing = 3, .nr_ent = 1,
				    .auto_ent = true },
	  0, -EBADMSG, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-trailing-one-byte", { .trailing = 1, .nr_ent = 1,
				     .auto_ent = true },
	  0, -EBADMSG, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-indefinite-length", { .nr_ent = 1, .auto_ent = true },
	  MUT_INDEFINITE, -EBADMSG, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-non-minimal-length", { .nr_ent = 1, .auto_ent = true },
	  MUT_NONMINIMAL, -EBADMSG, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-high-tag-number", { .nr_ent = 1, .auto_ent = true },
	  MUT_HIGH_TAG, -EBADMSG, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-length-overrun", { .nr_ent = 1, .auto_ent = true },
	  MUT_LEN_OVERRUN, -EBADMSG, BPFSEAL_VERDICT_BADSIG, -1 },
	{ "bad-oversize", { .nr_ent = 1, .auto_ent = true }, MUT_OVERSIZE,
	  -EFBIG, BPFSEAL_VERDICT_BADSIG, -1 },
};

static int failures;
static const char *corpus_dir;

static void report(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("PASS %s\n", name);
		return;
	}
	failures++;
	printf("FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void save(const char *name, const struct b *in)
{
	char path[512];
	FILE *f;

	if (!corpus_dir)
		return;
	snprintf(path, sizeof(path), "%s/%s.der", corpus_dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(in->p, 1, in->n, f) != in->n || fclose(f)) {
		perror(path);
		exit(2);
	}
}

static struct b mutate(struct b in, enum mut m)
{
	size_t i;

	switch (m) {
	case MUT_NONE:
		break;
	case MUT_INDEFINITE:
		/* 30 82 HH LL ... -> 30 80 00 00 ... */
		in.p[1] = 0x80;
		break;
	case MUT_NONMINIMAL:
		/* first short-form length after the ContentInfo header
		 * (the OID's 06 09) becomes 81 09, one byte longer */
		for (i = 0; i + 1 < in.n; i++) {
			if (in.p[i] == BPFSEAL_DER_OID && in.p[i + 1] < 0x80) {
				struct b head = raw(in.p, i + 1);
				unsigned char l[2] = { 0x81, in.p[i + 1] };
				struct b tail = raw(in.p + i + 2,
						    in.n - i - 2);

				free(in.p);
				return CAT(head, raw(l, 2), tail);
			}
		}
		break;
	case MUT_HIGH_TAG:
		in.p[0] = 0x3f;
		break;
	case MUT_LEN_OVERRUN:
		/* 30 82 HH LL: add one to the length */
		in.p[3]++;
		break;
	case MUT_OVERSIZE:
		in = CAT(in, fill(0, BPFSEAL_MAX_SIG_SIZE + 1 - in.n));
		break;
	}
	return in;
}

static void run_case(const struct tcase *c)
{
	static struct bpfseal_sig_info info;
	struct b in = mutate(build(&c->s), c->mut);
	int err, v;

	save(c->name, &in);
	err = bpfseal_sig_parse(in.p, in.n, &info);
	v = bpfseal_sig_err_verdict(err);
	if (err != c->err)
		report(false, c->name, "returned %d (%s), expected %d (%s)", err,
		       bpfseal_sig_errstr(err), c->err,
		       bpfseal_sig_errstr(c->err));
	else if (v != c->verdict)
		report(false, c->name, "verdict %s, expected %s",
		       bpfseal_verdict_name(v), bpfseal_verdict_name(c->verdict));
	else if (c->nr_maps >= 0 && (int)info.nr_maps != c->nr_maps)
		report(false, c->name, "%u maps, expected %d", info.nr_maps,
		       c->nr_maps);
	else
		report(true, c->name, NULL);
	free(in.p);
}

/* Every strict prefix of a good signature must be refused as BADSIG. */
static void run_truncations(void)
{
	static struct bpfseal_sig_info info;
	struct spec s = { .nr_ent = 3, .auto_ent = true };
	struct b in = build(&s);
	size_t n;
	int err;

	for (n = 0; n < in.n; n++) {
		struct b cut = raw(in.p, n);	/* exact size: ASan sees overreads */

		err = bpfseal_sig_parse(cut.p, cut.n, &info);
		free(cut.p);
		if (bpfseal_sig_err_verdict(err) != BPFSEAL_VERDICT_BADSIG) {
			report(false, "bad-truncated-every-length",
			       "prefix of %zu/%zu bytes gave %d (%s)", n, in.n,
			       err, bpfseal_sig_errstr(err));
			free(in.p);
			return;
		}
	}
	report(true, "bad-truncated-every-length", NULL);
	if (corpus_dir) {
		in.n /= 2;
		save("bad-truncated-half", &in);
	}
	free(in.p);
}

/* The map table of a good signature: order, indexes, hashes. */
static void run_contents(void)
{
	static struct bpfseal_sig_info info;
	struct spec s = { .nr_ent = 3, .ent = { E(7), E(0),
		{ .idx = { 5 }, .hash_len_set = true, .hash_len = 0 } } };
	struct b in = build(&s);
	int err = bpfseal_sig_parse(in.p, in.n, &info);
	bool ok = err == 0 && info.nr_maps == 3 &&
		  info.maps[0].index == 7 && info.maps[0].hash_len == 32 &&
		  info.maps[0].hash[0] == 0xa0 && info.maps[1].index == 0 &&
		  info.maps[1].hash[31] == 0xa1 && info.maps[2].index == 5 &&
		  info.maps[2].hash_len == 0 && info.issuer.len &&
		  info.serial.len == 8 && !info.skid.len &&
		  info.message_digest.len == 32 && info.signing_time.len == 15 &&
		  info.signature.len == 256;

	report(ok, "good-table-contents", "err %d, %u maps", err, info.nr_maps);
	free(in.p);
}

static void run_null_args(void)
{
	static struct bpfseal_sig_info info;
	int a = bpfseal_sig_parse(NULL, 10, &info);
	int b = bpfseal_sig_parse("x", 1, NULL);

	report(a == -EINVAL && b == -EINVAL &&
	       bpfseal_sig_err_verdict(a) == BPFSEAL_VERDICT_FAULT,
	       "fault-null-arguments", "got %d and %d", a, b);
}

static void run_verdict_names(void)
{
	static const char *const want[] = { "NONE", "OK", "UNSIGNED",
		"PARTIALSIG", "UNKNOWNKEY", "UNEXPECTED", "FAULT", "BADSIG" };
	bool ok = true;
	int i;

	for (i = 0; i <= BPFSEAL_VERDICT_MAX; i++)
		ok &= !strcmp(bpfseal_verdict_name(i), want[i]);
	ok &= !strcmp(bpfseal_verdict_name(8), "INVALID");
	report(ok, "verdict-names-and-numbers", "mismatch");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc == 3 && !strcmp(argv[1], "--write-corpus"))
		corpus_dir = argv[2];
	else if (argc != 1) {
		fprintf(stderr, "usage: %s [--write-corpus DIR]\n", argv[0]);
		return 64;
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	run_truncations();
	run_contents();
	run_null_args();
	run_verdict_names();
	printf("sigparse: %d failed\n", failures);
	return failures ? 1 : 0;
}
