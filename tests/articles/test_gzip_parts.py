"""A stored page gzipped once, with each response's token put in between its parts."""

import gzip
import zlib

from hypothesis import given
from hypothesis import strategies as st

from articles.gzip_parts import Compressed, Joiner

PAGE = b"<!doctype html><title>Confessions</title>" + b"<p>Every scene, every line.</p>" * 2000


def test_a_gzipped_page_reads_back_as_the_page_with_the_token_between_its_parts():
    parts = [PAGE[:700], PAGE[700:5000], PAGE[5000:]]
    token = b"Zx9" * 21

    body = Compressed(parts).body(token)

    assert gzip.decompress(body) == token.join(parts)
    assert len(body) < len(token.join(parts)) // 10  # compressed, not merely wrapped


def test_the_length_of_a_response_does_not_depend_on_its_token():
    """BREACH reads secrets from compressed lengths: the token is stored, never compressed."""
    compressed = Compressed([PAGE[:3000] + b'value="', b'"' + PAGE[3000:]])
    prefix_of_the_page = PAGE[3000:3064]
    lengths = {len(compressed.body(token)) for token in (b"a" * 64, b"b" * 64, prefix_of_the_page)}
    assert len(lengths) == 1


def test_a_page_without_a_token_is_compressed_once():
    compressed = Compressed([PAGE])
    assert compressed.body() is compressed.body()
    assert gzip.decompress(compressed.body()) == PAGE


def test_the_trailer_carries_the_whole_pages_checksum_and_length():
    parts, token = [b"before ", b" after"], b"TOKEN"
    body = Compressed(parts).body(token)
    whole = token.join(parts)
    assert int.from_bytes(body[-8:-4], "little") == zlib.crc32(whole)
    assert int.from_bytes(body[-4:], "little") == len(whole)


@given(st.lists(st.binary(max_size=3000), min_size=1, max_size=5), st.binary(max_size=70_000))
def test_any_parts_and_token_read_back_exactly(parts, token):
    assert gzip.decompress(Compressed(parts).body(token)) == token.join(parts)


@given(st.binary(max_size=500), st.binary(max_size=5000))
def test_a_parts_checksum_joins_any_running_one_as_if_computed_over_both(before, part):
    assert Joiner(part).after(zlib.crc32(before)) == zlib.crc32(before + part)
