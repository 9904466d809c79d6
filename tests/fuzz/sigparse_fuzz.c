// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the shared signature walker
 * (include/bpfseal/sigparse.h), the parser the kernel module runs on
 * signatures from userspace. Build and run: make fuzz (see
 * docs/signing.md and docs/testing.md).
 *
 * Beyond "no crash, no sanitizer report", it checks what the module relies
 * on: every blob lies inside the input, the map table respects the limits,
 * and the return value is one of the documented ones.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bpfseal/sigparse.h>

static void in_buf(const struct bpfseal_blob *b, const uint8_t *data,
		   size_t size)
{
	if (!b->len)
		return;
	if (b->data < data || b->data + b->len > data + size)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bpfseal_sig_info info;
	unsigned int i, j;
	int err;

	err = bpfseal_sig_parse(data, size, &info);
	switch (err) {
	case 0:
	case -ENODATA:
	case -EBADMSG:
	case -EFBIG:
	case -EPROTONOSUPPORT:
	case -ENOTUNIQ:
	case -ENOPKG:
	case -ENOMSG:
	case -EEXIST:
	case -ERANGE:
	case -EMSGSIZE:
	case -E2BIG:
		break;
	default:
		abort();
	}
	if (bpfseal_sig_err_verdict(err) == BPFSEAL_VERDICT_FAULT)
		abort();
	if (err == 0 && !info.has_hornet)
		abort();
	if (err == -ENODATA && info.has_hornet)
		abort();
	if (err && err != -ENODATA)
		return 0;

	in_buf(&info.issuer, data, size);
	in_buf(&info.serial, data, size);
	in_buf(&info.skid, data, size);
	in_buf(&info.signed_attrs, data, size);
	in_buf(&info.message_digest, data, size);
	in_buf(&info.signing_time, data, size);
	in_buf(&info.sig_alg, data, size);
	in_buf(&info.signature, data, size);
	if (!info.signature.len || !info.sig_alg.len)
		abort();
	if (!info.issuer.len == !info.skid.len)
		abort();
	if (info.signed_attrs.len &&
	    info.message_digest.len != BPFSEAL_SHA256_SIZE)
		abort();
	if (info.nr_maps > BPFSEAL_MAX_MAPS)
		abort();
	for (i = 0; i < info.nr_maps; i++) {
		if (info.maps[i].index > BPFSEAL_MAX_MAP_INDEX)
			abort();
		if (info.maps[i].hash_len != 0 &&
		    info.maps[i].hash_len != BPFSEAL_SHA256_SIZE)
			abort();
		for (j = 0; j < i; j++)
			if (info.maps[j].index == info.maps[i].index)
				abort();
	}
	return 0;
}
