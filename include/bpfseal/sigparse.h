/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DER walker for Hornet-format BPF signatures, shared by the kernel module
 * and the userspace tools (bpfseal-sign verify/dump, unit tests, fuzzer).
 *
 * It reads the complete PKCS#7/CMS buffer, the very bytes the kernel's
 * PKCS#7 code verifies, and checks the layout bpfseal accepts:
 *
 *   ContentInfo ::= SEQUENCE {
 *     contentType  OID signedData,
 *     content      [0] EXPLICIT SignedData }
 *   SignedData ::= SEQUENCE {
 *     version INTEGER, digestAlgorithms SET,
 *     encapContentInfo SEQUENCE { eContentType OID id-data }  -- detached
 *     certificates [0] IMPLICIT OPTIONAL, crls [1] IMPLICIT OPTIONAL,
 *     signerInfos SET { SignerInfo }  -- exactly one }
 *   SignerInfo ::= SEQUENCE {
 *     version INTEGER,
 *     sid issuerAndSerialNumber SEQUENCE | subjectKeyIdentifier [0],
 *     digestAlgorithm SEQUENCE { OID sha256, NULL OPTIONAL },
 *     signedAttrs [0] IMPLICIT SET OF Attribute OPTIONAL,
 *     signatureAlgorithm SEQUENCE, signature OCTET STRING,
 *     unsignedAttrs [1] IMPLICIT OPTIONAL }
 *
 * and, among the signed attributes, the Hornet map-hash attribute
 * (BPFSEAL_OID_HORNET) whose single value is
 *
 *   SEQUENCE { SET OF SEQUENCE { INTEGER index, OCTET STRING sha256 } }
 *
 * with index one content byte (0..BPFSEAL_MAX_MAP_INDEX), sha256 either
 * BPFSEAL_SHA256_SIZE bytes or empty (no check for that slot), each index
 * at most once, at most BPFSEAL_MAX_MAPS entries.
 *
 * Strict DER only: definite, minimal lengths, single-byte tags, no byte
 * after the end of any element. It does not verify the signature itself;
 * the caller does that (verify_pkcs7_signature() in the kernel, OpenSSL in
 * userspace) over the same buffer.
 *
 * Pure C, header only: no libc, no allocation, bounded loops. The result
 * goes into a caller-provided struct bpfseal_sig_info (about 2.3 KiB: do
 * not put it on a kernel stack).
 *
 * Return values of bpfseal_sig_parse() and the verdict each maps to
 * (bpfseal_sig_err_verdict()):
 *
 *   0                 well formed, Hornet attribute parsed        (OK once
 *                     the signature and the map hashes check out)
 *   -ENODATA          well formed, no Hornet attribute            PARTIALSIG
 *   -EBADMSG          malformed DER: truncated, bad tag or length,
 *                     trailing bytes, wrong element              BADSIG
 *   -EFBIG            buffer larger than BPFSEAL_MAX_SIG_SIZE     BADSIG
 *   -EPROTONOSUPPORT  not a detached id-data SignedData          BADSIG
 *   -ENOTUNIQ         zero or more than one SignerInfo            BADSIG
 *   -ENOPKG           digest algorithm other than SHA-256         BADSIG
 *   -ENOMSG           signed attributes without content type or
 *                     message digest, or with a bad one           BADSIG
 *   -EEXIST           an attribute repeated or multi-valued, or a
 *                     map index listed twice                      BADSIG
 *   -ERANGE           map index not one byte in 0..127            BADSIG
 *   -EMSGSIZE         map hash neither 32 bytes nor empty         BADSIG
 *   -E2BIG            more than BPFSEAL_MAX_MAPS map hashes       BADSIG
 *   -EINVAL           bad arguments (NULL pointers)               FAULT
 */
#ifndef _BPFSEAL_SIGPARSE_H
#define _BPFSEAL_SIGPARSE_H

#include "types.h"
#include "limits.h"
#include "oid.h"
#include "verdict.h"

