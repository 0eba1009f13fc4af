"""The newsfacts command line: a thin layer over the library, no logic of its own.

    newsfacts extract PATH|- [--published YYYY-MM-DD]   one article -> Article JSON
    newsfacts schema                                   the JSON Schema of Article

Exit status: 0 on success, 2 with a one-line message on bad usage or unreadable input.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Optional


class UsageError(Exception):
    """Bad usage or unreadable input: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage and exits 2; we keep it to one line
        raise UsageError(message)


def read_text(path: str, encoding: str = "utf-8") -> str:
    """The text of PATH, or of standard input for "-"."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as file:
                data = file.read()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        name = "<stdin>" if path == "-" else path
        raise UsageError(f"{name}: not {encoding} text (byte {error.start}: {data[error.start:error.start + 1]!r}); "
                         f"try --encoding") from None
    except LookupError:
        raise UsageError(f"unknown encoding {encoding!r}") from None


def cmd_extract(args) -> int:
    import newsfacts

    text = read_text(args.path, args.encoding)
    try:
        article = newsfacts.Pipeline().extract(text, published=args.published)
    except ValueError as error:
        raise UsageError(str(error)) from None
    sys.stdout.write(article.model_dump_json(indent=args.indent) + "\n")
    return 0


def cmd_schema(args) -> int:
    from .records import article_schema

    sys.stdout.write(json.dumps(article_schema(), ensure_ascii=False, indent=2) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsfacts", description="Typed facts from Russian news articles.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    extract = commands.add_parser("extract", help="extract the facts of one article as JSON")
    extract.add_argument("path", help="a text file, or - for standard input")
    extract.add_argument("--published", help="publication date, YYYY-MM-DD (else from the dateline)")
    extract.add_argument("--encoding", default="utf-8", help="encoding of the input (default utf-8)")
    extract.add_argument("--indent", type=int, default=None, help="indent the JSON")
    extract.set_defaults(run=cmd_extract)

    schema = commands.add_parser("schema", help="print the JSON Schema of Article")
    schema.set_defaults(run=cmd_schema)
    return parser


def main(argv: Optional[list[str]] = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if not getattr(args, "run", None):
            raise UsageError("expected a command: extract or schema (see newsfacts --help)")
        return args.run(args)
    except UsageError as error:
        print(f"newsfacts: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
