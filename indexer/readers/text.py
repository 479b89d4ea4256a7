"""Plain text and Markdown: decoding (BOM, UTF-8, GB18030, guessed) and
refusing binary data. `checked_text` is also the HTML reader's first step."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from indexer.errors import ReadError
from indexer.readers.common import CJK_RE, Document, clean_text


def decode_bytes(data: bytes, declared: str = "") -> tuple[str, str]:
    """Decode report bytes, never failing: returns (text, encoding used).

    Order: BOM; strict UTF-8; UTF-8 with a few damaged bytes; the declared
    charset (GB2312/GBK widened to GB18030); strict GB18030; charset-normalizer.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # A UTF-8 file with a handful of bad bytes would decode "successfully" as
    # GB18030 mojibake, so accept nearly-clean UTF-8 first.
    lenient = data.decode("utf-8", "replace")
    if lenient.count("\ufffd") <= max(8, len(lenient) // 100) and CJK_RE.search(lenient):
        return lenient, "utf-8"
    for enc in (_widen(declared), "gb18030"):
        if not enc:
            continue
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    import charset_normalizer  # slow import; only needed for odd files

    best = charset_normalizer.from_bytes(data).best()
    enc = best.encoding if best else "gb18030"
    return data.decode(enc, "replace"), enc


def _widen(charset: str) -> str:
    charset = charset.strip().lower()
    return "gb18030" if charset in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936") else charset


#: Control characters (Unicode category Cc) other than \t \n \v \f \r, and the
#: replacement character: what undecodable or binary data leaves behind.
_BAD_CHAR = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def checked_text(data: bytes, declared: str = "") -> tuple[str, str]:
    """Decode `data` (see `decode_bytes`) and clean it: returns (text, encoding).

    Raises `ReadError` when the bytes look binary: NUL bytes near the start
    (outside UTF-16), or more than 5% control/undecodable characters.
    """
    if b"\x00" in data[:65536] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReadError("二进制数据 binary data, not text (NUL bytes)")
    text, enc = decode_bytes(data, declared)
    sample = text[:200_000]
    bad = len(_BAD_CHAR.findall(sample))
    if sample and bad / len(sample) > 0.05:
        raise ReadError(f"二进制数据 binary data, not text ({bad} control/undecodable characters)")
    return clean_text(text), enc


def read_text(data: bytes, path: Path) -> Document:
    """A .txt/.md file as a `Document`; raises `ReadError` for binary data or
    a file holding only whitespace."""
    text, enc = checked_text(data)
    if not text.strip():
        raise ReadError("没有文字 the file holds only whitespace")
    return Document(text=text, kind="", encoding=enc)
