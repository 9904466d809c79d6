/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Object identifiers of the signature format, as DER content bytes (no tag,
 * no length) in string literals: the length is sizeof(literal) - 1.
 */
#ifndef _BPFSEAL_OID_H
#define _BPFSEAL_OID_H

/* Hornet map-hash attribute, 2.25.316487325684022475439036912669789383960 */
#define BPFSEAL_OID_HORNET_TEXT "2.25.316487325684022475439036912669789383960"
#define BPFSEAL_OID_HORNET \
	"\x69\x83\xdc\x99\x9e\xf8\xf5\xe6\x9a\x9e" \
	"\xb5\xba\xc6\xac\xad\x9b\xfe\xf7\xda\x18"

/* pkcs7-signedData, 1.2.840.113549.1.7.2 */
#define BPFSEAL_OID_SIGNED_DATA "\x2a\x86\x48\x86\xf7\x0d\x01\x07\x02"
/* pkcs7-data (id-data), 1.2.840.113549.1.7.1 */
#define BPFSEAL_OID_DATA "\x2a\x86\x48\x86\xf7\x0d\x01\x07\x01"
/* pkcs9-contentType, 1.2.840.113549.1.9.3 */
#define BPFSEAL_OID_CONTENT_TYPE "\x2a\x86\x48\x86\xf7\x0d\x01\x09\x03"
/* pkcs9-messageDigest, 1.2.840.113549.1.9.4 */
#define BPFSEAL_OID_MESSAGE_DIGEST "\x2a\x86\x48\x86\xf7\x0d\x01\x09\x04"
/* pkcs9-signingTime, 1.2.840.113549.1.9.5 */
#define BPFSEAL_OID_SIGNING_TIME "\x2a\x86\x48\x86\xf7\x0d\x01\x09\x05"
/* id-sha256, 2.16.840.1.101.3.4.2.1 */
#define BPFSEAL_OID_SHA256 "\x60\x86\x48\x01\x65\x03\x04\x02\x01"

#endif /* _BPFSEAL_OID_H */
