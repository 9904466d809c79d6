/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bpfseal-sign: internal interfaces between its source files.
 */
#ifndef BPFSEAL_SIGN_H
#define BPFSEAL_SIGN_H

#include <stdbool.h>
#include <stddef.h>

#include <bpfseal/limits.h>
#include <bpfseal/verdict.h>

/* Exit status for command-line mistakes (sysexits.h EX_USAGE). */
#define BS_EXIT_USAGE 64
/* Exit status for any other failure of sign, skel, extract and dump. */
#define BS_EXIT_FAIL 1

struct bs_buf {
	unsigned char *data;
	size_t len;
};

/* Which bytes the signature covers. */
enum bs_scheme {
	BS_SCHEME_AUTO = 0,	/* pick from the kernel version */
	BS_SCHEME_INSNS,	/* instructions only: kernels 6.18 to 7.2 */
	BS_SCHEME_INSNS_MAPS,	/* instructions || maps: 7.3 and later */
};

struct bs_map {
	unsigned int index;
	const char *path;
	struct bs_buf data;
};

/* What to sign and with what. */
struct bs_sign_req {
	const char *key;		/* PEM path or OpenSSL store URI */
	const char *cert;		/* PEM or DER path, or store URI */
	const char *pass_file;		/* passphrase file, or NULL */
	bool issuer_serial;		/* identify signer by issuer+serial */
	enum bs_scheme scheme;
	struct bs_buf insns;
	unsigned int nr_maps;
	struct bs_map maps[BPFSEAL_MAX_MAPS];	/* sorted by index */
};

/* bpfseal-sign.c: helpers */
void bs_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void bs_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int bs_read_file(const char *path, struct bs_buf *out);
int bs_write_file(const char *path, const void *data, size_t len);
void bs_buf_free(struct bs_buf *b);
void bs_hex(char *out, const unsigned char *in, size_t len);
const char *bs_scheme_name(enum bs_scheme s);
int bs_parse_scheme(const char *s, enum bs_scheme *out);
int bs_scheme_for_kernel(const char *release, enum bs_scheme *out);
int bs_parse_map_arg(const char *arg, struct bs_map *m);
int bs_add_map(struct bs_map *maps, unsigned int *nr, const struct bs_map *m);
int bs_payload(const struct bs_buf *insns, const struct bs_map *maps,
	       unsigned int nr_maps, enum bs_scheme scheme, struct bs_buf *out);

/* bpfseal-sign-cms.c: OpenSSL side */
int bs_sha256(const void *data, size_t len, unsigned char *out);
int bs_sign(const struct bs_sign_req *req, struct bs_buf *sig);
int bs_verify(const char *cert, const struct bs_buf *sig,
	      const struct bs_buf *insns, const struct bs_map *maps,
	      unsigned int nr_maps, enum bs_scheme scheme);
int bs_dump(const struct bs_buf *sig);
void bs_ossl_errors(void);

/* bpfseal-sign-skel.c: light skeleton headers */
struct bs_skel {
	char *text;			/* the whole header */
	size_t len;
	struct bs_buf insns;		/* opts_insn */
	struct bs_buf data;		/* opts_data: metadata map, index 0 */
	struct bs_buf sig;		/* opts_sig, empty if unsigned */
	bool has_sig;
};

int bs_skel_load(const char *path, struct bs_skel *skel);
int bs_skel_check(const struct bs_skel *skel, const char *path);
int bs_skel_write(const struct bs_skel *skel, const struct bs_buf *sig,
		  const unsigned char *excl_hash, const char *out_path);
void bs_skel_free(struct bs_skel *skel);

#endif /* BPFSEAL_SIGN_H */