/* DER tags used by the walker. */
#define BPFSEAL_DER_INTEGER	0x02
#define BPFSEAL_DER_OCTET	0x04
#define BPFSEAL_DER_NULL	0x05
#define BPFSEAL_DER_OID		0x06
#define BPFSEAL_DER_UTCTIME	0x17
#define BPFSEAL_DER_GENTIME	0x18
#define BPFSEAL_DER_SEQ		0x30
#define BPFSEAL_DER_SET		0x31
#define BPFSEAL_DER_CTX0_PRIM	0x80
#define BPFSEAL_DER_CTX0	0xa0
#define BPFSEAL_DER_CTX1	0xa1

/**
 * struct bpfseal_der - A read cursor over DER bytes, [@p, @end).
 * @p: next byte to read.
 * @end: one past the last byte.
 */
struct bpfseal_der {
	const __u8 *p;
	const __u8 *end;
};

/**
 * struct bpfseal_blob - A byte range inside the parsed buffer.
 * @data: first byte, NULL when absent.
 * @len: number of bytes.
 */
struct bpfseal_blob {
	const __u8 *data;
	size_t len;
};

/**
 * struct bpfseal_map_hash - One entry of the Hornet map-hash attribute.
 * @index: slot in the program's fd_array.
 * @hash_len: BPFSEAL_SHA256_SIZE, or 0 when the slot is not checked.
 * @hash: SHA-256 of the map's values (when @hash_len is not 0).
 */
struct bpfseal_map_hash {
	__u8 index;
	__u8 hash_len;
	__u8 hash[BPFSEAL_SHA256_SIZE];
};

/**
 * struct bpfseal_sig_info - What bpfseal_sig_parse() found.
 * @issuer: signer's issuer Name (whole TLV); empty if @skid is set.
 * @serial: signer's serial number (INTEGER content bytes).
 * @skid: signer's subject key identifier; empty with issuer+serial.
 * @signed_attrs: the signed attributes, whole [0] TLV; empty if none.
 * @message_digest: content of the messageDigest attribute; may be empty.
 * @signing_time: signingTime value (whole UTCTime/GeneralizedTime TLV).
 * @sig_alg: OID content bytes of the signature algorithm.
 * @signature: the signature bytes.
 * @has_certs: the message embeds certificates (the format has none).
 * @has_hornet: the Hornet map-hash attribute is present and parsed.
 * @nr_maps: number of valid entries in @maps.
 * @maps: the map hashes, in the order the attribute lists them.
 *
 * All blobs point into the buffer given to bpfseal_sig_parse().
 */
struct bpfseal_sig_info {
	struct bpfseal_blob issuer;
	struct bpfseal_blob serial;
	struct bpfseal_blob skid;
	struct bpfseal_blob signed_attrs;
	struct bpfseal_blob message_digest;
	struct bpfseal_blob signing_time;
	struct bpfseal_blob sig_alg;
	struct bpfseal_blob signature;
	bool has_certs;
	bool has_hornet;
	unsigned int nr_maps;
	struct bpfseal_map_hash maps[BPFSEAL_MAX_MAPS];
};

/**
 * bpfseal_der_next() - Read one DER element.
 * @c: cursor; advanced past the element on success.
 * @tag: where to store the element's tag byte.
 * @val: set to the element's content bytes.
 *
 * Only low tag numbers (one tag byte) and definite lengths in minimal form
 * of at most BPFSEAL_DER_MAX_LEN_BYTES bytes are accepted.
 *
 * Return: 0, or -EBADMSG if the bytes are not such an element or it runs
 * past the cursor's end.
 */
static inline int bpfseal_der_next(struct bpfseal_der *c, __u8 *tag,
				   struct bpfseal_der *val)
{
	const __u8 *p = c->p;
	size_t avail, len, n, i;

