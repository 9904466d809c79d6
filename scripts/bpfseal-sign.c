// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal-sign: sign BPF programs and light skeletons in the Hornet format,
 * check signatures offline and show what they contain.
 *
 * This file: command line, file and argument helpers. See
 * docs/signing.md for the user's guide.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bpfseal-sign.h"

static const char usage_text[] =
"usage: bpfseal-sign COMMAND [OPTIONS]\n"
"\n"
"  sign --key KEY --cert CERT --insns FILE [--map INDEX:FILE ...]\n"
"       [--scheme insns|insns+maps] [--issuer-serial] [--pass-file F]\n"
"       --out SIG\n"
"      Write a detached PKCS#7 signature (DER) of FILE, or of FILE followed\n"
"      by the map files in index order (insns+maps), with the SHA-256 of\n"
"      every map file in the Hornet map-hash attribute. Default scheme:\n"
"      insns.\n"
"\n"
"  skel --key KEY --cert CERT [--scheme S | --kernel VERSION]\n"
"       [--issuer-serial] [--pass-file F] IN.lskel.h -o OUT.lskel.h\n"
"      Sign a light skeleton made by 'bpftool gen skeleton -L -S' and\n"
"      write it with the new signature. The scheme follows the target\n"
"      kernel (default: the running one) unless --scheme is given.\n"
"      Refuses a skeleton made without -S: its loader takes map sizes,\n"
"      initial values and flags from the loader context, which no\n"
"      signature covers. Warns about a map with max_entries 0, which\n"
"      the kernel will refuse: set sizes in the BPF source.\n"
"\n"
"  verify --cert CERT --sig SIG --insns FILE [--map INDEX:FILE ...]\n"
"         [--scheme S]\n"
"      Make the checks the bpfseal module makes and print the verdict.\n"
"      Exit status: 0 OK, 2 UNSIGNED, 3 PARTIALSIG, 4 UNKNOWNKEY,\n"
"      5 UNEXPECTED, 6 FAULT, 7 BADSIG, 64 usage error.\n"
"\n"
"  dump SIG\n"
"      Show signer, digest, signing time and map hashes.\n"
"\n"
"  extract IN.lskel.h [--insns FILE] [--data FILE] [--sig FILE]\n"
"      Write the loader instructions, metadata blob and signature\n"
"      embedded in a light skeleton to files.\n"
"\n"
"KEY is a PEM file or an OpenSSL store URI (pkcs11:...). A passphrase or\n"
"PIN comes from --pass-file or the BPFSEAL_KEY_PASS environment variable.\n"
"SOURCE_DATE_EPOCH, when set, fixes the signing time.\n";

static void usage(void)
{
	fputs(usage_text, stderr);
}

