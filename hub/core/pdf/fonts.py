"""The CJK fonts the PDFs embed.

Noto Sans SC and Noto Serif SC (SIL Open Font License 1.1), unmodified from notofonts/noto-cjk, come
from the data-only PyPI package ``pylopdf-fonts-zh-cn``: pip installs them with the project, so a
machine needs neither system CJK fonts nor network access, and there is no build step. fpdf2 embeds
only the glyphs a document uses (a subset), so the PDF prints the same everywhere.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

SANS = "notosanssc"  # 黑体-like: title, headings, labels
SERIF = "notoserifsc"  # 宋体-like: body text, as in printed government documents


class FontMissingError(RuntimeError):
    """The font package is not installed, so Chinese text cannot be rendered."""


@dataclass(frozen=True)
class FontFiles:
    sans: Path
    serif: Path


@functools.cache
def font_files() -> FontFiles:
    try:
        import pylopdf_fonts_zh_cn as package
    except ImportError as exc:
        raise FontMissingError(
            "the PDF fonts are missing: install the project (pip install -e .), "
            "which brings the PyPI package pylopdf-fonts-zh-cn"
        ) from exc
    files = FontFiles(sans=Path(package.sans_path()), serif=Path(package.serif_path()))
    for path in (files.sans, files.serif):
        if not path.is_file():
            raise FontMissingError(f"font file not found: {path}")
    return files


def register_fonts(pdf: FPDF) -> None:
    """Make SANS and SERIF available to ``pdf.set_font``."""
    files = font_files()
    pdf.add_font(SANS, fname=files.sans)
    pdf.add_font(SERIF, fname=files.serif)