	if (p >= c->end || c->end - p < 2)
		return -EBADMSG;
	if ((p[0] & 0x1f) == 0x1f)
		return -EBADMSG;
	*tag = p[0];
	len = p[1];
	p += 2;
	if (len & 0x80) {
		n = len & 0x7f;
		/* 0x80 is the indefinite form, not DER. */
		if (n == 0 || n > BPFSEAL_DER_MAX_LEN_BYTES)
			return -EBADMSG;
		if ((size_t)(c->end - p) < n || p[0] == 0)
			return -EBADMSG;
		len = 0;
		for (i = 0; i < n; i++)
			len = (len << 8) | p[i];
		if (len < 0x80)
			return -EBADMSG;
		p += n;
	}
	avail = c->end - p;
	if (len > avail)
		return -EBADMSG;
	val->p = p;
	val->end = p + len;
	c->p = p + len;
	return 0;
}

/**
 * bpfseal_der_expect() - Read one DER element that must carry @tag.
 * @c: cursor; advanced past the element on success.
 * @tag: the tag required.
 * @val: set to the element's content bytes.
 *
 * Return: 0, or -EBADMSG.
 */
static inline int bpfseal_der_expect(struct bpfseal_der *c, __u8 tag,
				     struct bpfseal_der *val)
{
	__u8 t;
	int err;

	err = bpfseal_der_next(c, &t, val);
	if (err)
		return err;
	return t == tag ? 0 : -EBADMSG;
}

/* The next tag byte, or 0 at the end of the cursor. */
static inline __u8 bpfseal_der_peek(const struct bpfseal_der *c)
{
	return c->p < c->end ? c->p[0] : 0;
}

static inline bool bpfseal_der_empty(const struct bpfseal_der *c)
{
	return c->p >= c->end;
}

static inline size_t bpfseal_der_len(const struct bpfseal_der *c)
{
	return c->end - c->p;
}

/* Whether the content of @v equals the @n bytes at @ref. */
static inline bool bpfseal_der_eq(const struct bpfseal_der *v,
				  const __u8 *ref, size_t n)
{
	size_t i;

	if (bpfseal_der_len(v) != n)
		return false;
	for (i = 0; i < n; i++)
		if (v->p[i] != ref[i])
			return false;
	return true;
}

static inline void bpfseal_blob_set(struct bpfseal_blob *b,
				    const struct bpfseal_der *v)
{
	b->data = v->p;
	b->len = bpfseal_der_len(v);
}

/**
 * bpfseal_der_oid_is() - Read an OID element and compare it.
 * @c: cursor; advanced past the OID.
 * @ref: expected OID content bytes.
 * @n: length of @ref.
 * @match: set to whether the OID equals @ref.
 *
 * Return: 0, or -EBADMSG if the next element is not an OID.
 */
static inline int bpfseal_der_oid_is(struct bpfseal_der *c, const __u8 *ref,
				     size_t n, bool *match)
{
	struct bpfseal_der v;
	int err;

	err = bpfseal_der_expect(c, BPFSEAL_DER_OID, &v);
	if (err)
		return err;
	if (bpfseal_der_empty(&v))
		return -EBADMSG;
	*match = bpfseal_der_eq(&v, ref, n);
	return 0;
}

/**
 * bpfseal_sig_parse_hornet() - Parse the value set of the Hornet attribute.
 * @values: content of the attribute's attrValues SET.
 * @info: receives the map hashes.
 *
 * Return: 0 or a negative errno as listed at the top of this file.
 */
static inline int bpfseal_sig_parse_hornet(struct bpfseal_der values,
					   struct bpfseal_sig_info *info)
{
	struct bpfseal_der outer, set, ent, v;
	struct bpfseal_map_hash *m;
	unsigned int i;
	__u8 index;
	int err;

	err = bpfseal_der_expect(&values, BPFSEAL_DER_SEQ, &outer);
	if (err)
		return err;
	if (!bpfseal_der_empty(&values))
		return -EEXIST;		/* multi-valued attribute */
	err = bpfseal_der_expect(&outer, BPFSEAL_DER_SET, &set);
	if (err)
		return err;
	if (!bpfseal_der_empty(&outer))
		return -EBADMSG;

