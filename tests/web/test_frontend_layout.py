"""The Vue sources follow the Python domains: who knows resolvers/queue finds the pages in views/queue.

Checked on the source tree, no Node.js needed: every first-level folder of frontends/src/views and
frontends/src/components is a domain of resolvers/ (or training, or the shell of the site), and every
import between the sources points at a file that exists.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "frontends" / "src"
DOMAINS = {p.name for p in (ROOT / "resolvers").iterdir() if (p / "__init__.py").exists()} | {"training"}
IMPORT = re.compile(r"""(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\bsrc=)(['"])(@/[^'"]+|\.{1,2}/[^'"]+)\1""")


def _sources() -> list[Path]:
    return [p for p in SRC.rglob("*") if p.suffix in (".vue", ".js") and p.is_file()]


def _resolves(spec: str, importer: Path) -> bool:
    base = SRC / spec[2:] if spec.startswith("@/") else importer.parent / spec
    return any(c.is_file() for c in (base, base.with_name(base.name + ".js"), base / "index.js"))


def test_view_folders_are_python_domains_or_the_shell():
    folders = {p.name for p in (SRC / "views").iterdir() if p.is_dir()}
    assert folders - DOMAINS - {"shell"} == set()
    assert not [p.name for p in (SRC / "views").glob("*.vue")], "a page belongs in its domain's folder"


def test_component_folders_are_python_domains():
    folders = {p.name for p in (SRC / "components").iterdir() if p.is_dir()}
    assert folders - DOMAINS == set()


def test_every_import_between_the_sources_points_at_a_file():
    broken = [f"{path.relative_to(SRC)}: {m.group(2)}"
              for path in _sources() for m in IMPORT.finditer(path.read_text(encoding="utf-8"))
              if not _resolves(m.group(2), path)]
    assert broken == []
