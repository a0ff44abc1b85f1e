"""Metadata taken out of an image file at the container level, the pixels left untouched.

PNG (and APNG), GIF and WebP files are sequences of tagged blocks: the picture and its animation
live in some, a camera's or an editing program's notes (EXIF with the GPS position, XMP, text
chunks, comments) in others. Each function here keeps the blocks a browser needs to draw the
picture, animation included, and drops the rest, so an animation keeps every frame, timing, loop
count, disposal and transparency exactly, and nothing is re-encoded. An ICC colour profile is kept.

Each takes the bytes of a file that Pillow has already decoded whole (pictures.decoding.check) and
returns the bytes to store.
"""

import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# What draws the picture: its header, palette, pixels, transparency and colour, and APNG's
# animation control and frames. Text (tEXt, zTXt, iTXt: XMP among them), eXIf, tIME and any
# private chunk are dropped.
PNG_CHUNKS = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB",
    b"cICP", b"mDCV", b"cLLI", b"pHYs", b"bKGD", b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip

# A still or animated WebP's picture, alpha, animation and colour profile; EXIF and XMP go.
WEBP_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
WEBP_FRAME_CHUNKS = {b"VP8 ", b"VP8L", b"ALPH"}
VP8X_EXIF, VP8X_XMP = 0x08, 0x04

# GIF application extensions kept: the loop count and an ICC profile. Comments, XMP and any
# other application's data are dropped.
GIF_APPLICATIONS = {b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012"}
GIF_GRAPHIC_CONTROL, GIF_PLAIN_TEXT, GIF_APPLICATION = 0xF9, 0x01, 0xFF


def strip_png(data):
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG file")
    kept, at = [PNG_SIGNATURE], len(PNG_SIGNATURE)
    while at + 8 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        end = at + 12 + length  # length, type, data, CRC
        if kind in PNG_CHUNKS:
            kept.append(data[at:end])
        at = end
        if kind == b"IEND":
            break  # nothing after the end is part of the picture
    return b"".join(kept)


def webp_chunks(data, at, end):
    """(fourcc, whole chunk bytes) for the RIFF chunks in data[at:end]."""
    while at + 8 <= end:
        kind = data[at : at + 4]
        (size,) = struct.unpack("<I", data[at + 4 : at + 8])
        stop = at + 8 + size + (size & 1)  # chunks are padded to an even length
        yield kind, data[at:stop]
        at = stop


def strip_webp(data):
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP file")
    (riff_size,) = struct.unpack("<I", data[4:8])
    kept = []
    for kind, chunk in webp_chunks(data, 12, min(len(data), 8 + riff_size)):
        if kind not in WEBP_CHUNKS:
            continue
        if kind == b"VP8X":
            flags = chunk[8] & ~(VP8X_EXIF | VP8X_XMP)
            chunk = chunk[:8] + bytes([flags]) + chunk[9:]
        elif kind == b"ANMF":
            chunk = strip_webp_frame(chunk)
        kept.append(chunk)
    body = b"WEBP" + b"".join(kept)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def strip_webp_frame(chunk):
    """An animation frame: its 16-byte header, then only its alpha and picture sub-chunks."""
    frame = chunk[8:24] + b"".join(
        sub for kind, sub in webp_chunks(chunk, 24, len(chunk)) if kind in WEBP_FRAME_CHUNKS
    )
    return b"ANMF" + struct.pack("<I", len(frame)) + frame


def gif_sub_blocks(data, at):
    """Where the sub-blocks starting at `at` end (after their zero-length terminator)."""
    while data[at]:
        at += 1 + data[at]
    return at + 1


def gif_color_table(flags):
    return 3 * 2 ** ((flags & 0x07) + 1) if flags & 0x80 else 0


def strip_gif(data):
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise ValueError("not a GIF file")
    at = 13 + gif_color_table(data[10])  # header, logical screen, global colours
    kept = [data[:at]]
    while at < len(data) and data[at] != 0x3B:  # the trailer ends the file
        if data[at] == 0x2C:  # an image: descriptor, local colours, LZW size, pixel data
            start = at
            at = gif_sub_blocks(data, at + 10 + gif_color_table(data[at + 9]) + 1)
            kept.append(data[start:at])
        elif data[at] == 0x21:
            start, label = at, data[at + 1]
            at = gif_sub_blocks(data, at + 2)
            application = label == GIF_APPLICATION and data[start + 3 : start + 14] in GIF_APPLICATIONS
            if label in (GIF_GRAPHIC_CONTROL, GIF_PLAIN_TEXT) or application:
                kept.append(data[start:at])
        else:
            at += 1  # a stray byte between blocks: skipped, as decoders do
    return b"".join(kept) + b";"


STRIPPERS = {"PNG": strip_png, "WEBP": strip_webp, "GIF": strip_gif}