	while (!bpfseal_der_empty(&set)) {
		err = bpfseal_der_expect(&set, BPFSEAL_DER_SEQ, &ent);
		if (err)
			return err;
		if (info->nr_maps >= BPFSEAL_MAX_MAPS)
			return -E2BIG;

		err = bpfseal_der_expect(&ent, BPFSEAL_DER_INTEGER, &v);
		if (err)
			return err;
		/* One content byte, non-negative: 0..127. */
		if (bpfseal_der_len(&v) != 1 || v.p[0] > BPFSEAL_MAX_MAP_INDEX)
			return -ERANGE;
		index = v.p[0];
		for (i = 0; i < info->nr_maps; i++)
			if (info->maps[i].index == index)
				return -EEXIST;

		err = bpfseal_der_expect(&ent, BPFSEAL_DER_OCTET, &v);
		if (err)
			return err;
		if (bpfseal_der_len(&v) != 0 &&
		    bpfseal_der_len(&v) != BPFSEAL_SHA256_SIZE)
			return -EMSGSIZE;
		if (!bpfseal_der_empty(&ent))
			return -EBADMSG;

		m = &info->maps[info->nr_maps++];
		m->index = index;
		m->hash_len = bpfseal_der_len(&v);
		for (i = 0; i < m->hash_len; i++)
			m->hash[i] = v.p[i];
		for (; i < BPFSEAL_SHA256_SIZE; i++)
			m->hash[i] = 0;
	}
	info->has_hornet = true;
	return 0;
}

/**
 * bpfseal_sig_parse_attrs() - Walk the signed attributes of the SignerInfo.
 * @attrs: content of the signedAttrs [0] element.
 * @info: receives message digest, signing time and map hashes.
 *
 * Checks that content type (id-data) and message digest (SHA-256 sized)
 * are present, each attribute at most once and single-valued for the
 * attributes bpfseal reads; unknown attributes are skipped, as the
 * kernel's PKCS#7 parser does.
 *
 * Return: 0 or a negative errno as listed at the top of this file.
 */
static inline int bpfseal_sig_parse_attrs(struct bpfseal_der attrs,
					  struct bpfseal_sig_info *info)
{
	static const __u8 oid_ct[] = BPFSEAL_OID_CONTENT_TYPE;
	static const __u8 oid_md[] = BPFSEAL_OID_MESSAGE_DIGEST;
	static const __u8 oid_st[] = BPFSEAL_OID_SIGNING_TIME;
	static const __u8 oid_hornet[] = BPFSEAL_OID_HORNET;
	static const __u8 oid_data[] = BPFSEAL_OID_DATA;
	bool seen_ct = false, seen_md = false, seen_st = false, match;
	struct bpfseal_der attr, oid, values, v, tmp;
	__u8 tag;
	int err;

