"""Capped body reads: at most :data:`MAX_BODY_BYTES` on the wire and after decoding.

The body is read raw and decoded here, 64 KiB of output at a time per encoding, so that no
compressed body (gzip, deflate, several encodings stacked, chunked or not) can make one step
produce more than that: memory stays near the cap whatever the compression ratio. Bodies the
client does not use (a redirect's, an error's before a retry) are read without being kept.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any, Final

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_ENCODINGS",
    "BodyTooLarge",
    "UndecodableBody",
    "discard",
    "read_capped",
]

MAX_BODY_BYTES: Final = 16 * 1024 * 1024
#: Stacked content encodings accepted (``gzip, gzip, ...``); more is refused, not decoded.
MAX_ENCODINGS: Final = 4
_READ: Final = 65536
_PIECE: Final = 65536


class BodyTooLarge(Exception):
    """The body passed the cap; ``declared`` when its Content-Length said so up front."""

    def __init__(self, declared: int | None = None) -> None:
        self.declared = declared
        super().__init__(declared)


class UndecodableBody(Exception):
    """The Content-Encoding is not one the client asked for, or the data does not decode."""


class _Inflate:
    """One gzip or deflate layer, producing at most :data:`_PIECE` bytes per step."""

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._head = b""  # deflate: the first bytes, until zlib-wrapped or raw is known
        self._obj: Any = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip else None
        self._fed = False

    @property
    def complete(self) -> bool:
        """Whether the stream ended (or never started: an empty body)."""
        return not self._fed or (self._obj is not None and self._obj.eof)

    def feed(self, data: bytes) -> Iterator[bytes]:
        self._fed = self._fed or bool(data)
        if self._obj is None:
            # HTTP "deflate" is zlib-wrapped, but some servers send raw deflate (as urllib3 does,
            # accept both): a zlib header is 0x?8 with the first two bytes a multiple of 31.
            self._head += data
            if len(self._head) < 2:
                return
            first, second = self._head[0], self._head[1]
            wrapped = first & 0x0F == 8 and (first * 256 + second) % 31 == 0
            self._obj = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            data, self._head = self._head, b""
        obj = self._obj
        while True:
            try:
                out = obj.decompress(data, _PIECE)
            except zlib.error as exc:
                raise UndecodableBody(f"compressed data is corrupt ({exc})") from None
            if out:
                yield out
            if obj.eof:
                # What follows the stream is in unused_data (unconsumed_tail may repeat it).
                rest = obj.unused_data
                if not (self._gzip and rest):
                    return  # anything after a deflate stream is ignored
                # Another gzip member follows (concatenated members are one body).
                self._obj = obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
                data = rest
                continue
            data = obj.unconsumed_tail
            if not data and len(out) < _PIECE:
                return


def _layers(content_encoding: str) -> list[_Inflate]:
    """The decoders for a Content-Encoding header, in decoding order (the last applied first)."""
    names = [n.strip().lower() for n in content_encoding.split(",") if n.strip()]
    names = [n for n in names if n != "identity"]
    if len(names) > MAX_ENCODINGS:
        raise UndecodableBody(f"{len(names)} stacked content encodings (at most {MAX_ENCODINGS})")
    layers = []
    for name in reversed(names):
        if name not in ("gzip", "x-gzip", "deflate"):
            raise UndecodableBody(f"unsupported Content-Encoding {name[:40]!r}")
        layers.append(_Inflate(gzip=name != "deflate"))
    return layers


def _through(layers: list[_Inflate], index: int, data: bytes) -> Iterator[bytes]:
    if index == len(layers):
        yield data
        return
    for piece in layers[index].feed(data):
        yield from _through(layers, index + 1, piece)


def _declared(headers: Any) -> int | None:
    value = headers.get("Content-Length")
    if value is not None and value.isdigit() and len(value) < 20:
        return int(value)
    return None


def read_capped(raw: Any, headers: Any, limit: int = MAX_BODY_BYTES) -> bytes:
    """The decoded body of a streamed urllib3 response.

    :raises BodyTooLarge: past ``limit`` on the wire or decoded.
    :raises UndecodableBody: for an encoding not asked for, or corrupt compressed data.
    """
    declared = _declared(headers)
    if declared is not None and declared > limit:
        raise BodyTooLarge(declared)
    value = headers.get("Content-Encoding")
    layers = _layers(value) if value else []
    chunks: list[bytes] = []
    wire = size = 0
    while chunk := raw.read1(_READ, decode_content=False):
        wire += len(chunk)
        if wire > limit:
            raise BodyTooLarge()
        if not layers:
            size = wire
            chunks.append(chunk)
            continue
        for piece in _through(layers, 0, chunk):
            size += len(piece)
            if size > limit:
                raise BodyTooLarge()
            chunks.append(piece)
    if not all(layer.complete for layer in layers):
        raise UndecodableBody("compressed data ends early")
    return b"".join(chunks)


def discard(raw: Any, headers: Any, limit: int = MAX_BODY_BYTES) -> bool:
    """Read and drop a body the client does not use, so its connection can be reused.

    Nothing is kept or decoded. Returns ``False`` (the caller closes the connection) when the
    body is larger than ``limit`` on the wire.
    """
    declared = _declared(headers)
    if declared is not None and declared > limit:
        return False
    wire = 0
    while chunk := raw.read1(_READ, decode_content=False):
        wire += len(chunk)
        if wire > limit:
            return False
    return True
