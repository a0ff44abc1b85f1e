"""Gzip for a stored page whose CSRF token differs per response, without compressing per response.

Each part of the page (the text between two tokens) is deflated once, on its own, and ends on a
byte boundary (a sync flush) with no reference to anything before it. A response is then those
pieces with this response's token between them as a *stored* (uncompressed) deflate block, in a
gzip member whose trailer is the CRC-32 and length of the whole page. Browsers read it as one
ordinary gzip stream.

Serving costs a join and the CRC-32 of the token, not a compression (milliseconds) nor even a
checksum of the page (about 30 µs for the demo article's 118 KB): the CRC-32 of a part is
computed once, and joined to the running one by zlib's `crc32_combine`, whose step for a part of
fixed length is a linear map kept as four 256-entry tables.

This also keeps compression out of BREACH's reach: the token is never compressed and no
compressed piece depends on it or on anything in the request, so the length of a response says
nothing about its token (which Django masks afresh per response as well).
"""

import struct
import zlib

LEVEL = 6
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # gzip, deflate, no flags, no mtime, unknown OS
MAX_STORED = 0xFFFF  # the most bytes one stored block holds


def deflate(data, *, last):
    """`data` as raw deflate blocks of its own: final if `last`, else ending byte-aligned."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


def stored(data):
    """`data` as non-final stored deflate blocks (the stream is byte-aligned where they go)."""
    blocks = []
    for start in range(0, len(data), MAX_STORED):
        chunk = data[start : start + MAX_STORED]
        blocks.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(blocks)


POLY = 0xEDB88320  # CRC-32's polynomial, reflected, as zlib writes it


def _multiply(a, b):
    """a·b modulo CRC-32's polynomial (zlib's `multmodp`; `a` not 0)."""
    m, product = 1 << 31, 0
    while True:
        if a & m:
            product ^= b
            if a & (m - 1) == 0:
                return product
        m >>= 1
        b = (b >> 1) ^ POLY if b & 1 else b >> 1


def _x_to_8n(n):
    """x^(8n) modulo the polynomial (zlib's `x2nmodp(n, 3)`): the shift past n bytes."""
    power, square = 1 << 31, 1 << 30  # x^0, and x^1 (squared below to x^8, x^16, ...)
    for _ in range(3):
        square = _multiply(square, square)
    while n:
        if n & 1:
            power = _multiply(square, power)
        n >>= 1
        square = _multiply(square, square)
    return power


class Joiner:
    """`crc32(a + part)` from `crc32(a)`, for one fixed `part` (zlib's `crc32_combine`)."""

    def __init__(self, part):
        self.crc = zlib.crc32(part)
        shift = _x_to_8n(len(part))
        bits = [_multiply(shift, 1 << bit) for bit in range(32)]  # the map, bit by bit
        tables = []
        for byte in range(4):
            table = [0] * 256
            for value in range(1, 256):
                low = value & -value  # the lowest set bit: the rest of `value` is already in
                table[value] = table[value ^ low] ^ bits[8 * byte + low.bit_length() - 1]
            tables.append(table)
        self.tables = tables

    def after(self, crc):
        t0, t1, t2, t3 = self.tables
        return t0[crc & 0xFF] ^ t1[crc >> 8 & 0xFF] ^ t2[crc >> 16 & 0xFF] ^ t3[crc >> 24] ^ self.crc


class Compressed:
    """A page's `parts` (bytes), deflated once; `body(token)` is one response's gzip body."""

    def __init__(self, parts):
        self.parts = parts
        last = len(parts) - 1
        self.pieces = [deflate(part, last=place == last) for place, part in enumerate(parts)]
        self.first_crc = zlib.crc32(parts[0])
        self.joiners = [Joiner(part) for part in parts[1:]]
        self.whole = self._member(b"") if len(parts) == 1 else None

    def body(self, token=b""):
        """The page with `token` between its parts, gzipped."""
        return self.whole if self.whole is not None else self._member(token)

    def _member(self, token):
        crc, between = self.first_crc, stored(token)
        for joiner in self.joiners:
            crc = joiner.after(zlib.crc32(token, crc))
        size = sum(map(len, self.parts)) + len(token) * (len(self.parts) - 1)
        trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
        return HEADER + between.join(self.pieces) + trailer