	while (!bpfseal_der_empty(&attrs)) {
		err = bpfseal_der_expect(&attrs, BPFSEAL_DER_SEQ, &attr);
		if (err)
			return err;
		err = bpfseal_der_expect(&attr, BPFSEAL_DER_OID, &oid);
		if (err)
			return err;
		if (bpfseal_der_empty(&oid))
			return -EBADMSG;
		err = bpfseal_der_expect(&attr, BPFSEAL_DER_SET, &values);
		if (err)
			return err;
		if (!bpfseal_der_empty(&attr) || bpfseal_der_empty(&values))
			return -EBADMSG;

		if (bpfseal_der_eq(&oid, oid_hornet, sizeof(oid_hornet) - 1)) {
			if (info->has_hornet)
				return -EEXIST;
			err = bpfseal_sig_parse_hornet(values, info);
			if (err)
				return err;
			continue;
		}

		/* Every other value set: one well-formed element. */
		tmp = values;
		err = bpfseal_der_next(&tmp, &tag, &v);
		if (err)
			return err;

		if (bpfseal_der_eq(&oid, oid_ct, sizeof(oid_ct) - 1)) {
			if (seen_ct || !bpfseal_der_empty(&tmp))
				return -EEXIST;
			seen_ct = true;
			err = bpfseal_der_oid_is(&values, oid_data,
						 sizeof(oid_data) - 1, &match);
			if (err)
				return -ENOMSG;
			if (!match)
				return -EPROTONOSUPPORT;
		} else if (bpfseal_der_eq(&oid, oid_md, sizeof(oid_md) - 1)) {
			if (seen_md || !bpfseal_der_empty(&tmp))
				return -EEXIST;
			seen_md = true;
			if (tag != BPFSEAL_DER_OCTET ||
			    bpfseal_der_len(&v) != BPFSEAL_SHA256_SIZE)
				return -ENOMSG;
			bpfseal_blob_set(&info->message_digest, &v);
		} else if (bpfseal_der_eq(&oid, oid_st, sizeof(oid_st) - 1)) {
			if (seen_st || !bpfseal_der_empty(&tmp))
				return -EEXIST;
			seen_st = true;
			if (tag != BPFSEAL_DER_UTCTIME &&
			    tag != BPFSEAL_DER_GENTIME)
				return -EBADMSG;
			info->signing_time.data = values.p;
			info->signing_time.len = bpfseal_der_len(&values);
		} else {
			/* Unknown attribute: its values must still be DER. */
			while (!bpfseal_der_empty(&tmp)) {
				err = bpfseal_der_next(&tmp, &tag, &v);
				if (err)
					return err;
			}
		}
	}
	if (!seen_ct || !seen_md)
		return -ENOMSG;
	return 0;
}

/**
 * bpfseal_sig_parse_signer() - Walk the one SignerInfo.
 * @si: content of the SignerInfo SEQUENCE.
 * @info: receives signer identity, attributes and signature.
 *
 * Return: 0 or a negative errno as listed at the top of this file.
 */
static inline int bpfseal_sig_parse_signer(struct bpfseal_der si,
					   struct bpfseal_sig_info *info)
{
	static const __u8 oid_sha256[] = BPFSEAL_OID_SHA256;
	struct bpfseal_der v, sid, alg, attrs;
	bool match;
	__u8 tag;
	int err;

	err = bpfseal_der_expect(&si, BPFSEAL_DER_INTEGER, &v);
	if (err)
		return err;

	/* sid: issuerAndSerialNumber or [0] subjectKeyIdentifier */
	err = bpfseal_der_next(&si, &tag, &sid);
	if (err)
		return err;
	if (tag == BPFSEAL_DER_SEQ) {
		const __u8 *name = sid.p;

		err = bpfseal_der_expect(&sid, BPFSEAL_DER_SEQ, &v);
		if (err)
			return err;
		info->issuer.data = name;
		info->issuer.len = v.end - name;
		err = bpfseal_der_expect(&sid, BPFSEAL_DER_INTEGER, &v);
		if (err)
			return err;
		if (bpfseal_der_empty(&v) || !bpfseal_der_empty(&sid))
			return -EBADMSG;
		bpfseal_blob_set(&info->serial, &v);
	} else if (tag == BPFSEAL_DER_CTX0_PRIM) {
		if (bpfseal_der_empty(&sid))
			return -EBADMSG;
		bpfseal_blob_set(&info->skid, &sid);
	} else {
		return -EBADMSG;
	}

	/* digestAlgorithm: SHA-256, parameters absent or NULL */
	err = bpfseal_der_expect(&si, BPFSEAL_DER_SEQ, &alg);
	if (err)
		return err;
	err = bpfseal_der_oid_is(&alg, oid_sha256, sizeof(oid_sha256) - 1,
				 &match);
	if (err)
		return err;
	if (!bpfseal_der_empty(&alg)) {
		err = bpfseal_der_expect(&alg, BPFSEAL_DER_NULL, &v);
		if (err)
			return err;
		if (!bpfseal_der_empty(&v) || !bpfseal_der_empty(&alg))
			return -EBADMSG;
	}

