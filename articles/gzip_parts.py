"""Gzip for a stored page whose CSRF token differs per response, without compressing per response.

Each part of the page (the text between two tokens) is deflated once, on its own, and ends on a
byte boundary (a sync flush) with no reference to anything before it. A response is then those
pieces with this response's token between them as a *stored* (uncompressed) deflate block, in a
gzip member whose trailer is the CRC-32 and length of the whole page. Browsers read it as one
ordinary gzip stream.

Serving costs a join and one CRC-32 pass (about 30 µs for the demo article's 118 KB), not a
compression (milliseconds). It also keeps compression out of BREACH's reach: the token is never
compressed and no compressed piece depends on it or on anything in the request, so the length
of a response says nothing about its token (which Django masks afresh per response as well).
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


class Compressed:
    """A page's `parts` (bytes), deflated once; `body(token)` is one response's gzip body."""

    def __init__(self, parts):
        self.parts = parts
        last = len(parts) - 1
        self.pieces = [deflate(part, last=place == last) for place, part in enumerate(parts)]
        self.whole = self._member(b"") if len(parts) == 1 else None

    def body(self, token=b""):
        """The page with `token` between its parts, gzipped."""
        return self.whole if self.whole is not None else self._member(token)

    def _member(self, token):
        crc, between = 0, stored(token)
        for place, part in enumerate(self.parts):
            if place:
                crc = zlib.crc32(token, crc)
            crc = zlib.crc32(part, crc)
        size = sum(map(len, self.parts)) + len(token) * (len(self.parts) - 1)
        trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
        return HEADER + between.join(self.pieces) + trailer
