"""`hubreader`: parse arguments, build the objects, run the command; errors are one line, never a traceback."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from tui.app.options import COLOR_CHOICES
from tui.cli import commands
from tui.cli.argtypes import KIND_HELP, kind
from tui.cli.import_cmd import add_import_command
from tui.cli.search_cmd import add_search_commands
from tui.cli.serve_ssh_cmd import add_serve_ssh_command
from tui.cli.serve_web_cmd import add_serve_web_command
from tui.serve.session_env import default_escape_delay

Command = Callable[[argparse.Namespace], int]
GLOBAL_DEFAULTS: dict[str, object] = {
    "content": None, "ssh_friendly": False, "no_mouse": False, "serve_mode": False, "colors": "auto",
}


class _VersionAction(argparse.Action):
    """Reads package metadata only when asked: importlib.metadata costs 15 ms of every start."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

        try:
            number = version("hubreader")
        except PackageNotFoundError:
            number = "unknown (not installed)"
        print(f"hubreader {number}")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """Usage errors are one line and a hint, as every other error is, not argparse's whole usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"hubreader: {message}\ntry '{self.prog} --help'\n")


def build_parser() -> argparse.ArgumentParser:
    # Typed as the base class so the commands' modules need not know it; argparse gives subparsers this class.
    parser: argparse.ArgumentParser = _Parser(
        prog="hubreader", description="Read a knowledge base about RL and reasoning training."
    )
    parser.add_argument("--version", action=_VersionAction)
    add_global_options(parser, terminal_help=True)
    parser.set_defaults(**GLOBAL_DEFAULTS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="validate the knowledge base; exit 1 on errors")
    check.add_argument("--json", action="store_true", help="print diagnostics as JSON")
    check.set_defaults(run=commands.cmd_check)

    listing = sub.add_parser("list", help="list items: id, kind, title")
    listing.add_argument("--kind", type=kind, help=KIND_HELP)
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(run=commands.cmd_list)

    show = sub.add_parser("show", help="print one item as a person would read it")
    show.add_argument("id", help="item id, or ns:id (ep:E026, term:grpo)")
    show.add_argument("--format", choices=["text", "md", "json"], default="text")
    show.add_argument("--json", dest="format", action="store_const", const="json", help="the same as --format json")
    show.set_defaults(run=commands.cmd_show)
    add_search_commands(sub)
    add_import_command(sub)
    add_serve_web_command(sub)
    add_serve_ssh_command(sub)

    opener = sub.add_parser("open", help="open the reader at one item")
    opener.add_argument("id", help="item id, or ns:id; ID#section opens at a section (as a citation links)")
    opener.set_defaults(run=_read)
    for name, command in sub.choices.items():
        add_global_options(command, terminal_help=name == "open")
    return parser


def add_global_options(parser: argparse.ArgumentParser, *, terminal_help: bool) -> None:
    """Options every command takes, before or after its name: no defaults here (GLOBAL_DEFAULTS are the main
    parser's), so a value given after the command overrides one given before and an absent one overrides none."""

    def shown(text: str) -> str:
        return text if terminal_help else argparse.SUPPRESS

    options = parser.add_argument_group("options for every command", argument_default=argparse.SUPPRESS)
    options.add_argument("--content", metavar="DIR", help="knowledge base folder (default: the shipped one)")
    terminal = parser.add_argument_group("reader display", argument_default=argparse.SUPPRESS)
    terminal.add_argument("--ssh-friendly", action="store_true", help=shown(
        "no animations or cursor blink; one pane at a time below 100 columns (automatic over SSH)"))
    terminal.add_argument("--colors", choices=COLOR_CHOICES, help=shown(
        "colour depth (default: auto from COLORTERM and TERM; NO_COLOR means none)"))
    terminal.add_argument("--no-mouse", action="store_true", help=shown(
        "leave the mouse to the terminal (select text)"))
    terminal.add_argument("--serve-mode", action="store_true", help=argparse.SUPPRESS)


def _read(args: argparse.Namespace) -> int:
    """The interactive reader; imported only here so the other commands never load Textual."""
    from tui.cli.reader import cmd_read  # noqa: PLC0415

    return cmd_read(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Every reader starts here, or from a server that did (serve-ssh's zygote, serve-web's children)."""
    # before anything imports Textual (test_the_entry_sets_a_short_escape_delay_unless_the_user_chose_one)
    default_escape_delay(os.environ)
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Command = getattr(args, "run", _read)
    if run is not _read:
        gc.enable()  # the entry held collections (tui/cli/entry.py); only the reader holds them longer
    try:
        return run(args)
    except commands.UsageError as exc:
        print(f"hubreader: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        print(f"hubreader: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