void bs_err(const char *fmt, ...)
{
	va_list ap;

	fputs("bpfseal-sign: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void bs_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int bs_read_file(const char *path, struct bs_buf *out)
{
	unsigned char *data = NULL, *n;
	size_t len = 0, cap = 0, got;
	FILE *f;

	f = fopen(path, "rb");
	if (!f) {
		bs_err("%s: %s", path, strerror(errno));
		return -errno;
	}
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			n = realloc(data, cap);
			if (!n) {
				free(data);
				fclose(f);
				bs_err("out of memory");
				return -ENOMEM;
			}
			data = n;
		}
		got = fread(data + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		bs_err("%s: read error", path);
		free(data);
		fclose(f);
		return -EIO;
	}
	fclose(f);
	out->data = data;
	out->len = len;
	return 0;
}

int bs_write_file(const char *path, const void *data, size_t len)
{
	char *tmp;
	FILE *f;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return -ENOMEM;
	f = fopen(tmp, "wb");
	if (!f) {
		bs_err("%s: %s", tmp, strerror(errno));
		free(tmp);
		return -EIO;
	}
	if (fwrite(data, 1, len, f) != len || fclose(f)) {
		bs_err("%s: write error", tmp);
		unlink(tmp);
		free(tmp);
		return -EIO;
	}
	if (rename(tmp, path)) {
		bs_err("%s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -EIO;
	}
	free(tmp);
	return 0;
}

void bs_buf_free(struct bs_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

void bs_hex(char *out, const unsigned char *in, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = 0;
}

const char *bs_scheme_name(enum bs_scheme s)
{
	switch (s) {
	case BS_SCHEME_INSNS:
		return "insns";
	case BS_SCHEME_INSNS_MAPS:
		return "insns+maps";
	default:
		return "auto";
	}
}

int bs_parse_scheme(const char *s, enum bs_scheme *out)
{
	if (!strcmp(s, "insns"))
		*out = BS_SCHEME_INSNS;
	else if (!strcmp(s, "insns+maps"))
		*out = BS_SCHEME_INSNS_MAPS;
	else
		return -EINVAL;
	return 0;
}

/*
 * Kernels 6.18 to 7.2 verify the signature over the instructions, 7.3 and
 * later over the instructions followed by the fd_array maps' contents.
 */
int bs_scheme_for_kernel(const char *release, enum bs_scheme *out)
{
	unsigned int major, minor;

	if (sscanf(release, "%u.%u", &major, &minor) != 2) {
		bs_err("cannot read a kernel version from '%s'", release);
		return -EINVAL;
	}
	if (major > 7 || (major == 7 && minor >= 3)) {
		*out = BS_SCHEME_INSNS_MAPS;
	} else if (major == 7 || (major == 6 && minor >= 18)) {
		*out = BS_SCHEME_INSNS;
	} else {
		bs_err("kernel %s has no signed BPF programs (6.18 or later needed); give --scheme to sign anyway",
		       release);
		return -EINVAL;
	}
	return 0;
}

/* INDEX:FILE, index 0..BPFSEAL_MAX_MAP_INDEX. */
int bs_parse_map_arg(const char *arg, struct bs_map *m)
{
	const char *colon = strchr(arg, ':');
	unsigned long idx;
	char *end;

	if (!colon || colon == arg || !colon[1])
		goto bad;
	errno = 0;
	idx = strtoul(arg, &end, 10);
	if (errno || end != colon || arg[0] == '-' || arg[0] == '+')
		goto bad;
	if (idx > BPFSEAL_MAX_MAP_INDEX) {
		bs_err("--map %s: index must be 0..%d", arg,
		       BPFSEAL_MAX_MAP_INDEX);
		return -ERANGE;
	}
	m->index = idx;
	m->path = colon + 1;
	m->data.data = NULL;
	m->data.len = 0;
	return 0;
bad:
	bs_err("--map %s: expected INDEX:FILE", arg);
	return -EINVAL;
}

/* Insert @m keeping @maps sorted by index; refuse duplicates. */
int bs_add_map(struct bs_map *maps, unsigned int *nr, const struct bs_map *m)
{
	unsigned int i, j;

	if (*nr >= BPFSEAL_MAX_MAPS) {
		bs_err("at most %d maps", BPFSEAL_MAX_MAPS);
		return -E2BIG;
	}
	for (i = 0; i < *nr && maps[i].index < m->index; i++)
		;
	if (i < *nr && maps[i].index == m->index) {
		bs_err("map index %u given twice", m->index);
		return -EEXIST;
	}
	for (j = *nr; j > i; j--)
		maps[j] = maps[j - 1];
	maps[i] = *m;
	(*nr)++;
	return 0;
}

/*
 * The signed payload: the instructions, then for insns+maps each map's
 * contents in fd_array order. The kernel (7.3) reads the maps from a
 * continuous fd_array, so the indexes must be 0..n-1.
 */
int bs_payload(const struct bs_buf *insns, const struct bs_map *maps,
	       unsigned int nr_maps, enum bs_scheme scheme, struct bs_buf *out)
{
	size_t len = insns->len, off;
	unsigned int i;

	if (scheme == BS_SCHEME_INSNS_MAPS) {
		for (i = 0; i < nr_maps; i++) {
			if (maps[i].index != i) {
				bs_err("insns+maps needs maps at indexes 0..%u without gaps (missing %u)",
				       nr_maps - 1, i);
				return -EINVAL;
			}
			len += maps[i].data.len;
		}
	}
	out->data = malloc(len ? len : 1);
	if (!out->data)
		return -ENOMEM;
	memcpy(out->data, insns->data, insns->len);
	off = insns->len;
	if (scheme == BS_SCHEME_INSNS_MAPS) {
		for (i = 0; i < nr_maps; i++) {
			memcpy(out->data + off, maps[i].data.data,
			       maps[i].data.len);
			off += maps[i].data.len;
		}
	}
	out->len = len;
	return 0;
}

enum {
	OPT_KEY = 256, OPT_CERT, OPT_INSNS, OPT_MAP, OPT_SCHEME, OPT_OUT,
	OPT_SIG, OPT_KERNEL, OPT_PASS_FILE, OPT_ISSUER_SERIAL, OPT_DATA,
	OPT_HELP,
};

/* The bit of option OPT (OPT_KEY ...) in struct args' seen and in a command's opts. */
#define OPT_BIT(opt) (1u << ((opt) - OPT_KEY))

static const struct option long_opts[] = {
	{ "key", required_argument, NULL, OPT_KEY },
	{ "cert", required_argument, NULL, OPT_CERT },
	{ "insns", required_argument, NULL, OPT_INSNS },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "scheme", required_argument, NULL, OPT_SCHEME },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "sig", required_argument, NULL, OPT_SIG },
	{ "kernel", required_argument, NULL, OPT_KERNEL },
	{ "pass-file", required_argument, NULL, OPT_PASS_FILE },
	{ "issuer-serial", no_argument, NULL, OPT_ISSUER_SERIAL },
	{ "data", required_argument, NULL, OPT_DATA },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

struct args {
	const char *key, *cert, *insns, *out, *sig, *kernel, *pass_file;
	const char *data;
	bool issuer_serial, scheme_set;
	unsigned int seen;	/* OPT_BIT()s of the options given */
	enum bs_scheme scheme;
	unsigned int nr_maps;
	struct bs_map maps[BPFSEAL_MAX_MAPS];
	int nr_pos;
	char *pos[4];
};

/* Parse options common to all commands; the caller checks which apply. */
static int parse_args(int argc, char **argv, struct args *a)
{
	struct bs_map m;
	int c;

	memset(a, 0, sizeof(*a));
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", long_opts, NULL)) != -1) {
		if (c == 'o')
			c = OPT_OUT;
		if (c >= OPT_KEY && c < OPT_HELP)
			a->seen |= OPT_BIT(c);
		switch (c) {
		case OPT_KEY:
			a->key = optarg;
			break;
		case OPT_CERT:
			a->cert = optarg;
			break;
		case OPT_INSNS:
			a->insns = optarg;
			break;
		case OPT_MAP:
			if (bs_parse_map_arg(optarg, &m) ||
			    bs_add_map(a->maps, &a->nr_maps, &m))
				return -EINVAL;
			break;
		case OPT_SCHEME:
			if (bs_parse_scheme(optarg, &a->scheme)) {
				bs_err("--scheme must be insns or insns+maps");
				return -EINVAL;
			}
			a->scheme_set = true;
			break;
		case OPT_OUT:
			a->out = optarg;
			break;
		case OPT_SIG:
			a->sig = optarg;
			break;
		case OPT_KERNEL:
			a->kernel = optarg;
			break;
		case OPT_PASS_FILE:
			a->pass_file = optarg;
			break;
		case OPT_ISSUER_SERIAL:
			a->issuer_serial = true;
			break;
		case OPT_DATA:
			a->data = optarg;
			break;
		case 'h':
		case OPT_HELP:
			usage();
			exit(0);
		default:
			return -EINVAL;
		}
	}
	for (; optind < argc; optind++) {
		if (a->nr_pos >= 4) {
			bs_err("too many arguments");
			return -EINVAL;
		}
		a->pos[a->nr_pos++] = argv[optind];
	}
	return 0;
}

static int need(const char *val, const char *what)
{
	if (val)
		return 0;
	bs_err("missing %s", what);
	return -EINVAL;
}

static int read_maps(struct bs_map *maps, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (bs_read_file(maps[i].path, &maps[i].data))
			return -EIO;
	return 0;
}

static int cmd_sign(struct args *a)
{
	struct bs_sign_req req = { 0 };
	struct bs_buf sig = { 0 };
	int err;

	if (need(a->key, "--key") || need(a->cert, "--cert") ||
	    need(a->insns, "--insns") || need(a->out, "--out"))
		return BS_EXIT_USAGE;
	if (a->nr_pos) {
		bs_err("sign takes no positional argument");
		return BS_EXIT_USAGE;
	}
	req.key = a->key;
	req.cert = a->cert;
	req.pass_file = a->pass_file;
	req.issuer_serial = a->issuer_serial;
	req.scheme = a->scheme_set ? a->scheme : BS_SCHEME_INSNS;
	if (bs_read_file(a->insns, &req.insns) ||
	    read_maps(a->maps, a->nr_maps))
		return BS_EXIT_FAIL;
	req.nr_maps = a->nr_maps;
	memcpy(req.maps, a->maps, sizeof(req.maps));

	err = bs_sign(&req, &sig);
	if (!err)
		err = bs_write_file(a->out, sig.data, sig.len);
	bs_buf_free(&sig);
	return err ? BS_EXIT_FAIL : 0;
}

static int cmd_skel(struct args *a)
{
	struct bs_sign_req req = { 0 };
	struct bs_skel skel = { 0 };
	unsigned char excl[BPFSEAL_SHA256_SIZE];
	struct bs_buf sig = { 0 };
	struct utsname un;
	const char *kernel = a->kernel;
	int err;

	if (need(a->key, "--key") || need(a->cert, "--cert") ||
	    need(a->out, "-o OUT.lskel.h"))
		return BS_EXIT_USAGE;
	if (a->nr_pos != 1) {
		bs_err("skel needs exactly one input header");
		return BS_EXIT_USAGE;
	}
	if (a->scheme_set && a->kernel) {
		bs_err("give --scheme or --kernel, not both");
		return BS_EXIT_USAGE;
	}
	req.scheme = a->scheme;
	if (!a->scheme_set) {
		if (!kernel) {
			if (uname(&un)) {
				bs_err("uname: %s", strerror(errno));
				return BS_EXIT_FAIL;
			}
			kernel = un.release;
		}
		if (bs_scheme_for_kernel(kernel, &req.scheme))
			return BS_EXIT_FAIL;
		bs_info("signing for kernel %s: scheme %s", kernel,
			bs_scheme_name(req.scheme));
	}

	if (bs_skel_load(a->pos[0], &skel))
		return BS_EXIT_FAIL;
	if (bs_skel_check(&skel, a->pos[0])) {
		bs_skel_free(&skel);
		return BS_EXIT_FAIL;
	}

	req.key = a->key;
	req.cert = a->cert;
	req.pass_file = a->pass_file;
	req.issuer_serial = a->issuer_serial;
	req.insns = skel.insns;
	req.nr_maps = 1;
	req.maps[0].index = 0;
	req.maps[0].path = "opts_data";
	req.maps[0].data = skel.data;

	err = bs_sign(&req, &sig);
	if (!err)
		err = bs_sha256(skel.insns.data, skel.insns.len, excl);
	if (!err)
		err = bs_skel_write(&skel, &sig, excl, a->out);
	bs_buf_free(&sig);
	bs_skel_free(&skel);
	return err ? BS_EXIT_FAIL : 0;
}

static int cmd_verify(struct args *a)
{
	struct bs_buf insns = { 0 }, sig = { 0 };
	int v;

	if (need(a->cert, "--cert") || need(a->sig, "--sig") ||
	    need(a->insns, "--insns"))
		return BS_EXIT_USAGE;
	if (a->nr_pos) {
		bs_err("verify takes no positional argument");
		return BS_EXIT_USAGE;
	}
	if (bs_read_file(a->sig, &sig) || bs_read_file(a->insns, &insns) ||
	    read_maps(a->maps, a->nr_maps)) {
		v = BPFSEAL_VERDICT_FAULT;
	} else {
		v = bs_verify(a->cert, &sig, &insns, a->maps, a->nr_maps,
			      a->scheme_set ? a->scheme : BS_SCHEME_AUTO);
	}
	printf("%s\n", bpfseal_verdict_name(v));
	return v == BPFSEAL_VERDICT_OK ? 0 : v;
}

static int cmd_dump(struct args *a)
{
	struct bs_buf sig = { 0 };
	int err;

	if (a->nr_pos != 1) {
		bs_err("dump needs exactly one signature file");
		return BS_EXIT_USAGE;
	}
	if (bs_read_file(a->pos[0], &sig))
		return BS_EXIT_FAIL;
	err = bs_dump(&sig);
	bs_buf_free(&sig);
	return err;
}

static int cmd_extract(struct args *a)
{
	struct bs_skel skel = { 0 };
	int err = 0;

	if (a->nr_pos != 1) {
		bs_err("extract needs exactly one header");
		return BS_EXIT_USAGE;
	}
	if (!a->insns && !a->data && !a->sig) {
		bs_err("extract: give at least one of --insns, --data, --sig");
		return BS_EXIT_USAGE;
	}
	if (bs_skel_load(a->pos[0], &skel))
		return BS_EXIT_FAIL;
	if (a->insns)
		err = err ?: bs_write_file(a->insns, skel.insns.data,
					   skel.insns.len);
	if (a->data)
		err = err ?: bs_write_file(a->data, skel.data.data,
					   skel.data.len);
	if (a->sig) {
		if (!skel.has_sig) {
			bs_err("%s carries no signature", a->pos[0]);
			err = -ENOENT;
		}
		err = err ?: bs_write_file(a->sig, skel.sig.data, skel.sig.len);
	}
	bs_skel_free(&skel);
	return err ? BS_EXIT_FAIL : 0;
}

int main(int argc, char **argv)
{
	/* Each command's options, as its usage text lists them. */
	static const struct {
		const char *name;
		int (*fn)(struct args *a);
		unsigned int opts;
	} cmds[] = {
		{ "sign", cmd_sign,
		  OPT_BIT(OPT_KEY) | OPT_BIT(OPT_CERT) | OPT_BIT(OPT_INSNS) |
		  OPT_BIT(OPT_MAP) | OPT_BIT(OPT_SCHEME) |
		  OPT_BIT(OPT_ISSUER_SERIAL) | OPT_BIT(OPT_PASS_FILE) |
		  OPT_BIT(OPT_OUT) },
		{ "skel", cmd_skel,
		  OPT_BIT(OPT_KEY) | OPT_BIT(OPT_CERT) | OPT_BIT(OPT_SCHEME) |
		  OPT_BIT(OPT_KERNEL) | OPT_BIT(OPT_ISSUER_SERIAL) |
		  OPT_BIT(OPT_PASS_FILE) | OPT_BIT(OPT_OUT) },
		{ "verify", cmd_verify,
		  OPT_BIT(OPT_CERT) | OPT_BIT(OPT_SIG) | OPT_BIT(OPT_INSNS) |
		  OPT_BIT(OPT_MAP) | OPT_BIT(OPT_SCHEME) },
		{ "dump", cmd_dump, 0 },
		{ "extract", cmd_extract,
		  OPT_BIT(OPT_INSNS) | OPT_BIT(OPT_DATA) | OPT_BIT(OPT_SIG) },
	};
	static struct args a;
	unsigned int extra;
	size_t i, o;

	if (argc < 2) {
		usage();
		return BS_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage();
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		if (parse_args(argc - 1, argv + 1, &a)) {
			bs_err("see 'bpfseal-sign --help'");
			return BS_EXIT_USAGE;
		}
		/* An option the command does not use is an error, not ignored. */
		extra = a.seen & ~cmds[i].opts;
		if (extra) {
			for (o = 0; long_opts[o].name; o++)
				if (extra & OPT_BIT(long_opts[o].val))
					bs_err("%s does not take --%s", cmds[i].name,
					       long_opts[o].name);
			bs_err("see 'bpfseal-sign --help'");
			return BS_EXIT_USAGE;
		}
		return cmds[i].fn(&a);
	}
	bs_err("unknown command '%s'", argv[1]);
	usage();
	return BS_EXIT_USAGE;
}