	/* signedAttrs [0] IMPLICIT SET OF Attribute, optional */
	if (bpfseal_der_peek(&si) == BPFSEAL_DER_CTX0) {
		const __u8 *start = si.p;

		err = bpfseal_der_expect(&si, BPFSEAL_DER_CTX0, &attrs);
		if (err)
			return err;
		info->signed_attrs.data = start;
		info->signed_attrs.len = attrs.end - start;
	} else {
		attrs.p = NULL;
		attrs.end = NULL;
	}

	/* signatureAlgorithm */
	err = bpfseal_der_expect(&si, BPFSEAL_DER_SEQ, &alg);
	if (err)
		return err;
	err = bpfseal_der_expect(&alg, BPFSEAL_DER_OID, &v);
	if (err)
		return err;
	if (bpfseal_der_empty(&v))
		return -EBADMSG;
	bpfseal_blob_set(&info->sig_alg, &v);
	if (!bpfseal_der_empty(&alg)) {
		err = bpfseal_der_next(&alg, &tag, &v);
		if (err)
			return err;
		if (!bpfseal_der_empty(&alg))
			return -EBADMSG;
	}

	/* signature */
	err = bpfseal_der_expect(&si, BPFSEAL_DER_OCTET, &v);
	if (err)
		return err;
	if (bpfseal_der_empty(&v))
		return -EBADMSG;
	bpfseal_blob_set(&info->signature, &v);

	/* unsignedAttrs [1] IMPLICIT, optional, ignored */
	if (bpfseal_der_peek(&si) == BPFSEAL_DER_CTX1) {
		err = bpfseal_der_expect(&si, BPFSEAL_DER_CTX1, &v);
		if (err)
			return err;
	}
	if (!bpfseal_der_empty(&si))
		return -EBADMSG;

	/* The digest algorithm is checked once the layout is known good. */
	if (!match)
		return -ENOPKG;
	if (attrs.p)
		return bpfseal_sig_parse_attrs(attrs, info);
	return 0;
}

/**
 * bpfseal_sig_parse() - Check a Hornet-format signature and read its map
 *	hashes.
 * @buf: the complete PKCS#7 DER, as handed to the kernel.
 * @len: its length in bytes.
 * @info: caller-provided result; cleared first.
 *
 * Return: 0 when the signature is well formed and carries the Hornet
 * attribute (@info->maps holds it), -ENODATA when it is well formed and
 * has no such attribute (@info is filled in otherwise), or another
 * negative errno listed at the top of this file.
 */
static inline int bpfseal_sig_parse(const void *buf, size_t len,
				    struct bpfseal_sig_info *info)
{
	static const __u8 oid_signed_data[] = BPFSEAL_OID_SIGNED_DATA;
	static const __u8 oid_data[] = BPFSEAL_OID_DATA;
	struct bpfseal_der c, ci, sd, v, encap, signers, si;
	unsigned char *z;
	bool match;
	size_t i;
	int err;

	if (!buf || !info)
		return -EINVAL;
	z = (unsigned char *)info;
	for (i = 0; i < sizeof(*info); i++)
		z[i] = 0;
	if (len > BPFSEAL_MAX_SIG_SIZE)
		return -EFBIG;

	c.p = buf;
	c.end = c.p + len;

	/* ContentInfo */
	err = bpfseal_der_expect(&c, BPFSEAL_DER_SEQ, &ci);
	if (err)
		return err;
	if (!bpfseal_der_empty(&c))
		return -EBADMSG;
	err = bpfseal_der_oid_is(&ci, oid_signed_data,
				 sizeof(oid_signed_data) - 1, &match);
	if (err)
		return err;
	if (!match)
		return -EPROTONOSUPPORT;
	err = bpfseal_der_expect(&ci, BPFSEAL_DER_CTX0, &v);
	if (err)
		return err;
	if (!bpfseal_der_empty(&ci))
		return -EBADMSG;
	err = bpfseal_der_expect(&v, BPFSEAL_DER_SEQ, &sd);
	if (err)
		return err;
	if (!bpfseal_der_empty(&v))
		return -EBADMSG;

