// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal-sign: the OpenSSL side. Builds the PKCS#7 signature the kernel
 * verifies (detached CMS SignedData, SHA-256, id-data, one signer, no
 * certificate, no S/MIME capabilities which the kernel refuses for BPF,
 * plus the Hornet map-hash attribute) and checks one offline with the
 * same DER walker the kernel module uses (include/bpfseal/sigparse.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/provider.h>
#include <openssl/store.h>
#include <openssl/ui.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <bpfseal/sigparse.h>

#include "bpfseal-sign.h"

#define PASS_ENV "BPFSEAL_KEY_PASS"

void bs_ossl_errors(void)
{
	unsigned long e;
	char buf[256];

	while ((e = ERR_get_error())) {
		ERR_error_string_n(e, buf, sizeof(buf));
		fprintf(stderr, "  openssl: %s\n", buf);
	}
}

int bs_sha256(const void *data, size_t len, unsigned char *out)
{
	unsigned int n = 0;

	if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1 ||
	    n != BPFSEAL_SHA256_SIZE) {
		bs_err("SHA-256 failed");
		bs_ossl_errors();
		return -EIO;
	}
	return 0;
}

/* The passphrase: first line of --pass-file, else $BPFSEAL_KEY_PASS. */
static char *read_pass(const char *pass_file)
{
	struct bs_buf b;
	char *p, *env;
	size_t n;

	if (!pass_file) {
		env = getenv(PASS_ENV);
		return env ? strdup(env) : NULL;
	}
	if (bs_read_file(pass_file, &b))
		return NULL;
	n = strcspn((char *)b.data, "\r\n");
	if (n > b.len)
		n = b.len;
	p = strndup((char *)b.data, n);
	OPENSSL_cleanse(b.data, b.len);
	bs_buf_free(&b);
	return p;
}

static int pass_cb(char *buf, int size, int rwflag, void *u)
{
	const char *pass = u;
	int n;

	(void)rwflag;
	if (!pass) {
		bs_err("the key needs a passphrase or PIN: give --pass-file FILE or set %s",
		       PASS_ENV);
		return -1;
	}
	n = strlen(pass);
	if (n >= size)
		return -1;
	memcpy(buf, pass, n);
	return n;
}

/*
 * Load one object of @type from a PEM/DER file or a store URI such as
 * pkcs11:token=...;object=... (needs the pkcs11 provider, loaded here when
 * the URI asks for it).
 */
static void *store_load(const char *uri, int type, const char *pass)
{
	OSSL_STORE_CTX *ctx;
	OSSL_STORE_INFO *info;
	UI_METHOD *ui;
	void *obj = NULL;

	if (!strncmp(uri, "pkcs11:", 7)) {
		OSSL_PROVIDER_try_load(NULL, "pkcs11", 1);
		OSSL_PROVIDER_try_load(NULL, "default", 1);
	}
	ui = UI_UTIL_wrap_read_pem_callback(pass_cb, 0);
	if (!ui)
		return NULL;
	ctx = OSSL_STORE_open(uri, ui, (void *)pass, NULL, NULL);
	if (!ctx) {
		bs_err("%s: cannot open", uri);
		bs_ossl_errors();
		UI_destroy_method(ui);
		return NULL;
	}
	OSSL_STORE_expect(ctx, type);
	while (!obj && !OSSL_STORE_eof(ctx)) {
		info = OSSL_STORE_load(ctx);
		if (!info) {
			if (OSSL_STORE_error(ctx))
				break;
			continue;
		}
		if (OSSL_STORE_INFO_get_type(info) == type) {
			if (type == OSSL_STORE_INFO_PKEY)
				obj = OSSL_STORE_INFO_get1_PKEY(info);
			else
				obj = OSSL_STORE_INFO_get1_CERT(info);
		}
		OSSL_STORE_INFO_free(info);
	}
	OSSL_STORE_close(ctx);
	UI_destroy_method(ui);
	if (!obj) {
		bs_err("%s: no %s found", uri,
		       type == OSSL_STORE_INFO_PKEY ? "private key" :
						      "certificate");
		bs_ossl_errors();
	}
	return obj;
}

static X509 *load_cert(const char *uri)
{
	return store_load(uri, OSSL_STORE_INFO_CERT, NULL);
}

