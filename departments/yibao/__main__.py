"""`python -m departments.yibao serve | export-schema` — the 医保 subgraph."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SCHEMA_FILE = Path(__file__).with_name("schema.graphql")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m departments.yibao", description="医保业务系统（子图）")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the subgraph on /graphql")
    serve.add_argument("--host", default=os.environ.get("YIBAO_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("YIBAO_PORT", "8100")))
    serve.add_argument("--without-case", action="store_true",
                       help="extend Person only (for a hub without cases)")
    export = sub.add_parser("export-schema", help="write the SDL to departments/yibao/schema.graphql")
    export.add_argument("--output", type=Path, default=SCHEMA_FILE)
    export.add_argument("--without-case", action="store_true", help="leave the Case extension out")
    export.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args(argv)

    if args.command == "export-schema":
        from departments.yibao.schema import sdl

        text = sdl(not args.without_case)
        if args.check:
            current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
            if current != text:
                print(f"{args.output} is out of date: run python -m departments.yibao export-schema",
                      file=sys.stderr)
                return 1
            return 0
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
        return 0
    import uvicorn

    from departments.yibao.app import create_app

    app = create_app(not args.without_case, os.environ.get("YIBAO_GATEWAY_SECRET") or None)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
