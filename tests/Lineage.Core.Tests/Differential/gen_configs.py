#!/usr/bin/env python3
"""Seeded generator of YAML config texts for the differential tests (Python 3.11 stdlib + PyYAML).

    python3 gen_configs.py --seed 42 --count 5000 > texts.json

Writes one JSON array of texts (ensure_ascii, so lone surrogates and any character survive). The same
seed and count always give the same texts: the script re-executes itself with PYTHONHASHSEED=0 so
that yaml.dump(sort_keys=False) of sets is reproducible too.

Four sources, mixed per document:
  * a hand-written YAML renderer (about 50%) that writes random trees with every spelling the
    PyYAML rules know: YAML 1.1 bools/nulls/ints/floats/timestamps, explicit tags, anchors, aliases,
    merges, block scalars, quoting and escapes, long lines and keys, comments, flow style, CRLF, BOM;
  * yaml.dump of random Python values with random dump options (about 27%);
  * token soup (about 8%): short random runs of YAML fragments, mostly invalid, to compare what the two
    parsers accept (indicators, tabs, document markers, directives, raw NEL/LS, flow/block mixes);
  * deliberately invalid documents (about 15%): snippets PyYAML rejects, and random mutations.
"""
import argparse
import base64
import datetime as dt
import json
import math
import os
import random
import struct
import sys

import yaml

# --------------------------------------------------------------------------------------------------
# Scalar spellings
# --------------------------------------------------------------------------------------------------

BOOL_WORDS = ['yes', 'no', 'true', 'false', 'on', 'off']
BOOLS = [v for w in BOOL_WORDS for v in (w, w.capitalize(), w.upper())]
NOT_BOOLS = ['y', 'Y', 'n', 'N', 'tRUE', 'yES', 'oN', 'True_', 'nO', 'OFf', 'falsey', 'Yes.']
NULLS = ['~', 'null', 'Null', 'NULL']
NOT_NULLS = ['nULL', 'none', 'None', 'nil', 'NuLL', '~~', 'null_']
WORDS = ['alpha', 'beta', 'gamma', 'delta', 'lr', 'epochs', 'model', 'plant', 'circuit', 'train', 'eval',
         'batch_size', 'dropout', 'x', 'y', 'z', 'a', 'b', 'B', 'Z', 'value', 'name', 'path', 'seed', 'id',
         'layers', 'optimizer', 'adam', 'sgd', 'features', 'target', 'window', 'horizon', 'loss', 'mse']
ANCHOR_NAMES = ['a', 'base', 'defaults', 'x1', 'id001', 'id002', 'anc-1', 'a_b', 'A', 'ref', 'common']
UNICODE_BITS = ['é', 'naïve', 'Ünïcödé', '日本語', '中文', '한국어', '😀', '🚀x', 'a\u00a0b', '\u00a0', 'x\ufeffy',
                'ß', 'Ωmega', 'ｆｕｌｌ', '～', 'e\u0301', '\u200b', 'עברית', 'العربية', '\U0001F600\U0001F601',
                'Ǆ', 'ﬁ', '€', '£', '¥', 'µ', '\u00ad', '\u2603', '\ue000', '\ufffd', '\U00010000']
LOOKALIKES = ['yes', 'No', 'ON', 'off', 'true', 'FALSE', '1.0', '', '<<', '=', '2025-12-11', '~', 'null',
              'NULL', '123', '-5', '0x1F', '012', '0b101', '1:30', '1_000', '.inf', '-.Inf', '.NaN', '1.',
              '1.0e+3', '2025-12-11 10:00:00', '2025-01-01T00:00:00Z', '+1', '0', '-0', '00', '1:20:30.5']
TRICKY_PLAIN = ['a:b', 'a#b', '-a', '?a', "it's", 'say "hi"', '\\', 'a,b', 'x[0]', 'path/to/file.csv',
                'http://example.com/x?q=1#frag', 'C:\\dir\\f', 'a:', 'k=v', 'a!b', 'a&b', 'a*b', 'a|b', 'a>b',
                'a%b', 'a@b', 'a`b', 'foo bar', 'foo  bar', 'a ; b', '---x', '...x', '--', '-.5', '+.5', '0o12',
                '0X1F', '0:30', '1:60', '1e3', '6.02e23', '1.0e3', '2025-1-5', '2025-12-11T10:00', '.5.', '1.2.3',
                '0x', '0b', '0b2', '08', '09.', '1__2', '1_', '_1', '-', '+', '.', '..', ':x', 'x:y:z',
                '-.nan', '.Nan', 'inf', 'nan', 'Infinity', '1,000', '1 000', '#x', 'x #y']
# Double-quoted escapes: (source text, meaning). Meaning is unused; kept for readability.
DQ_ESCAPES = ['\\0', '\\a', '\\b', '\\t', '\\\t', '\\n', '\\v', '\\f', '\\r', '\\e', '\\ ', '\\"', '\\\\', '\\/',
              '\\N', '\\_', '\\L', '\\P', '\\x41', '\\x7f', '\\x7F', '\\x01', '\\x1b', '\\x85', '\\xa0', '\\xe9',
              '\\xff', '\\u00e9', '\\u2028', '\\u2029', '\\ufeff', '\\uFFFE', '\\uffff', '\\u0000', '\\u4e2d',
              '\\ud83d', '\\ude00', '\\ud83d\\ude00', '\\U0001F600', '\\U0010FFFF', '\\U00000041', '\\u0085']
TRICKY_DOUBLES = ['0.1', '0.30000000000000004', '1e16', '1e-5', '5e-324', '2.2250738585072014e-308',
                  '1.7976931348623157e+308', '9007199254740993.0', '123456789012345678.0', '0.1000000000000000055511151231257827',
                  '2.2250738585072011e-308', '4.9406564584124654e-324', '1.0e+400', '1.0e-400', '-0.0',
                  '100000000000000000000000.0', '9999999999999999.0', '0.0001', '0.00001', '1e15', '1e17',
                  '3.141592653589793238462643383279', '2.718281828459045', '1.5', '-2.5e-10', '6.02214076e+23']


def rep_float(x):
    """How yaml.dump writes a finite float (repr, lower-case, '.0' before a bare exponent)."""
    r = repr(x).lower()
    if 'e' in r and '.' not in r:
        r = r.replace('e', '.0e')
    return r