/* DER length octets for @len into @p (at most 3 bytes: len < 65536). */
static size_t der_len(unsigned char *p, size_t len)
{
	if (len < 0x80) {
		p[0] = len;
		return 1;
	}
	if (len < 0x100) {
		p[0] = 0x81;
		p[1] = len;
		return 2;
	}
	p[0] = 0x82;
	p[1] = len >> 8;
	p[2] = len;
	return 3;
}

/*
 * The Hornet attribute value, DER:
 *   SEQUENCE { SET OF SEQUENCE { INTEGER index, OCTET STRING sha256 } }
 * Entries come sorted by index; all have a 32-byte hash, so their
 * encodings all have the same length and index order is DER's SET OF
 * order.
 */
static int hornet_value(const struct bs_map *maps, unsigned int nr,
			unsigned char **out, size_t *out_len)
{
	enum { ENT = 2 + 3 + 2 + BPFSEAL_SHA256_SIZE };
	size_t set_len = (size_t)nr * ENT, off = 0, n;
	unsigned char hdr[4], *p;
	unsigned int i;

	p = malloc(set_len + 16);
	if (!p)
		return -ENOMEM;
	n = der_len(hdr, set_len);
	p[off++] = 0x30;
	off += der_len(p + off, 1 + n + set_len);
	p[off++] = 0x31;
	memcpy(p + off, hdr, n);
	off += n;
	for (i = 0; i < nr; i++) {
		p[off++] = 0x30;
		p[off++] = ENT - 2;
		p[off++] = 0x02;
		p[off++] = 0x01;
		p[off++] = maps[i].index;
		p[off++] = 0x04;
		p[off++] = BPFSEAL_SHA256_SIZE;
		if (bs_sha256(maps[i].data.data, maps[i].data.len, p + off)) {
			free(p);
			return -EIO;
		}
		off += BPFSEAL_SHA256_SIZE;
	}
	*out = p;
	*out_len = off;
	return 0;
}

/* SOURCE_DATE_EPOCH fixes the signing time, for reproducible builds. */
static int add_signing_time(CMS_SignerInfo *si)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	ASN1_TIME *t;
	long long v;
	char *end;
	int ok;

	if (!sde || !*sde)
		return 0;
	errno = 0;
	v = strtoll(sde, &end, 10);
	if (errno || *end || v < 0) {
		bs_err("SOURCE_DATE_EPOCH='%s' is not a number of seconds", sde);
		return -EINVAL;
	}
	t = ASN1_TIME_set(NULL, (time_t)v);
	if (!t)
		return -EINVAL;
	ok = CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime,
					 ASN1_STRING_type(t), t, -1);
	ASN1_TIME_free(t);
	return ok ? 0 : -EIO;
}

