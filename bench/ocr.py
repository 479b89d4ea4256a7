"""OCR speed and accuracy: `python -m bench.ocr [--pages 6] [--dpi 300]`.

Draws pages of real report text from corpus/ (Noto Serif CJK, 12 pt on A4 at
200 dpi, like an office scan) into an image-only PDF, once clean and once
"scanned" (turned by 0.7°, speckled, slightly blurred), reads each with
`indexer.readers.ocr.ocr_pdf` (pdftoppm + tesseract chi_sim, exactly what the
build runs) and prints pages per minute (wall clock, and per CPU-minute of
pdftoppm + tesseract, which a busy machine distorts less) and the character
accuracy against the text drawn (matched characters in order / characters drawn, whitespace
ignored). Names the machine it ran on; figures from a busy shared machine
are upper bounds on time.
"""
from __future__ import annotations

import argparse
import difflib
import io
import os
import platform
import random
import re
import resource
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
SOURCES = ["songbei-qu-2020.txt", "xianfenglu-jiedao-2019.txt", "pingfang-youxie-jiedao-2020.txt",
           "tongling-jiaoqu-xiang-2017.txt", "ziyang-nanxun-xiang-2014.txt", "wuxi-xishan-sifaju-2010.txt"]
PAGE = (1654, 2339)  # A4 at 200 dpi
MARGIN, SIZE, LEADING = 150, 33, 58


def page_texts(pages: int) -> list[str]:
    """The text of each page: prose lines of the corpus reports (tables left out), page after page."""
    lines = []
    for name in SOURCES:
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and "\t" not in line:
                lines.append(line.strip())
    per_page = (PAGE[1] - 2 * MARGIN) // LEADING
    texts, current = [], []
    wrapped = _wrap(lines)
    for line in wrapped:
        current.append(line)
        if len(current) == per_page:
            texts.append("\n".join(current))
            current = []
            if len(texts) == pages:
                break
    return texts


def _wrap(lines: list[str]) -> list[str]:
    from PIL import ImageFont

    font = ImageFont.truetype(FONT, SIZE)
    out = []
    for line in lines:
        cur = ""
        for ch in line:
            if font.getlength(cur + ch) > PAGE[0] - 2 * MARGIN:
                out.append(cur)
                cur = ""
            cur += ch
        out.append(cur)
    return out


def scanned_pdf(texts: list[str], rough: bool, seed: int = 1) -> bytes:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rnd = random.Random(seed)
    font = ImageFont.truetype(FONT, SIZE)
    images = []
    for text in texts:
        image = Image.new("L", PAGE, 255)
        draw = ImageDraw.Draw(image)
        for n, line in enumerate(text.split("\n")):
            draw.text((MARGIN, MARGIN + LEADING * n), line, font=font, fill=0)
        if rough:
            image = image.rotate(0.7, resample=Image.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(0.6))
            pixels = image.load()
            for _ in range(PAGE[0] * PAGE[1] // 400):
                pixels[rnd.randrange(PAGE[0]), rnd.randrange(PAGE[1])] = rnd.choice((0, 96, 160))
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return out.getvalue()


def accuracy(expected: str, got: str) -> float:
    a, b = re.sub(r"\s", "", expected), re.sub(r"\s", "", got)
    matched = sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return matched / max(1, len(a))


def machine() -> str:
    mem = ""
    try:
        total = next(line for line in open("/proc/meminfo") if line.startswith("MemTotal"))
        mem = f"{int(total.split()[1]) / 1024 / 1024:.0f} GB"
    except (OSError, StopIteration):
        pass
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{platform.machine()}, {os.cpu_count()} vCPU, {mem}, load average {load} (shared with other engineers' builds and tests)"


def main(argv=None) -> int:
    from indexer.readers import ocr

    parser = argparse.ArgumentParser(prog="python -m bench.ocr", description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--dpi", type=int, default=ocr.DPI, help="rendering resolution for tesseract")
    args = parser.parse_args(argv)
    ocr.DPI = args.dpi
    texts = page_texts(args.pages)
    print(f"machine: {machine()}")
    print(f"tesseract {_version()} chi_sim, pdftoppm at {args.dpi} dpi, {len(texts)} A4 pages, "
          f"{sum(len(re.sub(chr(92) + 's', '', t)) for t in texts)} characters drawn")
    for rough in (False, True):
        data = scanned_pdf(texts, rough)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run = ocr.ocr_pdf(data)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"{'scanned-like' if rough else 'clean':>12}: {run.pages} pages in {run.seconds:.1f} s = "
              f"{60 * run.pages / run.seconds:.1f} pages/minute (wall); {cpu:.1f} CPU s = "
              f"{60 * run.pages / cpu:.1f} pages per CPU-minute (pdftoppm + tesseract, less sensitive to load); "
              f"character accuracy {accuracy(chr(10).join(texts), run.text):.1%}")
    return 0


def _version() -> str:
    import subprocess

    return subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split()[1]


if __name__ == "__main__":
    raise SystemExit(main())
