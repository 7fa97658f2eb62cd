"""One clock: product code reads the time only through ``hub.core.clock.utcnow`` (so tests can
freeze it) and names the zone only as ``hub.core.clock.SHANGHAI``.

Checked on the syntax tree, so aliases (``import time as t``, ``from datetime import datetime as
dt``) are followed; monotonic timers and performance counters, which measure durations, are fine.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("hub", "resolvers", "training", "realtime", "schema")
CLOCK = ROOT / "hub" / "core" / "clock.py"
# Calls that read the wall clock, by the dotted name they resolve to.
WALL_CLOCK = {
    "datetime.datetime.now", "datetime.datetime.utcnow", "datetime.datetime.today",
    "datetime.date.today", "time.time", "time.time_ns", "time.localtime", "time.gmtime",
    "time.ctime", "time.asctime", "time.strftime",
}
ZONE_CONSTRUCTORS = {"zoneinfo.ZoneInfo", "dateutil.tz.gettz", "pytz.timezone"}


def _bindings(tree: ast.Module) -> dict[str, str]:
    """Local name → the dotted name it stands for, from every import in the file."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _dotted(node: ast.expr, names: dict[str, str]) -> str | None:
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value, names)
        return f"{base}.{node.attr}" if base else None
    return None


def offences(source: str, where: str = "<source>") -> list[str]:
    """Every wall-clock read and every time-zone constant in ``source``."""
    tree = ast.parse(source)
    names = _bindings(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        called = _dotted(node.func, names)
        if called in WALL_CLOCK:
            found.append(f"{where}:{node.lineno} calls {called}()")
        elif called in ZONE_CONSTRUCTORS:
            found.append(f"{where}:{node.lineno} builds a time zone with {called}()")
    return found


def test_product_code_reads_the_time_only_through_hub_core_clock():
    # given every product module except the clock itself
    files = [p for top in PRODUCT for p in sorted((ROOT / top).rglob("*.py"))
             if p != CLOCK and "node_modules" not in p.parts]
    assert len(files) > 200
    # when each is searched for wall-clock reads and zone constants
    found = [o for p in files for o in offences(p.read_text(encoding="utf-8"), str(p.relative_to(ROOT)))]
    # then there are none
    assert found == []


def test_the_clock_alone_reads_the_time_and_builds_the_zone():
    found = sorted(o.split(" ", 1)[1] for o in offences(CLOCK.read_text(encoding="utf-8")))
    assert found == ["builds a time zone with zoneinfo.ZoneInfo()", "calls datetime.datetime.now()"]


def test_the_check_sees_through_aliases_and_spares_monotonic_timers():
    source = """
import time as t
import datetime
from datetime import date, datetime as dt, UTC
from time import time as wall
from zoneinfo import ZoneInfo

a = dt.now(UTC)
b = datetime.date.today()
c = t.time()
d = wall()
e = ZoneInfo("Asia/Shanghai")
f = t.monotonic() + t.perf_counter()
g = date(2026, 1, 1)
"""
    assert [o.split(" ", 1)[1] for o in offences(source)] == [
        "calls datetime.datetime.now()", "calls datetime.date.today()", "calls time.time()",
        "calls time.time()", "builds a time zone with zoneinfo.ZoneInfo()"]