int bs_sign(const struct bs_sign_req *req, struct bs_buf *sig)
{
	unsigned int flags = CMS_NOCERTS | CMS_PARTIAL | CMS_BINARY |
			     CMS_DETACHED | CMS_NOSMIMECAP;
	struct bs_buf payload = { 0 };
	unsigned char *hv = NULL;
	CMS_ContentInfo *cms = NULL;
	ASN1_OBJECT *oid = NULL;
	EVP_PKEY *key = NULL;
	CMS_SignerInfo *si;
	BIO *in = NULL, *out = NULL;
	X509 *cert = NULL;
	char *pass = NULL;
	size_t hv_len;
	int err = -EIO;
	char *mem;
	long n;

	if (bs_payload(&req->insns, req->maps, req->nr_maps, req->scheme,
		       &payload))
		return -EINVAL;
	if (req->insns.len == 0 || req->insns.len % 8) {
		bs_err("the instructions are %zu bytes: not a BPF program",
		       req->insns.len);
		goto out;
	}

	cert = load_cert(req->cert);
	if (!cert)
		goto out;
	pass = read_pass(req->pass_file);
	key = store_load(req->key, OSSL_STORE_INFO_PKEY, pass);
	if (pass) {
		OPENSSL_cleanse(pass, strlen(pass));
		free(pass);
	}
	if (!key)
		goto out;
	if (X509_check_private_key(cert, key) != 1) {
		bs_err("%s does not match the key in %s", req->cert, req->key);
		bs_ossl_errors();
		goto out;
	}
	if (!req->issuer_serial) {
		if (X509_get0_subject_key_id(cert)) {
			flags |= CMS_USE_KEYID;
		} else {
			bs_info("note: %s has no subject key identifier; identifying the signer by issuer and serial",
				req->cert);
		}
	}

	cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	if (!cms)
		goto ossl;
	si = CMS_add1_signer(cms, cert, key, EVP_sha256(), flags);
	if (!si)
		goto ossl;
	if (hornet_value(req->maps, req->nr_maps, &hv, &hv_len))
		goto out;
	oid = OBJ_txt2obj(BPFSEAL_OID_HORNET_TEXT, 1);
	if (!oid)
		goto ossl;
	if (!CMS_signed_add1_attr_by_OBJ(si, oid, V_ASN1_SEQUENCE, hv,
					 hv_len))
		goto ossl;
	if (add_signing_time(si))
		goto ossl;

	in = BIO_new_mem_buf(payload.data, payload.len);
	if (!in || CMS_final(cms, in, NULL, flags & ~CMS_PARTIAL) != 1)
		goto ossl;
	out = BIO_new(BIO_s_mem());
	if (!out || i2d_CMS_bio(out, cms) != 1)
		goto ossl;
	n = BIO_get_mem_data(out, &mem);
	if (n <= 0)
		goto ossl;
	if (n > BPFSEAL_MAX_SIG_SIZE) {
		bs_err("signature is %ld bytes, the kernel accepts at most %d",
		       n, BPFSEAL_MAX_SIG_SIZE);
		goto out;
	}
	sig->data = malloc(n);
	if (!sig->data)
		goto out;
	memcpy(sig->data, mem, n);
	sig->len = n;
	err = 0;
	goto out;
ossl:
	bs_err("signing failed");
	bs_ossl_errors();
out:
	BIO_free(in);
	BIO_free(out);
	free(hv);
	ASN1_OBJECT_free(oid);
	CMS_ContentInfo_free(cms);
	EVP_PKEY_free(key);
	X509_free(cert);
	bs_buf_free(&payload);
	return err;
}

/* Check the PKCS#7 signature over one candidate payload. */
static bool cms_ok(CMS_ContentInfo *cms, X509 *cert, const struct bs_buf *p)
{
	STACK_OF(X509) *certs = sk_X509_new_null();
	BIO *in = BIO_new_mem_buf(p->data, p->len);
	bool ok = false;

	if (certs && in && sk_X509_push(certs, cert))
		ok = CMS_verify(cms, certs, NULL, in, NULL,
				CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY |
				CMS_NOINTERN) == 1;
	ERR_clear_error();
	BIO_free(in);
	sk_X509_free(certs);
	return ok;
}

static const struct bs_map *find_map(const struct bs_map *maps,
				     unsigned int nr, unsigned int index)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (maps[i].index == index)
			return &maps[i];
	return NULL;
}

/* Compare the signed map hashes with the map files. */
static int check_maps(const struct bpfseal_sig_info *info,
		      const struct bs_map *maps, unsigned int nr_maps)
{
	unsigned char h[BPFSEAL_SHA256_SIZE];
	char hex[2 * BPFSEAL_SHA256_SIZE + 1];
	const struct bpfseal_map_hash *e;
	const struct bs_map *m;
	int v = BPFSEAL_VERDICT_OK;
	unsigned int i;

	for (i = 0; i < info->nr_maps; i++) {
		e = &info->maps[i];
		if (!e->hash_len) {
			bs_info("map %u: not checked (empty hash)", e->index);
			continue;
		}
		m = find_map(maps, nr_maps, e->index);
		if (!m) {
			bs_info("map %u: signed, but no --map %u:FILE given",
				e->index, e->index);
			v = BPFSEAL_VERDICT_UNEXPECTED;
			continue;
		}
		if (bs_sha256(m->data.data, m->data.len, h))
			return BPFSEAL_VERDICT_FAULT;
		if (memcmp(h, e->hash, sizeof(h))) {
			bs_hex(hex, h, sizeof(h));
			bs_info("map %u: %s has SHA-256 %s, not the signed hash",
				e->index, m->path, hex);
			v = BPFSEAL_VERDICT_UNEXPECTED;
			continue;
		}
		bs_info("map %u: hash matches %s", e->index, m->path);
	}
	for (i = 0; i < nr_maps; i++) {
		bool covered = false;
		unsigned int j;

		for (j = 0; j < info->nr_maps; j++)
			covered |= info->maps[j].index == maps[i].index &&
				   info->maps[j].hash_len;
		if (!covered)
			bs_info("note: map %u (%s) is not covered by a map hash",
				maps[i].index, maps[i].path);
	}
	return v;
}

