"""Property-based fuzzing of the parser, the file readers and the corpus loader.

The promise under test (issue 6): whatever text or bytes arrive, the parser,
`read_document` and `load_report` either succeed or raise one of our own
errors (`NianbaoError` subclasses), and never hang.

Every case runs under three bounds:
- a soft per-case CPU-time alarm (`ITIMER_VIRTUAL`) that raises
  `CaseTimedOut` in Python code, so hypothesis can shrink a slow input;
- a wall-clock check after the case (catches a swallowed alarm or a wait);
- a hard watchdog (`faulthandler.dump_traceback_later(exit=True)`) that
  kills the process with a traceback if a case is stuck inside C code
  (a catastrophic regex, lxml), where signals are not delivered.

CI runs are bounded and deterministic (`derandomize=True`, no example
database written into the working tree). For a longer, random local run:
`NIANBAO_FUZZ_EXAMPLES=2000 .venv/bin/pytest tests/test_fuzz.py`.
"""
from __future__ import annotations

import faulthandler
import io
import os
import random
import signal
import tempfile
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from indexer.errors import NianbaoError

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

#: Seconds one case may take before it counts as a hang (soft, Python level).
CASE_LIMIT = float(os.environ.get("NIANBAO_FUZZ_CASE_SECONDS", "20"))
#: Beyond this the process is killed with a traceback (stuck in C code).
HARD_LIMIT = CASE_LIMIT * 3

_LONG_RUN = int(os.environ.get("NIANBAO_FUZZ_EXAMPLES", "0") or 0)


def fuzz_settings(examples: int, deadline_ms: int = 60_000, shrink: bool = True):
    """Bounded and derandomized in CI; `NIANBAO_FUZZ_EXAMPLES` turns every
    property into a longer random run. `shrink=False` for whole files, where
    shrinking a failure costs minutes and the printed blob replays it anyway.

    The deadline only catches a hang (an input that makes a reader loop): it
    is far above any normal example, since the suite runs on shared machines
    (a PDF example that OCRs took 26 s at load 18 on 2 cores)."""
    phases = [p for p in Phase if shrink or p not in (Phase.shrink, Phase.explain)]
    return settings(
        phases=phases,
        max_examples=_LONG_RUN or examples,
        derandomize=not _LONG_RUN,
        database=None,  # never write .hypothesis/ into the working tree
        deadline=deadline_ms,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
    )


class CaseTimedOut(Exception):
    """A single fuzz case ran past CASE_LIMIT."""


@contextmanager
def bounded(limit: float = CASE_LIMIT):
    """Run the body with a soft alarm and a hard watchdog; fail if it was slow
    even when the code under test swallowed the alarm."""

    def on_alarm(signum, frame):
        raise CaseTimedOut(f"case ran longer than {limit:.0f} s")

    # CPU-time timer: the readers use ITIMER_REAL for their own bound, and
    # the two must not cancel each other.
    previous = signal.signal(signal.SIGVTALRM, on_alarm)
    signal.setitimer(signal.ITIMER_VIRTUAL, limit)
    faulthandler.dump_traceback_later(max(HARD_LIMIT, limit * 3), exit=True)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        faulthandler.cancel_dump_traceback_later()
        signal.signal(signal.SIGVTALRM, previous)
    elapsed = time.monotonic() - started
    assert elapsed < limit, f"case took {elapsed:.1f} s (limit {limit:.0f} s)"


def _note(outcome: str) -> None:
    # Outcome counts for `--hypothesis-show-statistics`.
    if currently_in_test_context():
        event(outcome)


def only_our_errors(call, *args):
    """Call and return the result, or None when it raised a NianbaoError.
    Anything else (or a hang) fails the property."""
    with bounded():
        try:
            result = call(*args)
        except NianbaoError as exc:
            assert str(exc).strip(), f"{type(exc).__name__} without a message"
            _note(f"{call.__name__}: {type(exc).__name__}")
            return None
    _note(f"{call.__name__}: ok")
    return result


# ---------------------------------------------------------------- material

