"""The cockpit's charts read honestly on sparse data: the chart options built by
frontends/src/utils/dashboardCharts.js, run in Node (the module imports nothing)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.services import need

CHARTS = Path(__file__).resolve().parents[2] / "frontends" / "src" / "utils" / "dashboardCharts.js"


def option(call: str) -> dict:
    node = shutil.which("node")
    need("Node.js (for the chart options)", node is not None)
    script = f"import * as c from {json.dumps(CHARTS.as_uri())}; console.log(JSON.stringify({call}))"
    done = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def months(*counts: int) -> str:
    return json.dumps([{"key": f"2026-{m:02d}-01", "label": f"2026-{m:02d}", "count": n}
                       for m, n in enumerate(counts, 1)])


def test_one_month_of_data_is_one_bar_on_an_axis_that_starts_with_it_and_says_so():
    # given a year by month where only November has cases
    o = option(f"c.trendOption({months(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 37, 0)}, 'MONTH')")
    # then the axis starts at the first month with cases (no ten empty months before it)
    assert o["xAxis"]["data"] == ["2026-11", "2026-12"]
    assert o["series"][0]["type"] == "bar" and o["series"][0]["data"] == [37, 0]
    assert o["title"]["text"] == "数据不足：仅 1 个月有办件"


def test_a_day_of_data_is_never_a_smoothed_curve():
    days = json.dumps([{"key": f"2026-12-0{d}", "label": f"12-0{d}", "count": n}
                       for d, n in enumerate([0, 0, 12, 0, 0], 1)])
    sparse = option(f"c.trendOption({days}, 'DAY')")
    assert sparse["series"][0]["type"] == "bar" and sparse["series"][0]["smooth"] is False
    many = json.dumps([{"key": str(d), "label": str(d), "count": d % 4 + 1} for d in range(30)])
    dense = option(f"c.trendOption({many}, 'DAY')")
    assert dense["series"][0]["type"] == "line" and dense["series"][0]["smooth"] is False
    assert "title" not in dense  # enough data: no note


def test_no_data_at_all_draws_no_axes_only_the_words():
    o = option(f"c.trendOption({months(0, 0, 0)}, 'MONTH')")
    assert o["series"] == [] and o["xAxis"]["show"] is False
    assert o["title"]["text"] == "数据不足：所选区间没有办件"
    assert option("c.pieOption([], '部门')")["title"]["text"] == "部门：数据不足"
    assert option("c.hourOption([{label:'合计', values: Array(24).fill(0)}])")["series"] == []
