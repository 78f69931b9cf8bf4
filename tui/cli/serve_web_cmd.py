"""`hubreader serve-web`: the reader in web browsers, on loopback unless explicitly exposed."""

from __future__ import annotations

import argparse
import sys

from tui.cli.argtypes import port, positive_int
from tui.cli.commands import UsageError, content_error_warning, open_kb
from tui.cli.content import content_root
from tui.cli.search_cmd import prepare_index
from tui.model.sanitize import safe_text
from tui.serve.session_env import MAX_SESSIONS

EXPOSED_WARNING = (
    "hubreader: warning: serving on {host}, reachable from other machines: serve-web has no authentication"
    " and belongs behind an authenticating proxy"
)


def add_serve_web_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `serve-web` on the main parser's subcommands."""
    web = sub.add_parser("serve-web", help="serve the reader to web browsers (127.0.0.1 unless --public)")
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    web.add_argument("--port", type=port, default=8000, help="port to listen on (default 8000; 0 picks a free one)")
    web.add_argument(
        "--public", action="store_true",
        help="allow a non-loopback --host; there is no authentication, so put an authenticating proxy in front",
    )
    web.add_argument("--public-url", metavar="URL", help="the address browsers use, if not http://HOST:PORT (a proxy)")
    web.add_argument("--max-sessions", type=positive_int, default=MAX_SESSIONS, metavar="N",
                     help=f"browser tabs served at once, each its own reader process (default {MAX_SESSIONS});"
                          " more get 503")
    web.set_defaults(run=cmd_serve_web)


def cmd_serve_web(args: argparse.Namespace) -> int:
    """Refuse an exposed address unless asked; check the content once, not per browser; serve until Ctrl+C."""
    host = safe_text(args.host)[:80]
    if not _is_loopback(args.host):
        if not args.public:
            raise UsageError(f"--host {host} is not a loopback address; add --public to expose the reader anyway"
                             " (it has no authentication: put an authenticating proxy in front)")
        print(EXPOSED_WARNING.format(host=host), file=sys.stderr, flush=True)
    kb = open_kb(args)
    if warning := content_error_warning(kb):
        print(f"hubreader: warning: {warning}", file=sys.stderr)
    prepare_index(kb)  # once here, so the readers started per browser open it and never build or write it
    import asyncio  # noqa: PLC0415 - 35 ms that no other command needs

    from tui.serve.web import ReaderServer, reader_command, serve_until_signalled  # noqa: PLC0415 - aiohttp is slow

    command = reader_command(content_root(args.content).resolve())
    server = ReaderServer(command, args.host, args.port, args.public_url, max_sessions=args.max_sessions)
    asyncio.run(serve_until_signalled(server))
    return 0


def _is_loopback(host: str) -> bool:
    """True only when every address the name resolves to is loopback: what the server would bind is all local."""
    import ipaddress  # noqa: PLC0415 - only serve-web pays for these
    import socket  # noqa: PLC0415

    try:
        infos = socket.getaddrinfo(host or None, 0, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise UsageError(f"cannot resolve --host {safe_text(host)[:80]}: {reason}") from None
    return all(ipaddress.ip_address(str(info[4][0]).split("%")[0]).is_loopback for info in infos)