def _corpus_bytes(*suffixes: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted(CORPUS.iterdir()) if p.suffix in suffixes]


REPORT_TEXTS = [b.decode("utf-8", "replace") for b in _corpus_bytes(".txt", ".md")]
HTML_PAGES = _corpus_bytes(".html")
# The smallest real PDF keeps each PDF case well under a second.
PDF_FILES = sorted(_corpus_bytes(".pdf"), key=len)[:1]

CONTROL_CHARS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u200b\u200e\u202e\u2028\u2029\ufeff\ufffd\r\t"
ODD_DIGITS = ["０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩", "〇一二三四五六七八九", "⓪①②③④⑤⑥⑦⑧⑨"]
HOSTILE_NUMBERS = ["", "-", "—", "／", "99999999999999999999999", "1e308", "NaN", "-0", "3.", ".5", "1,234", "12 34"]

#: Unicode text without surrogates (which no reader can produce) but with
#: every other category, including controls and CJK.
_any_char = st.characters(blacklist_categories=("Cs",)) | st.sampled_from(list(CONTROL_CHARS) + list("一二三四五六七八九十（）、。；：表三四总计年"))
any_text = st.text(_any_char, max_size=3000)
noise_text = st.text(_any_char, max_size=300)


def _rng(draw) -> random.Random:
    """A seeded generator for bulk choices (one draw, so long reports do not
    overrun hypothesis' choice buffer; the seed still shrinks and replays)."""
    return random.Random(draw(st.integers(0, 2**32 - 1)))


def _truncate(draw, text: str) -> str:
    return text[: draw(st.integers(0, len(text)))]


def _shuffle_lines(draw, text: str) -> str:
    lines = text.splitlines(keepends=True)
    _rng(draw).shuffle(lines)
    return "".join(lines)


def _inject_controls(draw, text: str) -> str:
    chars = list(text)
    rnd = _rng(draw)
    for _ in range(draw(st.integers(1, 50))):
        chars.insert(rnd.randint(0, len(chars)), rnd.choice(CONTROL_CHARS) * rnd.randint(1, 3))
    return "".join(chars)


def _flatten(draw, text: str) -> str:
    # Reports flattened onto one line, as some web pages deliver them.
    sep = draw(st.sampled_from(["", " ", "\u3000", "\t"]))
    return sep.join(text.splitlines())


def _damage_table_cells(draw, text: str) -> str:
    """Tables with missing, odd or hostile cells: delete number-only lines,
    blank numbers, swap in full-width / Arabic-Indic / circled digits."""
    rnd = _rng(draw)
    out = []
    for line in text.splitlines(keepends=True):
        stripped = line.strip().replace("\t", "").replace("|", "")
        if stripped.isdigit() or (stripped and sum(c.isdigit() for c in stripped) * 2 > len(stripped)):
            roll = rnd.random()
            if roll < 0.25:
                continue  # missing cell
            if roll < 0.5:
                line = "".join(rnd.choice(HOSTILE_NUMBERS) if c.isdigit() and rnd.random() < 0.5 else c for c in line)
            elif roll < 0.75:
                digits = rnd.choice(ODD_DIGITS)
                line = "".join(digits[int(c)] if c in "0123456789" else c for c in line)
        out.append(line)
    return "".join(out)


def _duplicate_chunk(draw, text: str) -> str:
    if not text:
        return text
    a = draw(st.integers(0, len(text) - 1))
    b = draw(st.integers(a, min(len(text), a + 2000)))
    at = draw(st.integers(0, len(text)))
    return text[:at] + text[a:b] + text[at:]


def _splice_noise(draw, text: str) -> str:
    at = draw(st.integers(0, len(text)))
    # Short noise: long draws overrun hypothesis' buffer and waste examples.
    return text[:at] + draw(noise_text) + text[at:]


MUTATIONS = [_truncate, _shuffle_lines, _inject_controls, _flatten, _damage_table_cells, _duplicate_chunk, _splice_noise]


@st.composite
def mutated_report(draw) -> str:
    text = draw(st.sampled_from(REPORT_TEXTS))
    for mutate in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4)):
        text = mutate(draw, text)
    return text


