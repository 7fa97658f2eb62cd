"""Business rules never depend on the GraphQL or HTTP layers."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULE_PATTERNS = ("resolvers/*/*.py", "hub/models/*.py", "training/*.py", "realtime/*.py")
# GraphQL entry points, request-scoped DataLoaders and the subscriptions may use strawberry.
GRAPHQL_ENTRY_POINTS = ("__init__.py", "queries.py", "mutations.py", "api.py", "loaders.py",
                        "subscriptions.py", "whistle.py")
RULE_MODULES = [
    *sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for pattern in RULE_PATTERNS
        for p in ROOT.glob(pattern)
        if p.name not in GRAPHQL_ENTRY_POINTS
        and not p.name.endswith(("_queries.py", "_mutations.py", "_api.py"))
    ),
    "hub.security", "hub.viewer", "hub.errors", "hub.pagination", "hub.demo.load", "hub.pdf.notice",
    "resolvers.catalog.search",
]


def test_business_rule_modules_import_neither_strawberry_nor_starlette():
    # given every business-rule module, imported in a clean interpreter
    code = (
        "import importlib, sys\n"
        f"for m in {RULE_MODULES!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('strawberry', 'starlette'))\n"
        "print(','.join(bad))\n"
    )
    # when
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    # then
    assert result.returncode == 0, result.stderr
    assert "resolvers.catalog.actions" in RULE_MODULES and "resolvers.staff.actions" in RULE_MODULES
    assert "training.attempts" in RULE_MODULES and "training.gate" in RULE_MODULES
    assert result.stdout.strip() == "", f"rules pulled in: {result.stdout}"