	/* SignedData */
	err = bpfseal_der_expect(&sd, BPFSEAL_DER_INTEGER, &v);
	if (err)
		return err;
	err = bpfseal_der_expect(&sd, BPFSEAL_DER_SET, &v);
	if (err)
		return err;
	err = bpfseal_der_expect(&sd, BPFSEAL_DER_SEQ, &encap);
	if (err)
		return err;
	err = bpfseal_der_oid_is(&encap, oid_data, sizeof(oid_data) - 1,
				 &match);
	if (err)
		return err;
	/* Not id-data, or content attached: not the detached format. */
	if (!match || !bpfseal_der_empty(&encap))
		return -EPROTONOSUPPORT;
	if (bpfseal_der_peek(&sd) == BPFSEAL_DER_CTX0) {
		err = bpfseal_der_expect(&sd, BPFSEAL_DER_CTX0, &v);
		if (err)
			return err;
		info->has_certs = true;
	}
	if (bpfseal_der_peek(&sd) == BPFSEAL_DER_CTX1) {
		err = bpfseal_der_expect(&sd, BPFSEAL_DER_CTX1, &v);
		if (err)
			return err;
	}
	err = bpfseal_der_expect(&sd, BPFSEAL_DER_SET, &signers);
	if (err)
		return err;
	if (!bpfseal_der_empty(&sd))
		return -EBADMSG;

	/* Exactly one SignerInfo. */
	if (bpfseal_der_empty(&signers))
		return -ENOTUNIQ;
	err = bpfseal_der_expect(&signers, BPFSEAL_DER_SEQ, &si);
	if (err)
		return err;
	if (!bpfseal_der_empty(&signers)) {
		/* Tell a second signer from trailing garbage. */
		err = bpfseal_der_expect(&signers, BPFSEAL_DER_SEQ, &v);
		return err ? err : -ENOTUNIQ;
	}

	err = bpfseal_sig_parse_signer(si, info);
	if (err)
		return err;
	return info->has_hornet ? 0 : -ENODATA;
}

/**
 * bpfseal_sig_err_verdict() - Verdict for a bpfseal_sig_parse() result.
 * @err: its return value.
 *
 * Only meaningful once the signature itself verified: 0 gives OK (the
 * caller still has to compare the map hashes, UNEXPECTED on mismatch),
 * -ENODATA gives PARTIALSIG, -EINVAL (a caller bug) FAULT, anything else
 * BADSIG.
 *
 * Return: an enum bpfseal_verdict value.
 */
static inline int bpfseal_sig_err_verdict(int err)
{
	switch (err) {
	case 0:
		return BPFSEAL_VERDICT_OK;
	case -ENODATA:
		return BPFSEAL_VERDICT_PARTIALSIG;
	case -EINVAL:
		return BPFSEAL_VERDICT_FAULT;
	default:
		return BPFSEAL_VERDICT_BADSIG;
	}
}

/**
 * bpfseal_sig_errstr() - Human-readable reason for a bpfseal_sig_parse()
 *	result.
 * @err: its return value.
 *
 * Return: a static string.
 */
static inline const char *bpfseal_sig_errstr(int err)
{
	switch (err) {
	case 0:
		return "well formed, map hashes present";
	case -ENODATA:
		return "well formed, no map-hash attribute";
	case -EBADMSG:
		return "malformed DER";
	case -EFBIG:
		return "signature larger than the kernel accepts";
	case -EPROTONOSUPPORT:
		return "not a detached id-data PKCS#7 SignedData";
	case -ENOTUNIQ:
		return "not exactly one SignerInfo";
	case -ENOPKG:
		return "digest algorithm is not SHA-256";
	case -ENOMSG:
		return "content-type or message-digest attribute missing or bad";
	case -EEXIST:
		return "attribute or map index repeated";
	case -ERANGE:
		return "map index is not one byte in 0..127";
	case -EMSGSIZE:
		return "map hash is neither 32 bytes nor empty";
	case -E2BIG:
		return "too many map hashes";
	case -EINVAL:
		return "invalid arguments";
	}
	return "unknown error";
}

#endif /* _BPFSEAL_SIGPARSE_H */