# ---------------------------------------------------------------- bytes for files

def _encode_mixed(draw, text: str) -> bytes:
    """Part GBK, part UTF-8 (and sometimes UTF-16 or a stray BOM), as files
    pasted together from several sources look."""
    pieces = []
    rnd = _rng(draw)
    pos = 0
    while pos < len(text):
        step = rnd.randint(1, 400)
        chunk = text[pos : pos + step]
        pos += step
        enc = rnd.choice(["gbk", "utf-8", "utf-8", "gb18030", "utf-16-le", "big5"])
        pieces.append(chunk.encode(enc, "replace"))
        if rnd.random() < 0.05:
            pieces.append(b"\xef\xbb\xbf")
    return b"".join(pieces)


def _flip_bytes(draw, data: bytes) -> bytes:
    buf = bytearray(data)
    rnd = _rng(draw)
    for _ in range(draw(st.integers(1, 64))):
        if buf:
            buf[rnd.randrange(len(buf))] = rnd.randrange(256)
    return bytes(buf)


def _cut_bytes(draw, data: bytes) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def nested_html(depth: int, tag: str = "div") -> str:
    return "<html><body>" + f"<{tag}>" * depth + "二、主动公开政府信息情况" + f"</{tag}>" * depth + "</body></html>"


def _docx_bytes(paragraphs: list[str], rows: list[list[str]]) -> bytes:
    import docx  # python-docx, a pinned dependency

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if rows:
        width = max(len(r) for r in rows) or 1
        table = document.add_table(rows=len(rows), cols=width)
        for i, row in enumerate(rows):
            for j, cell in enumerate(row):
                table.cell(i, j).text = cell
    saved = io.BytesIO()
    document.save(saved)
    return _fixed_zip_times(saved.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every entry dated 2020-01-01, so that derandomized
    runs mutate the very same bytes (python-docx stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = item.compress_type
            dst.writestr(fixed, src.read(item))
    return out.getvalue()


def _clean_xml(text: str) -> str:
    # python-docx refuses XML-illegal characters; the fuzzing of raw bytes
    # covers those separately.
    return "".join(c for c in text if c in "\t\n\r" or (" " <= c and c not in "\ufffe\uffff" and not 0xD800 <= ord(c) <= 0xDFFF))


@st.composite
def docx_file(draw) -> bytes:
    text = _clean_xml(draw(mutated_report()))[:20_000]
    paragraphs = text.splitlines()[:200]
    rows = [[_clean_xml(c) for c in draw(st.lists(st.text(max_size=8), max_size=8))] for _ in range(draw(st.integers(0, 6)))]
    data = _docx_bytes(paragraphs, rows)
    how = draw(st.sampled_from(["as_is", "flip", "cut", "swap_body"]))
    if how == "flip":
        return _flip_bytes(draw, data)
    if how == "cut":
        return _cut_bytes(draw, data)
    if how == "swap_body":
        # A valid zip whose main part is hostile XML: deep nesting or garbage.
        body = draw(st.sampled_from([
            "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>" + "<w:body>" * 5000,
            "<?xml version='1.0'?><!DOCTYPE a [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'><!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]><a>&c;</a>",
            "not xml at all \x00\x01",
            "",
        ]))
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for item in src.infolist():
                dst.writestr(item, body if item.filename == "word/document.xml" else src.read(item))
        return out.getvalue()
    return data


@st.composite
def text_file(draw) -> bytes:
    kind = draw(st.sampled_from(["mixed", "utf8", "gbk", "random", "bom"]))
    if kind == "random":
        return draw(st.binary(max_size=4000))
    text = draw(mutated_report())
    if kind == "mixed":
        return _encode_mixed(draw, text)
    if kind == "gbk":
        return text.encode("gbk", "replace")
    if kind == "bom":
        return draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"])) + text.encode("utf-8")
    return text.encode("utf-8")


@st.composite
def html_file(draw) -> bytes:
    kind = draw(st.sampled_from(["real_mutated", "report_in_table", "scripts", "random", "mixed"]))
    if kind == "random":
        return draw(st.binary(max_size=4000))
    if kind == "real_mutated":
        page = draw(st.sampled_from(HTML_PAGES))
        return draw(st.sampled_from([_flip_bytes, _cut_bytes]))(draw, page)
    text = draw(mutated_report())
    if kind == "mixed":
        return b"<html><head><meta charset='utf-8'></head><body><p>" + _encode_mixed(draw, text) + b"</p></body></html>"
    if kind == "scripts":
        body = "".join(f"<script>{line}</script><iframe src='javascript:alert(1)'>{line}</iframe><p>{line}" for line in text.splitlines()[:300])
        return f"<html><body>{body}</body></html>".encode("utf-8")
    # Table with missing and spanning cells.
    rnd = _rng(draw)
    rows = []
    for line in text.splitlines()[:300]:
        cells = "".join(f"<td colspan='{rnd.choice(['1', '0', '-3', '99999', 'x'])}'>{c}</td>" for c in line.split("\t")[: rnd.randint(0, 5)])
        rows.append(f"<tr>{cells}</tr>" if rnd.random() < 0.8 else "<tr>")
    return f"<html><body><table>{''.join(rows)}</table></body></html>".encode("utf-8")


@st.composite
def pdf_file(draw) -> bytes:
    kind = draw(st.sampled_from(["flip", "cut", "random", "header_only"]))
    if kind == "random":
        return draw(st.binary(max_size=4000))
    if kind == "header_only":
        return b"%PDF-1.7\n" + draw(st.binary(max_size=2000))
    pdf = draw(st.sampled_from(PDF_FILES))
    return (_flip_bytes if kind == "flip" else _cut_bytes)(draw, pdf)


FILE_STRATEGIES = {
    ".txt": text_file(),
    ".md": text_file(),
    ".html": html_file(),
    ".docx": docx_file(),
    ".pdf": pdf_file(),
}


# ---------------------------------------------------------------- helpers over our API

def read_and_load(name: str, data: bytes) -> None:
    """Write `data` as corpus file `name` in a fresh directory; read it with
    `read_document` and run it through `scan_corpus` + `load_report`."""
    from indexer.corpus import load_report, scan_corpus
    from indexer.readers import read_document

    with tempfile.TemporaryDirectory(prefix="nianbao-fuzz-") as tmp:
        corpus = Path(tmp)
        path = corpus / name
        path.write_bytes(data)
        only_our_errors(read_document, path)
        with bounded():
            entries, skipped = scan_corpus(corpus)
        assert len(entries) + len(skipped) == 1, (entries, skipped)
        for entry in entries:
            loaded = only_our_errors(load_report, entry)
            if loaded is not None:
                assert loaded.relpath == name
                assert loaded.report_id == entry.report_id


# ---------------------------------------------------------------- properties: parser

@fuzz_settings(200)
@given(any_text)
def test_parse_report_random_text_raises_only_our_errors(text):
    from indexer.parser import parse_report

    only_our_errors(parse_report, text)


@fuzz_settings(150)
@given(mutated_report())
def test_parse_report_mutated_real_reports_raise_only_our_errors(text):
    from indexer.parser import parse_report

    only_our_errors(parse_report, text)


@pytest.mark.parametrize("name", ["giant_line", "giant_digits", "giant_headings", "deep_brackets"])
def test_parse_report_hostile_shapes_are_bounded(name):
    """Fixed hostile texts, each about 1 MB: one line, a run of digits and
    tabs (a table flattened to nothing), endless headings, and nesting."""
    from indexer.parser import parse_report

    base = " ".join(REPORT_TEXTS[0].splitlines())
    texts = {
        "giant_line": (base * (1_000_000 // len(base) + 1))[:1_000_000],
        "giant_digits": ("1\t" * 500_000),
        "giant_headings": "一、总体情况\n二、主动公开政府信息情况\n三、" * 25_000,
        "deep_brackets": "（" * 300_000 + "一是" + "）" * 300_000,
    }
    only_our_errors(parse_report, texts[name])


# ---------------------------------------------------------------- properties: readers + corpus flow

@pytest.mark.parametrize("ext", sorted(FILE_STRATEGIES))
def test_readers_and_load_report_raise_only_our_errors(ext):
    examples = {".pdf": 15, ".docx": 30, ".html": 40}.get(ext, 60)

    @fuzz_settings(examples, deadline_ms=120_000, shrink=False)
    @given(FILE_STRATEGIES[ext])
    def check(data):
        read_and_load(f"report{ext}", data)

    check()


@fuzz_settings(100)
@given(st.binary(max_size=5000), st.sampled_from(sorted(FILE_STRATEGIES)))
def test_random_bytes_with_each_extension(data, ext):
    read_and_load(f"random{ext}", data)


@pytest.mark.parametrize("ext", [".html", ".txt", ".md"])
def test_giant_single_line_file_is_bounded(ext):
    base = " ".join(REPORT_TEXTS[-1].splitlines())
    text = (base * (1_000_000 // len(base) + 1))[:1_000_000]
    if ext == ".html":
        text = f"<html><body><p>{text}</p></body></html>"
    read_and_load(f"giant{ext}", text.encode("utf-8"))


@pytest.mark.parametrize("tag", ["div", "table", "span"])
def test_deeply_nested_html_is_bounded(tag):
    """10 000 nested elements: lxml and the body finder must neither recurse
    into a RecursionError nor take long."""
    read_and_load(f"nested-{tag}.html", nested_html(10_000, tag).encode("utf-8"))


def test_unclosed_nesting_and_tables_without_cells():
    page = "<html><body>" + "<div><table><tr><td>" * 3000 + "表三" + "<tr>" * 3000 + "</body>"
    read_and_load("unclosed.html", page.encode("utf-8"))


# ---------------------------------------------------------------- manifest.csv

MANIFEST_HEADER = "file,source_url,agency,year,note\n"

manifest_text = st.one_of(
    st.binary(max_size=2000),
    st.builds(
        lambda rows: (MANIFEST_HEADER + "".join(rows)).encode("utf-8"),
        st.lists(
            st.builds(
                lambda cells: ",".join(cells) + "\n",
                st.lists(st.sampled_from(["report.txt", "../etc/passwd", "/abs.txt", "javascript:alert(1)", "http://x/\"><script>",
                                          "９９９９", "2020", "-1", "1e9", "\"unclosed", "a\x00b", "\u202egnp.exe", ""]) | any_text,
                         max_size=7),
            ),
            max_size=20,
        ),
    ),
)


@fuzz_settings(100)
@given(manifest_text, st.booleans())
def test_hostile_manifest_raises_only_our_errors(manifest, gbk):
    """A manifest with random bytes, missing or extra cells, traversal paths
    and odd years: scanning and loading the corpus still only ever raise our
    errors (and a bad manifest line is a skip reason, not a crash)."""
    from indexer.corpus import load_report, scan_corpus

    with tempfile.TemporaryDirectory(prefix="nianbao-fuzz-") as tmp:
        corpus = Path(tmp)
        (corpus / "report.txt").write_bytes(REPORT_TEXTS[0].encode("gbk" if gbk else "utf-8", "replace"))
        (corpus / "manifest.csv").write_bytes(manifest)
        scanned = only_our_errors(scan_corpus, corpus)
        if scanned is not None:
            entries, _skipped = scanned
            assert [e.relpath for e in entries] == ["report.txt"]
            for entry in entries:
                only_our_errors(load_report, entry)


def test_docx_claiming_an_unsupported_zip_version():
    """Found by the .docx property: one byte of the central directory says
    "version needed to extract 18.6", and zipfile raises NotImplementedError."""
    data = bytearray(_docx_bytes(["一、总体情况", "本机关认真贯彻落实《条例》。"], []))
    central = data.find(b"PK\x01\x02")
    data[central + 6] = 0xBA  # version needed to extract: 18.6
    read_and_load("version.docx", bytes(data))

