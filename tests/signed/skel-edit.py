#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# skel-edit.py: make tampered copies of a signed light skeleton header, as an
# attacker would, for the tests.
#
#   skel-edit.py flip-insn IN OUT   one bit flipped in the loader instructions
#                                   (opts_insn); opts_excl_hash (the SHA-256
#                                   of the instructions the metadata map is
#                                   exclusive to) is updated too, so only the
#                                   signature check can catch the change
#   skel-edit.py flip-data IN OUT   one bit flipped in the metadata blob
#                                   (opts_data), after signing
#   skel-edit.py set-sig IN SIG OUT the signature (opts_sig) replaced by the
#                                   bytes of the file SIG
#   skel-edit.py read-flags IN OUT  the loader's first read of the context's
#                                   log_level (a 32-bit load from R6 + 8)
#                                   made a read of its flags (R6 + 4), as a
#                                   loader made without -S does;
#                                   opts_excl_hash updated
import hashlib
import re
import sys

LIT = re.compile(r'(static const char (\w+)\[\][^=]*= )"((?:[^"\\]|\\.|\\\n)*)"', re.S)


def decode(body):
    out = bytearray()
    for m in re.finditer(r'\\\n|\\x([0-9a-fA-F]{2})|\\0|(.)', body, re.S):
        if m.group(0) == '\\\n':
            continue
        if m.group(1):
            out.append(int(m.group(1), 16))
        elif m.group(0) == '\\0':
            out.append(0)
        else:
            out += m.group(2).encode()
    return bytes(out)


def encode(data):
    s, col = '"\\\n', 0
    for b in data:
        w = 4 if b else 2
        col += w
        if col > 78:
            s += '\\\n'
            col = w
        s += '\\x%02x' % b if b else '\\0'
    return s + '"'


def replace(text, lits, new):
    """Replace the bodies of the literals named in new (name -> bytes)."""
    order = sorted(new, key=lambda n: lits[n].start())
    parts, pos = [], 0
    for name in order:
        m = lits[name]
        parts += [text[pos:m.start(3) - 1], encode(new[name])]
        pos = m.end(3) + 1
    parts.append(text[pos:])
    return ''.join(parts)


def main(argv):
    if len(argv) < 4 or argv[1] not in ('flip-insn', 'flip-data', 'set-sig',
                                        'read-flags'):
        sys.exit('usage: skel-edit.py flip-insn|flip-data|read-flags IN OUT | set-sig IN SIG OUT')
    op, src = argv[1], argv[2]
    text = open(src).read()
    lits = {m.group(2): m for m in LIT.finditer(text)}
    need = {'flip-insn': ('opts_insn', 'opts_excl_hash'),
            'read-flags': ('opts_insn', 'opts_excl_hash'),
            'flip-data': ('opts_data',), 'set-sig': ('opts_sig',)}[op]
    for name in need:
        if name not in lits:
            sys.exit('%s: no %s in the header' % (src, name))
    if op == 'flip-insn':
        insns = bytearray(decode(lits['opts_insn'].group(3)))
        insns[4] ^= 0x01        # the immediate of the first instruction
        new = {'opts_insn': insns,
               'opts_excl_hash': hashlib.sha256(insns).digest()}
        dst = argv[3]
    elif op == 'read-flags':
        insns = bytearray(decode(lits['opts_insn'].group(3)))
        for i in range(0, len(insns), 8):
            # BPF_LDX | BPF_MEM | BPF_W, src_reg 6, off 8
            if insns[i] == 0x61 and insns[i + 1] >> 4 == 6 and \
                    insns[i + 2:i + 4] == b'\x08\x00':
                insns[i + 2] = 4
                break
        else:
            sys.exit('%s: the loader never reads log_level' % src)
        new = {'opts_insn': insns,
               'opts_excl_hash': hashlib.sha256(insns).digest()}
        dst = argv[3]
    elif op == 'flip-data':
        data = bytearray(decode(lits['opts_data'].group(3)))
        data[len(data) // 2] ^= 0x01
        new = {'opts_data': data}
        dst = argv[3]
    else:
        if len(argv) != 5:
            sys.exit('usage: skel-edit.py set-sig IN SIG OUT')
        new = {'opts_sig': open(argv[3], 'rb').read()}
        dst = argv[4]
    open(dst, 'w').write(replace(text, lits, new))


main(sys.argv)