int bs_verify(const char *cert_path, const struct bs_buf *sig,
	      const struct bs_buf *insns, const struct bs_map *maps,
	      unsigned int nr_maps, enum bs_scheme scheme)
{
	static struct bpfseal_sig_info info;
	enum bs_scheme tries[2], found = BS_SCHEME_AUTO;
	unsigned char md[BPFSEAL_SHA256_SIZE];
	const unsigned char *p = sig->data;
	CMS_ContentInfo *cms = NULL;
	STACK_OF(CMS_SignerInfo) *sis;
	struct bs_buf payload;
	unsigned int nr_tries = 0, i;
	X509 *cert = NULL;
	int perr, v;

	if (sig->len == 0) {
		bs_info("the signature is empty");
		return BPFSEAL_VERDICT_UNSIGNED;
	}

	/* 1. Layout and attributes, with the module's parser. */
	perr = bpfseal_sig_parse(sig->data, sig->len, &info);
	bs_info("parse: %s", bpfseal_sig_errstr(perr));
	if (perr && perr != -ENODATA)
		return bpfseal_sig_err_verdict(perr);

	/* 2. The signer must be the certificate's key. */
	cms = d2i_CMS_ContentInfo(NULL, &p, sig->len);
	if (!cms || p != sig->data + sig->len) {
		bs_info("OpenSSL cannot parse the signature");
		bs_ossl_errors();
		v = BPFSEAL_VERDICT_BADSIG;
		goto out;
	}
	cert = load_cert(cert_path);
	if (!cert) {
		v = BPFSEAL_VERDICT_FAULT;
		goto out;
	}
	sis = CMS_get0_SignerInfos(cms);
	if (sk_CMS_SignerInfo_num(sis) != 1 ||
	    CMS_SignerInfo_cert_cmp(sk_CMS_SignerInfo_value(sis, 0), cert)) {
		bs_info("the signer is not %s", cert_path);
		v = BPFSEAL_VERDICT_UNKNOWNKEY;
		goto out;
	}

	/* 3. Digest and signature, over the payload of each scheme. */
	if (scheme != BS_SCHEME_INSNS_MAPS)
		tries[nr_tries++] = BS_SCHEME_INSNS;
	if (scheme != BS_SCHEME_INSNS && (nr_maps || scheme))
		tries[nr_tries++] = BS_SCHEME_INSNS_MAPS;
	for (i = 0; i < nr_tries && found == BS_SCHEME_AUTO; i++) {
		if (bs_payload(insns, maps, nr_maps, tries[i], &payload))
			continue;
		if (info.message_digest.len) {
			if (!bs_sha256(payload.data, payload.len, md) &&
			    !memcmp(md, info.message_digest.data, sizeof(md)) &&
			    cms_ok(cms, cert, &payload))
				found = tries[i];
		} else if (cms_ok(cms, cert, &payload)) {
			found = tries[i];
		}
		bs_buf_free(&payload);
	}
	if (found == BS_SCHEME_AUTO) {
		bs_info("the signature does not match the %s",
			scheme == BS_SCHEME_INSNS ? "instructions" :
			scheme == BS_SCHEME_INSNS_MAPS ?
				"instructions followed by the maps" :
				"instructions, alone or followed by the maps");
		v = BPFSEAL_VERDICT_BADSIG;
		goto out;
	}
	bs_info("signature: good, scheme %s", bs_scheme_name(found));

	/* 4. Map hashes. */
	if (perr == -ENODATA) {
		if (found == BS_SCHEME_INSNS_MAPS) {
			bs_info("no map-hash attribute; the maps are covered by the signed payload");
			v = BPFSEAL_VERDICT_OK;
		} else {
			bs_info("no map-hash attribute: the maps are not covered");
			v = BPFSEAL_VERDICT_PARTIALSIG;
		}
		goto out;
	}
	v = check_maps(&info, maps, nr_maps);
out:
	X509_free(cert);
	CMS_ContentInfo_free(cms);
	return v;
}

