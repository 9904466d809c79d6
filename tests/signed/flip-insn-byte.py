#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
# flip-insn-byte.py IN.lskel.h OUT.lskel.h: copy a signed light skeleton
# with one bit flipped in one byte of its loader instructions (opts_insn),
# keeping the signature. Like an attacker would, it also updates
# opts_excl_hash (the SHA-256 of the instructions the metadata map is made
# exclusive to), so only the signature check can catch the change.
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


src, dst = sys.argv[1], sys.argv[2]
text = open(src).read()
lits = {m.group(2): m for m in LIT.finditer(text)}
if 'opts_insn' not in lits or 'opts_excl_hash' not in lits:
    sys.exit('%s: no opts_insn or opts_excl_hash' % src)
insns = bytearray(decode(lits['opts_insn'].group(3)))
insns[4] ^= 0x01        # the immediate of the first instruction
excl = hashlib.sha256(insns).digest()

parts, pos = [], 0
for name, new in (('opts_insn', insns), ('opts_excl_hash', excl)):
    m = lits[name]
    parts += [text[pos:m.start(3) - 1], encode(new)]
    pos = m.end(3) + 1
parts.append(text[pos:])
if lits['opts_insn'].start() > lits['opts_excl_hash'].start():
    sys.exit('unexpected order of opts_insn and opts_excl_hash')
open(dst, 'w').write(''.join(parts))