class Gen:
    def __init__(self, rng):
        self.r = rng

    # ---- basic random helpers
    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def word(self):
        return self.pick(WORDS)

    def ident(self):
        r = self.r
        k = r.random()
        if k < 0.5:
            return self.word()
        if k < 0.7:
            return self.word() + '_' + self.word()
        if k < 0.8:
            return self.word() + str(r.randrange(100))
        if k < 0.87:
            return self.word().capitalize() + self.word().capitalize()
        if k < 0.93:
            return self.word() + '.' + self.word()
        return self.word() + '-' + self.word()

    def with_underscores(self, digits):
        r = self.r
        if len(digits) > 1 and self.chance(0.3):
            out = digits[0]
            for ch in digits[1:]:
                if self.chance(0.25):
                    out += '_' * r.choice([1, 1, 1, 2])
                out += ch
            if self.chance(0.1):
                out += '_'
            return out
        return digits

    def sign(self):
        return self.r.choice(['', '', '', '-', '+'])

    # ---- scalar spellings (source text of a plain scalar unless stated)
    def int_text(self):
        r = self.r
        k = r.randrange(14)
        if k == 0:
            return self.sign() + '0' + self.with_underscores(''.join(r.choice('01234567') for _ in range(r.randrange(1, 8))))
        if k == 1:
            return self.sign() + '0x' + self.with_underscores(''.join(r.choice('0123456789abcdefABCDEF') for _ in range(r.randrange(1, 12))))
        if k == 2:
            return self.sign() + '0b' + self.with_underscores(''.join(r.choice('01') for _ in range(r.randrange(1, 20))))
        if k == 3:
            groups = [str(r.randrange(1, 300))] + ['%0*d' % (r.choice([1, 2]), r.randrange(60)) for _ in range(r.randrange(1, 4))]
            return self.sign() + ':'.join(groups)
        if k == 4:
            return self.sign() + str(r.randrange(1, 10)) + ''.join(r.choice('0123456789') for _ in range(r.randrange(19, 45)))
        if k == 5:
            return r.choice(['0', '-0', '+0', '00', '0_0', '000', '0_', '-0_0', '1__2', '1_', '+1_0'])
        if k == 6:
            return r.choice(['0o12', '0X1F', '0:30', '1:60', '08', '0b2', '0x', '0xG', '1::5', '-0x1f', '+0b11',
                             '9223372036854775807', '9223372036854775808', '-9223372036854775809', '18446744073709551616',
                             '1:30', '190:20:30', '1_0:3_0', '-1:30', '0:0', '59:59', '1:00:00:00:00'])
        n = r.choice([1, 1, 2, 3, 4, 6, 9, 12, 18])
        return self.sign() + self.with_underscores(str(r.randrange(1, 10)) + ''.join(r.choice('0123456789') for _ in range(n - 1)))

    def random_double(self):
        r = self.r
        k = r.randrange(5)
        if k == 0:
            while True:
                x = struct.unpack('<d', struct.pack('<Q', r.getrandbits(64)))[0]
                if math.isfinite(x):
                    return x
        if k == 1:
            return r.uniform(-1000, 1000)
        if k == 2:
            return r.random() * 10 ** r.randrange(-30, 30)
        if k == 3:
            return float(r.randrange(-10 ** 6, 10 ** 6)) / r.choice([1, 2, 4, 10, 100, 1000, 3])
        return r.choice([0.0, -0.0, 1e16, 1e-4, 1e-5, 5e-324, 1.7976931348623157e308, 0.1, 1e15, 123456789012345680.0])

    def float_text(self):
        r = self.r
        k = r.randrange(12)
        if k == 0:
            return repr(self.random_double())  # may be '1e-05' (a string!) or '1.5e+300'
        if k == 1:
            return rep_float(self.random_double())
        if k == 2:
            x = self.random_double()
            return r.choice(['%.17e', '%.25g', '%.30f', '%.3f', '%.1f', '%e', '%.20E']) % x
        if k == 3:
            return r.choice(['.inf', '.Inf', '.INF', '-.inf', '-.Inf', '+.INF', '+.inf', '.nan', '.NaN', '.NAN',
                             '-.nan', '.Nan', '-.NaN', '.iNf', 'inf', 'nan', '-inf'])
        if k == 4:
            return r.choice(['1.0e+3', '1.0E-3', '1e3', '1.e+3', '1.', '-1.', '.5', '-.5', '+.5', '.5e+3', '.5e3',
                             '1_000.5', '1_000.5_5', '1.0e+400', '-1.0e+400', '1.0e-400', '-0.0', '0.0', '00.5',
                             '1.5e+03', '6.02e23', '6.02e+23', '1.0e3', '._5', '1._5', '1.0e+', '1.0e+_1', '0.', '-0.',
                             '+0.', '1__0.0', '.0', '-.0', '1.5E+3', '1.5e-3', '1.5e+003', '1e+3', '1.0e-05', '1.0e+16'])
        if k == 5:
            groups = [str(r.randrange(0, 200))] + ['%0*d' % (r.choice([1, 2]), r.randrange(60)) for _ in range(r.randrange(1, 3))]
            return self.sign() + ':'.join(groups) + '.' + ''.join(r.choice('0123456789') for _ in range(r.randrange(0, 6)))
        if k == 6:
            return self.pick(TRICKY_DOUBLES)
        if k == 7:
            return self.sign() + str(r.randrange(0, 10 ** r.randrange(1, 12))) + '.' + ''.join(r.choice('0123456789') for _ in range(r.randrange(0, 25)))
        if k == 8:
            return self.sign() + str(r.randrange(0, 100)) + '.' + str(r.randrange(1000)) + r.choice('eE') + r.choice('+-') + str(r.randrange(0, 330))
        if k == 9:
            return self.sign() + self.with_underscores(str(r.randrange(1, 10 ** 6))) + '.' + self.with_underscores(str(r.randrange(10 ** 6)))
        return rep_float(r.uniform(-1e6, 1e6))

    def date_text(self, valid=True):
        r = self.r
        if not valid or self.chance(0.005):
            return r.choice(['2025-02-30', '2025-13-01', '0000-01-01', '2023-02-29', '2025-00-10', '2025-04-31',
                             '2025-01-00', '2025-1-5', '2025-01-5', '25-01-01', '20250-01-01', '2025-12-11x'])
        y = r.choice([r.randrange(1, 10000), r.randrange(1970, 2040), 2024, 2000, 1900, 9999, 1])
        m = r.randrange(1, 13)
        d = r.randrange(1, 29) if m == 2 else r.randrange(1, 31)
        if m == 2 and self.chance(0.1) and (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
            d = 29
        return '%04d-%02d-%02d' % (y, m, d)

    def datetime_text(self, allow_tab=False, valid=True):
        r = self.r
        y = r.choice([r.randrange(1, 10000), r.randrange(1990, 2040)])
        m = r.randrange(1, 13)
        d = r.randrange(1, 29)
        ms = ('%d' if self.chance(0.3) else '%02d') % m
        ds = ('%d' if self.chance(0.3) else '%02d') % d
        seps = ['T', 't', ' ', '  ']
        if allow_tab:
            seps.append('\t')
        sep = self.pick(seps)
        hh = r.randrange(24)
        hs = ('%d' if self.chance(0.3) else '%02d') % hh
        mm, ss = r.randrange(60), r.randrange(60)
        if not valid:
            k = r.randrange(5)
            if k == 0:
                hs = str(r.choice([24, 25, 99]))
            elif k == 1:
                mm = r.choice([60, 99])
            elif k == 2:
                ss = r.choice([60, 61])
            elif k == 3:
                ds = '32'
        frac = ''
        if self.chance(0.5):
            frac = '.' + ''.join(r.choice('0123456789') for _ in range(r.randrange(0, 10)))
        tz = ''
        kz = r.randrange(8)
        if kz == 1:
            tz = 'Z'
        elif kz == 2:
            tz = r.choice(['+', '-']) + str(r.randrange(0, 15))
        elif kz == 3:
            tz = r.choice(['+', '-']) + '%02d' % r.randrange(0, 15)
        elif kz == 4:
            tz = r.choice(['+', '-']) + '%d:%02d' % (r.randrange(0, 15), r.choice([0, 30, 45, 15]))
        elif kz == 5:
            tz = r.choice(['+', '-']) + '%02d:%02d' % (r.randrange(0, 23), r.choice([0, 30, 59, 99]))
        elif kz == 6:
            tz = r.choice(['z', '+5:3', 'UTC', '+23:59', '+0', '-00:00', '+5:99', '-23:59'])
            if not valid or self.chance(0.01):
                tz = r.choice(['+24', '-24:00', '+23:60'])
        if tz and self.chance(0.3):
            tz = r.choice([' ', '  ']) + tz
        return '%04d-%s-%s%s%s:%02d:%02d%s%s' % (y, ms, ds, sep, hs, mm, ss, frac, tz)

    def unicode_text(self):
        r = self.r
        parts = [self.pick(UNICODE_BITS) for _ in range(r.randrange(1, 4))]
        if self.chance(0.5):
            parts.insert(r.randrange(len(parts) + 1), self.word())
        return r.choice(['', ' ', '_']).join(parts)

    def sentence(self, lo, hi, double_spaces=False):
        r = self.r
        target = r.randrange(lo, hi)
        out = ''
        while len(out) < target:
            w = self.word() if self.chance(0.85) else 'x' * r.randrange(1, 40)
            if self.chance(0.05):
                w = self.pick(UNICODE_BITS)
            if out:
                out += '  ' if (double_spaces and self.chance(0.15)) else ' '
            out += w
        return out

    # ---- quoting
    def single_quote(self, s):
        return "'" + s.replace("'", "''") + "'"

    def double_quote(self, s, escape_all=False):
        out = ['"']
        for ch in s:
            o = ord(ch)
            if ch == '"':
                out.append('\\"')
            elif ch == '\\':
                out.append('\\\\')
            elif ch == '\n':
                out.append('\\n')
            elif ch == '\t' and not self.chance(0.5):
                out.append('\t')
            elif o < 0x20 or o == 0x7f or 0x80 <= o < 0xa0 or 0xd800 <= o < 0xe000 or o in (0xfffe, 0xffff) \
                    or (escape_all and o > 0x7e):
                if o <= 0xff:
                    out.append('\\x%02X' % o if self.chance(0.5) else '\\x%02x' % o)
                elif o <= 0xffff:
                    out.append('\\u%04X' % o)
                else:
                    out.append('\\U%08X' % o)
            else:
                out.append(ch)
        out.append('"')
        return ''.join(out)

    def escaped_dq(self):
        """A double-quoted scalar full of escapes, written directly as source."""
        r = self.r
        parts = []
        for _ in range(r.randrange(1, 6)):
            k = r.random()
            if k < 0.45:
                parts.append(self.pick(DQ_ESCAPES))
            elif k < 0.75:
                parts.append(self.word())
            elif k < 0.85:
                parts.append(' ')
            else:
                parts.append(self.pick(UNICODE_BITS))
        return '"' + ''.join(parts) + '"'

    def string_scalar(self, flow=False):
        """Source text of some string-ish scalar that fits on one line."""
        r = self.r
        k = r.random()
        if k < 0.30:
            return self.ident() if self.chance(0.7) else self.sentence(5, 40)
        if k < 0.40:
            s = self.pick(TRICKY_PLAIN)
            if flow and any(c in s for c in ',[]{}#') or s in ('-', '?') or s.startswith(('#', '%', '@', '`')) \
                    or s.endswith(':') or s == '':
                return self.single_quote(s)
            return s
        if k < 0.50:
            s = self.pick(LOOKALIKES)
            return self.single_quote(s) if self.chance(0.5) else self.double_quote(s)
        if k < 0.62:
            s = self.unicode_text()
            if self.chance(0.3) and not flow and s.strip() == s and s and s[0] not in '-?:,[]{}#&*!|>\'"%@`' \
                    and ': ' not in s and ' #' not in s and '\ufeff' not in s:
                return s  # raw non-ASCII plain scalar
            return self.double_quote(s) if self.chance(0.6) else self.single_quote(s)
        if k < 0.72:
            return self.escaped_dq()
        if k < 0.80:
            s = r.choice([' lead', 'trail ', ' both ', 'a: b', 'a #b', '#x', '---', '...', '--- x', '... x', ': x',
                          '- x', '? x', "it's", "''", '"', '\\', '{a}', '[a]', '&a', '*a', '!a', '|', '>', '%', '@',
                          '`', 'a\tb', '\t', ' ', '  ', 'x' * 3, 'tab\there', 'l1\nl2', 'l1 \nl2', 'l1\n l2',
                          'l1\r\nl2', 'a\n', '\na', 'a\n\nb', 'a\n\n', '\n', '\x7f', '\x00', '\x1b[0m', 'a\u2028b',
                          'a\x85b', 'a\u00a0', '\u00a0a', 'a\ufeff'])
            return self.single_quote(s) if (self.chance(0.4) and all(0x20 <= ord(c) <= 0x7e or c == '\n' for c in s)) \
                else self.double_quote(s)
        if k < 0.85:
            # strings around 80 columns, to exercise folding
            s = self.sentence(60, 200, double_spaces=True)
            if flow:
                return self.double_quote(s) if self.chance(0.5) else self.single_quote(s)
            return r.choice([s if s[0] not in '-?:,[]{}#&*!|>\'"%@`' and ': ' not in s and ' #' not in s
                             and all(ord(c) < 0x7f for c in s) else self.single_quote(s),
                             self.single_quote(s), self.double_quote(s)])
        if k < 0.90:
            s = 'x' * r.randrange(74, 82) + r.choice(['\\xE9\\xE9 yy', '  yy\\t', ' y z', '\\t\\t\\t abc', '\\n'])
            return '"' + s + '"'
        if k < 0.95:
            return r.choice(['""', "''", '"\'"', "'\"'", "''''", '" "', "' '", '"\\t"', '"a\\\\b"',
                             '"x\x85y"', '"x\u2028y"', "'x\u2029y'", '"\x85"', "'a\x85b'"])  # raw NEL/LS/PS
        return self.single_quote(self.sentence(1, 20))

    def explicit_tag_scalar(self):
        """A scalar with an explicit tag (and sometimes a bad value)."""
        r = self.r
        choices = [
            '!!str 123', '!!str yes', '!!str', '!!str ~', '!!str 2025-01-01', '!!str 1.5', "!!str ''",
            '!!int "0x1F"', '!!int "012"', '!!int "0o17"', '!!int " 12 "', '!!int "1:70"', '!!int "-0"', '!!int "1_0"',
            '!!int "+0b11"', '!!int 42', '!!int "٤٢"',
            '!!float "1e3"', '!!float "inf"', '!!float "-nan"', '!!float " 1.5 "', '!!float "1_0"', '!!float 1',
            '!!float "1:30"', '!!float ".5"', '!!float "-.5"', '!!float "1e400"', '!!float "0.1"', '!!float "-0"',
            '!!bool "yEs"', '!!bool "ON"', '!!bool false', '!!bool "Off"',
            '!!null abc', '!!null ""', '!!null', '!!null "null"',
            '!!timestamp "2025-1-1"', '!!timestamp "2025-01-01\\n"', '!!timestamp "2025-01-01\\t10:00:00"',
            "!!timestamp '2025-01-01 1:00:00 +05:99'", '!!timestamp 2025-06-01', '!!timestamp "2025-06-01T00:00:00.5Z"',
            '!!binary aGVsbG8gd29ybGQ=', '!!binary ""', '!!binary "AAECAwQFBgcICQ=="', '!!binary |\n  aGVs\n  bG8=',
            '! 123', '! yes', '! 1.5', '! ~', '! 2025-01-01', '! abc', '! "123"', "! '1.5'",
            '!<tag:yaml.org,2002:str> 12', '!<tag:yaml.org,2002:int> "7"', '!!map {}', '!!seq []',
            '!!set {a, b}', '!!set {1, 2, 3}', '!!set {}', '!!omap [a: 1, b: 2]', '!!pairs [a: 1, a: 2]', '!!omap []',
            '!!set {2025-01-01, 2024-01-01}', '!!set {b, A, é}', '!!pairs [1: x, b: y]',
        ]
        bad = ['!!int "08"', '!!int "0x_"', '!!int ""', '!!bool maybe', '!!float "abc"', '!!timestamp "abc"',
               '!foo x', '!!python/tuple [1, 2]', '!!binary "a"', '!!omap [1, 2]', '!!set [a]', '!!int "1e3"',
               '!!python/object:os.system x', '!<tag:example.com,2000:x> y', '!!float ""']
        if self.chance(0.015):
            return self.pick(bad)
        return self.pick(choices)

    def block_scalar_lines(self):
        r = self.r
        lines = []
        for _ in range(r.randrange(0, 6)):
            k = r.random()
            if k < 0.15:
                lines.append('')
            elif k < 0.25:
                lines.append(' ' * r.randrange(1, 4) + self.sentence(1, 20))  # more indented
            elif k < 0.30:
                lines.append(self.word() + '\t' + self.word())
            elif k < 0.35:
                lines.append(self.word() + '   ')  # trailing spaces
            elif k < 0.40:
                lines.append(self.pick(UNICODE_BITS))
            elif k < 0.45:
                lines.append('# not a comment')
            elif k < 0.50:
                lines.append(self.sentence(70, 120))
            else:
                lines.append(self.sentence(1, 40))
        if self.chance(0.3):
            lines += [''] * r.randrange(1, 3)
        return lines

    def scalar_node(self, flow=False, key=False):
        r = self.r
        k = r.random()
        if key:
            return self.key_scalar(flow)
        if k < 0.10:
            return S(self.pick(BOOLS) if self.chance(0.8) else self.pick(NOT_BOOLS))
        if k < 0.15:
            if self.chance(0.2) and not flow:
                return S('')
            return S(self.pick(NULLS) if self.chance(0.8) else self.pick(NOT_NULLS))
        if k < 0.30:
            return S(self.int_text())
        if k < 0.45:
            return S(self.float_text())
        if k < 0.50:
            return S(self.date_text())
        if k < 0.56:
            return S(self.datetime_text())
        if k < 0.62:
            t = self.explicit_tag_scalar()
            if '\n' in t:
                if flow:
                    return S('!!binary aGVsbG8=')
                return S(t, kind='block')
            if flow and any(x in t for x in ('{', '[')):
                return S(t.split(' ')[0] + ' x') if t.startswith('!!str') else S('!!str x')
            return S(t)
        if k < 0.70 and not flow:
            return self.block_scalar()
        if k < 0.75 and not flow:
            return self.multiline_scalar()
        return S(self.string_scalar(flow))

    def block_scalar(self):
        r = self.r
        head = r.choice(['|', '>'])
        chomp = r.choice(['', '', '-', '+'])
        ind = ''
        lines = self.block_scalar_lines()
        if self.chance(0.2) or (lines and lines[0].startswith(' ')) or (lines and lines[0] == ''):
            ind = str(r.randrange(1, 4))
        header = head + (chomp + ind if self.chance(0.5) else ind + chomp)
        return S(header, kind='block', lines=lines, indicator=int(ind) if ind else 0)

    def multiline_scalar(self):
        r = self.r
        k = r.randrange(3)
        nlines = r.randrange(2, 5)
        lines = [self.sentence(1, 30) for _ in range(nlines)]
        if self.chance(0.3):
            lines.insert(r.randrange(1, len(lines)), '')  # blank line = newline in content
        if k == 0:
            # plain multi-line: first line must be a valid plain start
            lines = [l.replace(': ', ' ').replace(' #', ' ') for l in lines]
            if lines[0][:1] in '-?:,[]{}#&*!|>\'"%@`':
                lines[0] = 'x' + lines[0]
            return S('\n'.join(lines), kind='multi')
        if k == 1:
            return S("'" + '\n'.join(l.replace("'", "''") for l in lines) + "'", kind='multi')
        parts = []
        for j, l in enumerate(lines):
            l = l.replace('"', '\\"')
            if j < len(lines) - 1 and self.chance(0.2):
                l = l + '\\'  # escaped line break joins without space
            elif j < len(lines) - 1 and self.chance(0.1):
                l = l + ' '
            parts.append(l)
        return S('"' + '\n'.join(parts) + '"', kind='multi')

    def key_scalar(self, flow=False):
        r = self.r
        k = r.random()
        if k < 0.70:
            return S(self.ident())
        if k < 0.74:
            return S(self.pick(['B', 'a', 'Z', '10', '9', "'é'", '"～"', '"😀"', 'aa', 'a_', 'a-', 'a.b', '_x',
                                'A', 'ab', "'10'", "'9'", '"\\u00e9"', 'e\u0301', '"\\U0001F600"', '"\\ud83d"']))
        if k < 0.78:
            return S(self.pick(BOOLS + NULLS + ['1', '1.0', '0x1', '01', '-1', '2', '1.5', '0', '-0.0', '.nan', '.inf',
                                                  '-.inf', '1:00', '0b1', '1e3', '12345678901234567890']))
        if k < 0.81:
            return S(self.date_text() if self.chance(0.6) else self.datetime_text())
        if k < 0.85:
            # keys around the 122/123 simple-key boundary
            n = r.choice([120, 121, 122, 123, 124, 125, 118, 127, 128, 130, 200])
            s = (self.word() + '_') * 40
            s = s[:n]
            if self.chance(0.3):
                return S(self.double_quote(s[:-2] + 'é'))
            if self.chance(0.2):
                return S(str(r.randrange(1, 10)) + '9' * (n - 1))  # long int key: !!int is counted too
            return S(s)
        if k < 0.90:
            return S(self.pick(["''", "'<<'", '=', "'='", "'yes'", "'1'", "'null'", "'~'", '" lead"', "'a: b'",
                                "'#x'", "'---'", '"tab\\tkey"', "'metadata'", 'metadata_', "'it''s'", ':b', '?b', '-b',
                                ':x:y', '"a\x85b"', '"a\u2028b"']))
        if k < 0.95:
            s = self.unicode_text()
            return S(self.double_quote(s) if self.chance(0.7) else self.single_quote(s))
        return S(self.string_scalar(flow=True))


class S:
    """A scalar as written in the source."""

    def __init__(self, text, kind='plain', lines=None, indicator=0):
        self.text = text
        self.kind = kind  # plain (single line, any style), multi (spans lines), block (| or >)
        self.lines = lines or []
        self.indicator = indicator
        self.anchor = None
        self.tag = None


class M:
    def __init__(self):
        self.items = []  # (key node, value node)
        self.anchor = None
        self.tag = None
        self.flow = False


class Q:
    def __init__(self):
        self.items = []
        self.anchor = None
        self.tag = None
        self.flow = False


class Alias:
    def __init__(self, target):
        self.target = target
        self.anchor = None
        self.tag = None


# --------------------------------------------------------------------------------------------------
# Random trees for the hand-written renderer
# --------------------------------------------------------------------------------------------------

class TreeGen(Gen):
    def __init__(self, rng):
        super().__init__(rng)
        self.done = []  # finished anchorable nodes in document order
        self.open = []  # collections being generated (for recursive aliases)
        self.anchor_count = 0

    def new_anchor(self, node):
        if node.anchor is None:
            self.anchor_count += 1
            node.anchor = '%s%d' % (self.pick(ANCHOR_NAMES), self.anchor_count) if self.chance(0.9) \
                else 'id%03d' % (self.anchor_count + 1)
        return node

    def alias_to(self, pred):
        cands = [n for n in self.done if pred(n)]
        if not cands:
            return None
        t = self.pick(cands)
        self.new_anchor(t)
        return Alias(t)

    def value(self, depth, flow=False):
        r = self.r
        k = r.random()
        if k < 0.06 and self.done:
            a = self.alias_to(lambda n: True)
            if a:
                return a
        if k < 0.065 and self.open and not flow:
            t = self.pick(self.open)  # recursive structure
            self.new_anchor(t)
            return Alias(t)
        if depth <= 0 or k < 0.62:
            n = self.scalar_node(flow=flow)
            if not flow and n.kind == 'plain' and not n.text.startswith('!') and self.chance(0.03):
                n.tag = self.pick(['!!str', '!'])
            self.done.append(n)
            return n
        if k < 0.83:
            return self.mapping(depth - 1, flow=flow)
        return self.sequence(depth - 1, flow=flow)

    def mapping(self, depth, flow=False, top=False):
        r = self.r
        m = M()
        m.flow = flow or (not top and self.chance(0.12))
        if m.flow and not top:
            flow = True
        if not top:  # the root is never anchored: it cannot be an alias target
            self.open.append(m)
        n = r.choice([0, 1, 2, 3, 3, 4, 5, 6, 8]) if not top else r.randrange(1, 12)
        mixed = self.chance(0.12)
        used = []
        if self.chance(0.12) and self.done and not top:
            self.add_merge(m, flow)
        for _ in range(n):
            if mixed or self.chance(0.04):
                key = self.key_scalar(flow) if self.chance(0.5) else S(self.pick(
                    ['1', '1.0', 'true', '0x1', '~', '2', '-1', '.nan', '.NaN', '1.5', '2025-01-01', '3']))
            else:
                key = S(self.ident())
            if used and self.chance(0.05):
                key = S(self.pick(used).text)  # duplicate key
            if not flow and self.chance(0.02):
                a = self.alias_to(lambda x: isinstance(x, S) and x.kind == 'plain' and x.tag is None)
                if a:
                    key = a
            if flow and isinstance(key, S) and (key.text.startswith('?') or key.text == ''):
                key = S(self.ident())
            used.append(key) if isinstance(key, S) else None
            val = self.value(depth, flow)
            m.items.append((key, val))
            if self.chance(0.04) and self.done and not flow:
                self.add_merge(m, flow)
        if not top:
            self.open.pop()
            self.done.append(m)
        return m

    def add_merge(self, m, flow):
        r = self.r
        maps = [n for n in self.done if isinstance(n, M) and n not in self.open]
        k = r.random()
        if maps and k < 0.5:
            t = self.pick(maps)
            self.new_anchor(t)
            m.items.append((S('<<'), Alias(t)))
        elif maps and k < 0.75:
            q = Q()
            q.flow = True
            for _ in range(r.randrange(1, 4)):
                t = self.pick(maps)
                self.new_anchor(t)
                q.items.append(Alias(t))
            m.items.append((S('<<'), q))
        elif k < 0.99:
            inner = M()
            inner.flow = True
            for _ in range(r.randrange(0, 3)):
                inner.items.append((S(self.ident()), S(self.int_text())))
            m.items.append((S('<<'), inner))
        else:
            m.items.append((S('<<'), S(self.pick(['1', 'x', '[1]', '~', '[x, {a: 1}]']))))  # errors mostly

    def sequence(self, depth, flow=False):
        r = self.r
        q = Q()
        q.flow = flow or self.chance(0.15)
        if q.flow:
            flow = True
        self.open.append(q)
        for _ in range(r.choice([0, 1, 2, 3, 4, 5])):
            q.items.append(self.value(depth, flow))
        self.open.pop()
        self.done.append(q)
        return q


def flowable(node, seen=None):
    if isinstance(node, Alias):
        return True
    if isinstance(node, S):
        return node.kind == 'plain' and not any(c in node.text for c in '\n') and not (
            node.text == '' and node.tag is None)
    if isinstance(node, M):
        return all(flowable(k) and flowable(v) for k, v in node.items)
    return all(flowable(x) for x in node.items)


class Renderer:
    def __init__(self, rng, step):
        self.r = rng
        self.step = step
        self.indentless = rng.random() < 0.6
        self.comments = rng.random() < 0.3

    def props(self, node):
        parts = []
        if node.tag:
            parts.append(node.tag)
        if node.anchor:
            parts.append('&' + node.anchor)
        if len(parts) == 2 and self.r.random() < 0.5:
            parts.reverse()
        return ' '.join(parts)

    def comment(self):
        if self.comments and self.r.random() < 0.2:
            return self.r.choice([' # comment', '  # note: x', ' #', ' # é ünïcode'])
        return ''

    def scalar_text(self, s, ind):
        if s.kind == 'multi':
            lines = s.text.split('\n')
            if s.text[:1] in '"\'' and self.r.random() < 0.15:
                ind = self.r.randrange(0, max(ind, 1))  # continuation less indented than the key
            return ('\n' + ' ' * ind).join(lines).replace('\n' + ' ' * ind + '\n', '\n\n')
        return s.text

    def flow(self, node):
        if isinstance(node, Alias):
            return '*' + node.target.anchor
        p = self.props(node)
        p = p + ' ' if p else ''
        if isinstance(node, S):
            return p + node.text
        if isinstance(node, M):
            items = []
            for k, v in node.items:
                kt = self.flow(k)
                if isinstance(k, Alias):
                    kt += ' '
                if isinstance(v, S) and v.text == '' and v.tag is None:
                    items.append(kt)
                else:
                    items.append(kt + ': ' + self.flow(v))
            sep = self.r.choice([', ', ',', ' , '])
            trail = ',' if (items and self.r.random() < 0.1) else ''
            return p + '{' + sep.join(items) + trail + '}'
        items = [self.flow(x) for x in node.items]
        trail = ',' if (items and self.r.random() < 0.1) else ''
        return p + '[' + ', '.join(items) + trail + ']'

    def after_key(self, node, ind):
        """Text after 'key:' (or '-') for a node whose parent collection is at column ind."""
        if isinstance(node, Alias):
            return ' *' + node.target.anchor + self.comment()
        p = self.props(node)
        if isinstance(node, S):
            if node.kind == 'block':
                if not node.lines and '\n' in node.text:  # block scalar written directly (e.g. !!binary |)
                    head, rest = node.text.split('\n', 1)
                    body = '\n'.join(' ' * (ind + self.step) + l.strip() for l in rest.split('\n'))
                    return ' ' + (p + ' ' if p else '') + head + '\n' + body
                cind = ind + (node.indicator if node.indicator else self.step)
                if node.indicator and cind <= ind:
                    cind = ind + 1
                body = ''.join((' ' * cind + l if l else (' ' * self.r.choice([0, 0, 0, cind, cind + 1, max(cind - 1, 0)]))) + '\n'
                               for l in node.lines)
                if not p and not node.indicator and self.r.random() < 0.05:
                    # header on its own line at the parent's column: valid for PyYAML
                    return '\n' + ' ' * ind + node.text + '\n' + body.rstrip('\n')
                return ' ' + (p + ' ' if p else '') + node.text + self.comment() + '\n' + body.rstrip('\n')
            t = self.scalar_text(node, ind + self.step)
            if t == '' and not p:
                return self.comment()
            return ' ' + (p + ' ' if p else '') + t + ('' if node.kind == 'multi' else self.comment())
        if (node.flow or not node.items) and flowable(node):
            return ' ' + self.flow(node) + self.comment()
        head = (' ' + p if p else '') + self.comment() + '\n'
        if isinstance(node, M):
            return head + self.block_map(node, ind + self.step)
        sind = ind if self.indentless else ind + self.step
        return head + self.block_seq(node, sind)

    def key_text(self, k):
        if isinstance(k, Alias):
            return '*' + k.target.anchor + ' '
        p = self.props(k)
        return (p + ' ' if p else '') + k.text

    def block_map(self, m, ind):
        lines = []
        pad = ' ' * ind
        for idx, (k, v) in enumerate(m.items):
            if idx and self.comments and self.r.random() < 0.05:
                lines.append(' ' * self.r.randrange(0, ind + 3) + '# full-line comment')
            if self.comments and self.r.random() < 0.03:
                lines.append('')
            complex_key = isinstance(k, (M, Q)) or (isinstance(k, S) and (k.kind != 'plain' or len(k.text) > 1000)) \
                or (self.r.random() < 0.04)
            if complex_key:
                if isinstance(k, (M, Q)):
                    kt = ' ' + self.flow(k)
                else:
                    kt = self.after_key(k, ind)
                lines.append(pad + '?' + kt)
                lines.append(pad + ':' + self.after_key(v, ind))
            else:
                lines.append(pad + self.key_text(k) + ':' + self.after_key(v, ind))
        return '\n'.join(lines)

    def block_seq(self, q, ind):
        lines = []
        pad = ' ' * ind
        for x in q.items:
            if isinstance(x, (M, Q)) and x.items and not x.anchor and not x.tag and not (x.flow and flowable(x)):
                inner = self.block_map(x, ind + 2) if isinstance(x, M) else self.block_seq(x, ind + 2)
                lines.append(pad + '- ' + inner[ind + 2:])
            else:
                lines.append(pad + '-' + self.after_key(x, ind))
        return '\n'.join(lines)


def metadata_node(tg):
    m = M()
    r = tg.r
    m.items.append((S('created'), S(tg.datetime_text())))
    m.items.append((S('tool'), S('lineage')))
    if r.random() < 0.5:
        m.items.append((S('version'), S(tg.pick(['1', '1.0', '"1.0"', '0.1.0']))))
    if r.random() < 0.4:
        sub = tg.mapping(1)
        m.items.append((S('extra'), sub))
    tg.done.append(m)
    return m


def hand_written(rng):
    tg = TreeGen(rng)
    depth = rng.choice([1, 2, 2, 3, 3, 4, 5])
    meta_first = rng.random() < 0.2
    root = M()
    meta = None
    if meta_first:
        meta = metadata_node(tg)
        root.items.append((S('metadata'), meta))
    body = tg.mapping(depth, top=True)
    root.items.extend(body.items)
    if not meta_first and rng.random() < 0.3:
        meta = metadata_node(tg)
        # sometimes share something of the config only with metadata
        if tg.done and rng.random() < 0.5:
            a = tg.alias_to(lambda n: isinstance(n, (M, Q)) or (isinstance(n, S) and n.kind == 'plain'))
            if a:
                meta.items.append((S('shared'), a))
        root.items.append((S('metadata'), meta))
    if meta_first and rng.random() < 0.5:
        a = Alias(tg.new_anchor(meta.items[0][1]))  # the created datetime shared with metadata
        root.items.append((S('created_copy'), a))
    step = rng.choice([2, 2, 2, 4, 3, 1])
    rend = Renderer(rng, step)
    if rng.random() < 0.08:
        root.flow = True
        text = rend.flow(root) + '\n' if flowable(root) else rend.block_map(root, 0) + '\n'
    else:
        text = rend.block_map(root, 0) + '\n'
    return decorate(rng, text)


def decorate(rng, text):
    k = rng.random()
    if k < 0.08:
        text = '---\n' + text
    elif k < 0.12:
        text = '%YAML 1.1\n---\n' + text
    elif k < 0.14:
        text = '%YAML 1.2\n---\n' + text
    elif k < 0.16:
        text = '# leading comment\n\n' + text
    if rng.random() < 0.05:
        text += '...\n'
    if rng.random() < 0.05:
        text = text.rstrip('\n')
    if rng.random() < 0.03:
        text += '\n\n# trailing comment'
    if rng.random() < 0.08:
        text = text.replace('\n', '\r\n')
    elif rng.random() < 0.01:
        text = text.replace('\n', '\r')
    if rng.random() < 0.05:
        text = '\ufeff' + text
    return text


# --------------------------------------------------------------------------------------------------
# yaml.dump of random Python values
# --------------------------------------------------------------------------------------------------

class ValueGen(Gen):
    def __init__(self, rng):
        super().__init__(rng)
        self.pool = []  # shareable objects (lists, dicts, dates)

    def str_value(self):
        r = self.r
        k = r.random()
        if k < 0.4:
            return self.ident()
        if k < 0.55:
            return self.pick(LOOKALIKES + TRICKY_PLAIN)
        if k < 0.65:
            return self.unicode_text()
        if k < 0.75:
            return self.sentence(40, 220, double_spaces=True)
        if k < 0.85:
            return ''.join(r.choice(['a', ' ', '\n', '\t', 'é', "'", '"', '\\', '#', ':', '-', '\x7f', '\x00', '\u2028',
                                     '\x85', '\ufeff', '😀', '\r', '  ', '\ud83d']) for _ in range(r.randrange(0, 12)))
        if k < 0.9:
            return 'x' * r.randrange(70, 90) + r.choice(['é', ' y', '  y', '\t', '\n', ' a b c'])
        return r.choice(['', ' ', '\n', '-', '?', ':', '#', '---', '...', '<<', '=', '~'])

    def scalar(self):
        r = self.r
        k = r.random()
        if k < 0.35:
            return self.str_value()
        if k < 0.45:
            return r.choice([True, False, None])
        if k < 0.6:
            return r.choice([r.randrange(-1000, 1000), r.getrandbits(r.randrange(1, 200)) * r.choice([1, -1]), 0])
        if k < 0.75:
            return r.choice([self.random_double(), float('inf'), float('-inf'), float('nan'), -0.0, 0.5])
        if k < 0.82:
            return self.date_value()
        if k < 0.9:
            return self.datetime_value()
        if k < 0.95:
            return bytes(r.getrandbits(8) for _ in range(r.choice([0, 1, 3, 10, 57, 58, 100])))
        if self.chance(0.02):
            return r.choice([frozenset(), (1, 'a'), ()])  # python/... tags: safe_load rejects them
        return r.choice([set(), {1, 2, 3}, {'b', 'a'}, {2.5, -1}, {dt.date(2020, 1, 2), dt.date(2019, 5, 6)}])

    def date_value(self):
        r = self.r
        return dt.date(r.randrange(1, 10000), r.randrange(1, 13), r.randrange(1, 29))

    def datetime_value(self):
        r = self.r
        tz = r.choice([None, None, dt.timezone.utc, dt.timezone(dt.timedelta(hours=r.randrange(-23, 24),
                                                                               minutes=r.choice([0, 30, 45])))])
        return dt.datetime(r.randrange(1, 10000), r.randrange(1, 13), r.randrange(1, 29), r.randrange(24),
                           r.randrange(60), r.randrange(60), r.choice([0, 0, r.randrange(1000000), 500000, 1]), tz)

    def key(self, mixed):
        r = self.r
        if not mixed or self.chance(0.5):
            k = r.random()
            if k < 0.8:
                return self.ident()
            if k < 0.9:
                return self.str_value()
            return 'k' * r.randrange(118, 128)
        return r.choice([1, 2.5, True, False, None, -3, self.date_value(), self.datetime_value(), float('nan'),
                         'x', 10 ** 130, 'é'])

    def value(self, depth):
        r = self.r
        if self.pool and self.chance(0.05):
            return self.pick(self.pool)
        if depth <= 0 or self.chance(0.55):
            v = self.scalar()
            if isinstance(v, (dt.date, set)) and self.chance(0.3):
                self.pool.append(v)
            return v
        if self.chance(0.6):
            mixed = self.chance(0.15)
            d = {}
            for _ in range(r.randrange(0, 7)):
                d[self.key(mixed)] = self.value(depth - 1)
            if self.chance(0.3):
                self.pool.append(d)
            return d
        lst = [self.value(depth - 1) for _ in range(r.randrange(0, 5))]
        if self.chance(0.3):
            self.pool.append(lst)
        if self.chance(0.02):
            lst.append(lst)  # recursive
        return lst


def dumped(rng):
    vg = ValueGen(rng)
    root = {}
    for _ in range(rng.randrange(1, 10)):
        root[vg.key(rng.random() < 0.08)] = vg.value(rng.choice([1, 2, 3, 4]))
    if rng.random() < 0.3:
        root['metadata'] = {'created': vg.datetime_value(), 'shared': vg.pick(vg.pool) if vg.pool else 1}
    if rng.random() < 0.03:
        root = [root]
    opts = {}
    opts['default_flow_style'] = rng.choice([None, True, False])
    if rng.random() < 0.5:
        opts['allow_unicode'] = rng.random() < 0.7
    if rng.random() < 0.3:
        opts['width'] = rng.choice([10, 20, 40, 60, 80, 120, 1000, -1])
    if rng.random() < 0.3:
        opts['indent'] = rng.choice([2, 3, 4, 8, 9])
    if rng.random() < 0.2:
        opts['explicit_start'] = True
    if rng.random() < 0.1:
        opts['explicit_end'] = True
    opts['sort_keys'] = rng.random() < 0.5
    if rng.random() < 0.05:
        opts['canonical'] = True
    if rng.random() < 0.07:
        opts['default_style'] = rng.choice(['"', "'", '|', '>'])
    if rng.random() < 0.05:
        opts['line_break'] = rng.choice(['\r\n', '\r', '\n'])
    if rng.random() < 0.05:
        opts['version'] = (1, 1)
    try:
        text = yaml.dump(root, Dumper=yaml.Dumper, **opts)
    except Exception:  # noqa: BLE001 - e.g. an unsortable dict; fall back to plain options
        try:
            text = yaml.dump(root, Dumper=yaml.Dumper, sort_keys=False)
        except Exception:  # noqa: BLE001
            text = 'a: 1\n'
    if rng.random() < 0.05:
        text = '\ufeff' + text
    return text


# --------------------------------------------------------------------------------------------------
# Deliberately invalid documents
# --------------------------------------------------------------------------------------------------

INVALID_SNIPPETS = [
    'bad:\n  a: 1\n   b: 2\n',  # bad indentation
    'bad:\n    a: 1\n  b: 2\n',
    'bad: "unclosed\n',
    "bad: 'unclosed\n",
    'bad: *undefined\n',
    'x: &dup 1\ny: &dup 2\n',
    'bad: 2025-02-30\n',
    'bad: 2025-13-01\n',
    'bad: 0000-01-01\n',
    'bad: 2025-01-01 25:00:00\n',
    'bad: 2025-01-01T10:00:00+24:00\n',
    'bad: !!int "08"\n',
    'bad: !!int "0x_"\n',
    'bad: 0x_\n',
    'bad: 0b_\n',
    'bad: !!bool maybe\n',
    'bad: !foo x\n',
    'bad: !!python/tuple [1, 2]\n',
    'bad: !!float abc\n',
    'bad:\tvalue\n',
    'bad: a\tb\n',
    'bad: b\t\n',
    '\tbad: 1\n',
    'bad: =\n',
    'bad:\n  <<: 1\n',
    'bad:\n  <<: [1]\n',
    '? [1, 2]\n: bad\n',
    '[1]: bad\n',
    '{a: 1}: bad\n',
    'bad: [1, 2\n',
    'bad: {a: 1\n',
    'bad: "\\q"\n',
    'bad: "\\x4"\n',
    'bad: @x\n',
    'bad: `x\n',
    'bad: %x\n',
    'bad: \x01\n',
    'bad: "\x7f"\n',
    "bad: '\x80'\n",
    '# \x07 in a comment\n',
    'bad: \ufffe\n',
    'bad: |\n  x\n y\n',
    'bad: - 1\n',
    'bad: a: b\n',
    'bad: !!binary "a"\n',
    'bad: !!omap [1, 2]\n',
    'bad: !!set [a]\n',
    'bad: [a, b]]\n',
    'bad: x\n- y\n',
    'bad: &a [*a, &a 1]\n',
    'bad: {? [1]: 2}\n',
    'bad: !<!> x\n',
    'bad: ' + '9' * 4301 + '\n',
    'bad: !!timestamp "2025-01-01T10:00:00+24"\n',
    'bad: "a\\\n',
    'bad: \'it\'s\'\n',
    '%YAML 2.0\n---\nbad: 1\n',
    '%FOO bar\nbad: 1\n',
    'bad: !!map [1]\n',
    'bad: !!seq {a: 1}\n',
    '---\na: 1\n---\nb: 2\n',
    'a: 1\n---\nb: 2\n',
    'a: 1\n--- \n',
]

INVALID_WHOLE = ['- a\n- b\n', 'just a string\n', '', '# only a comment\n', '42\n', '~\n', '---\n...\n',
                 '[1, 2]\n', '!!set {a: null}\n', '!!omap [a: 1]\n', '2025-01-01\n', '!!binary aGVsbG8=\n',
                 '"quoted"\n', '|\n  block\n', '{a: 1}\n--- {b: 2}\n', '...\n', '---\n', '- a: 1\n  metadata: x\n',
                 'true\n', '.nan\n']


def invalid(rng):
    k = rng.random()
    if k < 0.1:
        return rng.choice(INVALID_WHOLE)
    if k < 0.6:
        base = hand_written(rng).replace('\r\n', '\n').replace('\r', '\n').lstrip('\ufeff')
        if base.startswith(('---', '%')):
            base = 'a: 1\n'
        lines = base.split('\n')
        snip = rng.choice(INVALID_SNIPPETS)
        if snip.startswith(('%', '---')):
            return snip + base
        # insert at a top-level boundary so the snippet stays a top-level entry
        cut = [i for i, l in enumerate(lines) if l and l[0] not in ' #-']
        i = rng.choice(cut) if cut else 0
        return '\n'.join(lines[:i]) + ('\n' if i else '') + snip + '\n'.join(lines[i:])
    # random mutation of a valid document (not always invalid; the reference decides)
    base = hand_written(rng)
    if not base:
        return ':'
    m = rng.randrange(8)
    i = rng.randrange(len(base))
    if m == 0:
        return base[:i] + base[i + 1:]
    if m == 1:
        return base[:i] + rng.choice(['"', "'", '\t', ':', '-', '[', '{', '&', '*', '!', '|', '#', ' ', '\n']) + base[i:]
    if m == 2:
        lines = base.split('\n')
        j = rng.randrange(len(lines))
        lines[j] = ' ' + lines[j]
        return '\n'.join(lines)
    if m == 3:
        return base[:i]
    if m == 4:
        lines = base.split('\n')
        j = rng.randrange(len(lines))
        lines.insert(j, lines[j])
        return '\n'.join(lines)
    if m == 5:
        return base + rng.choice(['---\nb: 1\n', 'x\n', '- y\n', '  z: 1\n', '? a\n'])
    if m == 6:
        lines = base.split('\n')
        j = rng.randrange(len(lines))
        lines[j] = lines[j].lstrip(' ')
        return '\n'.join(lines)
    return base.replace(': ', ':\t', 1)


# --------------------------------------------------------------------------------------------------
# Token soup: short random sequences of YAML fragments, to compare what the two parsers accept
# --------------------------------------------------------------------------------------------------

SOUP = ['a', 'b', 'c1', ':', ': ', ' ', '  ', '\n', '\n  ', '\n ', '- ', '-', '? ', '?', '[', ']', '{', '}', ', ', ',',
        '&x ', '*x', '*x ', '&y ', '*y', '!!str ', '! ', '|', '>', '|-', '>+', '|2', '"q"', "'s'", '"a\nb"', "'a\n b'",
        '# c', ' #c', '\t', '...', '---', '--- ', '%YAML 1.1', '%FOO x', '~', '1', '0x1F', '1.5', 'yes', '2025-01-01',
        '<<', '=', ':x', '?x', '-x', 'x:y', '""', "''", '\r\n', '\\', '@', '`', '%', '\x85', '\u2028', '\ufeff', 'é',
        '"\\ud83d"', '"\\x41"', '!!binary ', '!!set ', '!foo ', '&x', '<<: ', 'a: ', '- a: ', '\n- ', '\n? ', '\n: ']


def soup(rng):
    t = rng.choice(['', '', 'k: ', 'k:\n  ', '- ', 'a: 1\n'])
    t += ''.join(rng.choice(SOUP) for _ in range(rng.randrange(2, 14)))
    return t


# --------------------------------------------------------------------------------------------------

def generate(seed, count):
    out = []
    for i in range(count):
        rng = random.Random('%d/%d' % (seed, i))  # each case reproducible on its own
        k = rng.random()
        if k < 0.50:
            t = hand_written(rng)
        elif k < 0.77:
            t = dumped(rng)
        elif k < 0.85:
            t = soup(rng)
        else:
            t = invalid(rng)
        out.append(t)
    return out


# What every rule of pyyaml-dump.md looks like in a generated text: `--coverage` counts the texts that
# contain each, so a change to the generator that drops a rule shows up as a zero.
COVERAGE = [
    ('bool spellings (all 18)', r'(?m)(?<![\w.-])(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)(?![\w.-])'),
    ('non-bool y/n/tRUE', r'(?<![\w-])(?:y|n|tRUE|yES)(?![\w-])'),
    ('null spellings', r'(?<![\w-])(?:~|null|Null|NULL)(?![\w-])'),
    ('hex int', r'0x[0-9a-fA-F_]+'), ('octal 0NN', r'(?<![\w.:])0[0-7_]+(?![\w.:])'), ('binary 0b', r'0b[01_]+'),
    ('int with underscores', r'(?<![\w.])[1-9][0-9]*_[0-9_]*(?![\w.])'), ('sexagesimal int', r'(?<![\w:])[1-9][0-9_]*(?::[0-5]?[0-9])+(?![\w:.])'),
    ('int > 64 bits', r'(?<![\w.])[1-9][0-9]{20,}(?![\w.])'), ('0o12 / 0X1F strings', r'0o12|0X1F'), ('0:30 / 1:60 strings', r'0:30|1:60'),
    ('float with signed exponent', r'[0-9]\.[0-9]*[eE][-+][0-9]+'), ('1e3 string', r'(?<![\w.])[0-9]+e[0-9]+(?![\w.])'),
    ('.inf/.nan spellings', r'[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)'), ('sexagesimal float', r'[0-9]+(?::[0-5]?[0-9])+\.[0-9]'),
    ('float with underscore', r'[0-9]_[0-9_]*\.[0-9]'), ('float "1."', r'(?<![\w.])[0-9]+\.(?![\w.])'),
    ('float with 17+ digits', r'[0-9]\.[0-9]{17,}'),
    ('date', r'(?<!\d)\d{4}-\d\d-\d\d(?![\d:T])'), ('datetime T', r'\d{4}-\d\d?-\d\d?T\d'), ('datetime t', r'\d{4}-\d\d?-\d\d?t\d'),
    ('datetime space', r'\d{4}-\d\d?-\d\d? +\d\d?:'), ('datetime fraction 7+ digits', r':\d\d\.\d{7,}'), ('datetime Z', r':\d\d(?:\.\d*)? *Z'),
    ('datetime +HH:MM', r':\d\d(?:\.\d*)? *[-+]\d\d?:\d\d'), ('datetime +H', r':\d\d(?:\.\d*)? *[-+]\d(?![\d:])'),
    ('invalid date', r'2025-02-30|2025-13-01|0000-01-01'),
    ('merge <<: alias', r'<<: \*'), ('merge <<: list', r'<<: \['), ('anchor', r'&\w'), ('alias', r'\*\w'), ('id001-style anchor', r'&id\d{3}'),
    ('recursive alias', r'&(\S+)[^\n]*\n?(?:.*\n)*?.*\*\1\b'),
    ('!!str', r'!!str'), ('!!int', r'!!int'), ('!!float', r'!!float'), ('!!bool', r'!!bool'), ('!!null', r'!!null'),
    ('!!timestamp', r'!!timestamp'), ('!!binary', r'!!binary'), ('!!set', r'!!set'), ('!!omap', r'!!omap'), ('!!pairs', r'!!pairs'),
    ('non-specific ! tag', r'(?<![!\w])! [^!\s]'), ('unknown !foo tag', r'!foo'), ('python/ tag', r'!!python/'),
    ('double-quoted escapes', r'"[^"\n]*\\[0abtnvfre N_LPxuU/]'), ('\\U escape', r'\\U[0-9A-Fa-f]{8}'), ('surrogate escape', r'\\u[dD][89a-fA-F]'),
    ("single-quoted ''", r"'[^'\n]*''"), ('literal block |', r'[:-] [|][-+0-9]*\s*\n'), ('folded block >', r'[:-] >[-+0-9]*\s*\n'),
    ('keep chomping +', r'[|>][0-9]?\+'), ('strip chomping -', r'[|>][0-9]?-'), ('indentation indicator', r'[|>][-+]?[1-9]'),
    ('string > 80 chars', r'[^\n]{100,}'), ('key ~122 chars', r'(?m)^[^\n:]{118,126}:'), ('? complex key', r'(?m)^ *\? '),
    ('non-ASCII', r'[^\x00-\x7f]'), ('CJK', r'[\u4e00-\u9fff]'), ('emoji', r'[\U0001F600-\U0001F6FF]'), ('NBSP', '\u00a0'),
    ('BOM inside', r'(?s).\ufeff'), ('BOM at start', r'\A\ufeff'), ('raw NEL', '\x85'), ('raw LS/PS', '[\u2028\u2029]'),
    ('lookalike quoted', r"""'(?:yes|1\.0|<<|=|~|null|2025-12-11)'|''"""), ('leading/trailing space quoted', r"""['"] \w|\w ['"]"""),
    ('": " inside quotes', r"""['"][^'"\n]*: [^'"\n]*['"]"""), ("'#' in string", r'\w#\w|[\'"][^\'"\n]*#'),
    ('---/... prefixed string', r'[\'"](?:---|\.\.\.)'), ('empty {} / []', r'\{\}|\[\]'), ('nested - - x', r'- - '),
    ('top-level metadata', r'(?m)^metadata:'), ('comment', r'(?m)(?:^| )#'), ('flow mapping', r'\{[^}\n]+\}'), ('flow sequence', r'\[[^\]\n]+\]'),
    ('CRLF', r'\r\n'), ('duplicate key', r'(?m)^(\w+):.*\n(?:.*\n)*?\1:'), ('collapsing keys 1 / 1.0 / true', r'(?m)^ *(?:1\.0|true|0x1):'),
    ('NaN key', r'(?m)^ *\.(?:nan|NaN):'), ('date key', r'(?m)^ *\d{4}-\d\d-\d\d:'), ('mixed-type keys', r'(?m)^ *(?:1|2|~|-1): '),
    ('explicit start ---', r'(?m)^---'), ('%YAML directive', r'%YAML'), ('document end ...', r'(?m)^\.\.\.'),
    ('tab character', r'\t'), ('second document', r'(?s)---.*\n---'), ('top-level list', r'\A- '),
]


def coverage(texts):
    import re
    for name, pat in COVERAGE:
        rx = re.compile(pat)
        n = sum(1 for t in texts if rx.search(t))
        print('%6d  %s%s' % (n, name, '   <-- NOT COVERED' if n == 0 else ''))


def main():
    if os.environ.get('PYTHONHASHSEED') != '0':
        os.environ['PYTHONHASHSEED'] = '0'
        os.execv(sys.executable, [sys.executable] + sys.argv)
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--count', type=int, default=100)
    ap.add_argument('--show', type=int, default=None, help='print case N as text instead of JSON')
    ap.add_argument('--coverage', action='store_true', help='count the texts that exercise each rule')
    a = ap.parse_args()
    texts = generate(a.seed, a.count)
    if a.coverage:
        coverage(texts)
        return 0
    if a.show is not None:
        sys.stdout.write(texts[a.show])
        return 0
    sys.stdout.write(json.dumps(texts, ensure_ascii=True))
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