static void print_hex_line(const char *label, const struct bpfseal_blob *b)
{
	char *hex;

	if (!b->len) {
		printf("%s: -\n", label);
		return;
	}
	hex = malloc(2 * b->len + 1);
	if (!hex)
		return;
	bs_hex(hex, b->data, b->len);
	printf("%s: %s\n", label, hex);
	free(hex);
}

/* An OID from its content bytes, as a name or dotted text. */
static void print_oid(const char *label, const struct bpfseal_blob *b)
{
	unsigned char der[2 + 127];
	const unsigned char *p = der;
	ASN1_OBJECT *o;
	char txt[128];

	if (b->len > 127) {
		printf("%s: (long OID)\n", label);
		return;
	}
	der[0] = BPFSEAL_DER_OID;
	der[1] = b->len;
	memcpy(der + 2, b->data, b->len);
	o = d2i_ASN1_OBJECT(NULL, &p, 2 + b->len);
	if (!o) {
		printf("%s: (bad OID)\n", label);
		return;
	}
	OBJ_obj2txt(txt, sizeof(txt), o, 0);
	printf("%s: %s\n", label, txt);
	ASN1_OBJECT_free(o);
}

int bs_dump(const struct bs_buf *sig)
{
	static struct bpfseal_sig_info info;
	char hex[2 * BPFSEAL_SHA256_SIZE + 1];
	BIO *bio = BIO_new_fp(stdout, BIO_NOCLOSE);
	const unsigned char *p;
	unsigned int i;
	int err;

	err = bpfseal_sig_parse(sig->data, sig->len, &info);
	if (err && err != -ENODATA) {
		bs_err("not a valid bpfseal signature: %s",
		       bpfseal_sig_errstr(err));
		BIO_free(bio);
		return BPFSEAL_VERDICT_BADSIG;
	}
	printf("size: %zu bytes\n", sig->len);
	if (info.issuer.len) {
		X509_NAME *name;

		p = info.issuer.data;
		name = d2i_X509_NAME(NULL, &p, info.issuer.len);
		printf("signer issuer: ");
		if (name)
			X509_NAME_print_ex(bio, name, 0, XN_FLAG_ONELINE);
		else
			printf("(unreadable)");
		(void)BIO_flush(bio);
		printf("\n");
		X509_NAME_free(name);
		print_hex_line("signer serial", &info.serial);
	} else {
		printf("signer issuer: - (identified by key identifier)\n");
		printf("signer serial: -\n");
	}
	print_hex_line("signer subject key identifier", &info.skid);
	printf("digest algorithm: sha256\n");
	print_oid("signature algorithm", &info.sig_alg);
	if (info.signing_time.len) {
		ASN1_TIME *t;

		p = info.signing_time.data;
		t = d2i_ASN1_TIME(NULL, &p, info.signing_time.len);
		printf("signing time: ");
		if (t)
			ASN1_TIME_print(bio, t);
		(void)BIO_flush(bio);
		printf("\n");
		ASN1_TIME_free(t);
	} else {
		printf("signing time: -\n");
	}
	printf("signed attributes: %s\n", info.signed_attrs.len ? "yes" : "none");
	printf("embedded certificates: %s\n", info.has_certs ? "yes" : "none");
	if (!info.has_hornet) {
		printf("map hashes: none (no Hornet attribute: PARTIALSIG unless the payload covers the maps)\n");
	} else {
		printf("map hashes: %u\n", info.nr_maps);
		for (i = 0; i < info.nr_maps; i++) {
			if (info.maps[i].hash_len) {
				bs_hex(hex, info.maps[i].hash,
				       info.maps[i].hash_len);
				printf("  map %u: %s\n", info.maps[i].index, hex);
			} else {
				printf("  map %u: (empty: not checked)\n",
				       info.maps[i].index);
			}
		}
	}
	BIO_free(bio);
	return 0;
}
