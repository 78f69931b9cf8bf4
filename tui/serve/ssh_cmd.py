"""`hubreader serve-ssh`: an SSH server whose only shell is the reader."""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import signal
import sys
from pathlib import Path

from tui.cli.commands import open_kb
from tui.cli.search_cmd import describe, open_index
from tui.index.store import cache_root
from tui.model import KnowledgeBase
from tui.model.sanitize import safe_text
from tui.serve.child import Limits
from tui.serve.ssh_keys import (
    AuthorizedKeys,
    KeyFileError,
    default_authorized_keys,
    default_host_key,
    fingerprint,
    host_key,
)
from tui.serve.ssh_server import ReaderSshServer, ServerConfig
from tui.serve.ssh_session import SessionRules
from tui.serve.zygote_client import ZygoteGone

log = logging.getLogger("hubreader.serve.ssh")

SESSION_MEMORY_MB = 512  # RLIMIT_DATA on top of the zygote's heap; a session normally adds ~25 MB


class ServeError(Exception):
    """The server cannot run (port taken, session helper failed); one line for the user."""


def add_serve_ssh_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `serve-ssh` on the main parser's subcommands."""
    serve = sub.add_parser("serve-ssh", help="serve the reader over SSH (public-key auth, one process per session)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=2222, help="port to listen on (default 2222; 0 picks one)")
    serve.add_argument("--host-key", type=Path, metavar="PATH",
                       help=f"host private key, created (0600) if missing (default {default_host_key()})")
    serve.add_argument("--authorized-keys", type=Path, metavar="PATH",
                       help=f"OpenSSH public keys allowed in (default {default_authorized_keys()})")
    serve.add_argument("--max-sessions", type=_count, default=20, metavar="N", help="sessions in all (default 20)")
    serve.add_argument("--max-sessions-per-key", type=_count, default=3, metavar="N",
                       help="sessions per client key (default 3)")
    serve.add_argument("--idle-timeout", type=_seconds, default=1800.0, metavar="SECONDS",
                       help="close a session after this long without input (default 1800)")
    serve.add_argument("--max-session-time", type=_seconds, default=8 * 3600.0, metavar="SECONDS",
                       help="close any session after this long; also its CPU-time limit (default 28800)")
    serve.set_defaults(run=cmd_serve_ssh)


def cmd_serve_ssh(args: argparse.Namespace) -> int:
    """Check the keys, bring the index up to date, then serve until Ctrl+C; errors are one line."""
    _log_to_stderr()
    try:
        authorized = AuthorizedKeys((args.authorized_keys or default_authorized_keys()).expanduser())
        key_path = (args.host_key or default_host_key()).expanduser()
        key, created = host_key(key_path)
    except KeyFileError as exc:
        print(f"hubreader: {exc}", file=sys.stderr)
        return 2
    kb = open_kb(args)
    config = ServerConfig(
        host=args.host, port=args.port, host_key=key, authorized=authorized, content=kb.root or Path(),
        cache_dir=_prepare_index(kb), max_sessions=args.max_sessions, max_sessions_per_key=args.max_sessions_per_key,
        rules=SessionRules(args.idle_timeout, args.max_session_time,
                           Limits(math.ceil(args.max_session_time), SESSION_MEMORY_MB << 20)),
    )
    print(f"hubreader: host key {fingerprint(key)} ({'created in' if created else 'from'} {safe_text(str(key_path))})")
    try:
        return asyncio.run(_serve(config, len(kb)))
    except ServeError as exc:
        print(f"hubreader: {exc}", file=sys.stderr)
        return 1


async def _serve(config: ServerConfig, items: int) -> int:
    try:
        server = await ReaderSshServer.start(config)
    except ZygoteGone as exc:
        raise ServeError(str(exc)) from exc
    except OSError as exc:
        detail = (exc.strerror or str(exc)).rpartition(": ")[2]
        raise ServeError(f"cannot listen on {config.host}:{config.port}: {detail}") from exc
    where = f"{config.host}:{server.port}"
    print(f"hubreader: serving {items} items on {where}; connect with: ssh -p {server.port} reader@{config.host}",
          flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, stop.set)
    server.zygote.lost.add_done_callback(lambda _: stop.set())
    await stop.wait()
    lost = server.zygote.lost.done()
    if lost:
        log.error("the session helper exited unexpectedly; stopping")
    await server.stop()
    log.info("stopped")
    return 1 if lost else 0


def _prepare_index(kb: KnowledgeBase) -> Path:
    """Build or update the index once here; every session then opens the same cache without writing to it."""
    with open_index(kb) as index:
        print(f"hubreader: search index: {describe(index.report)}", flush=True)
    return cache_root().resolve()


def _log_to_stderr() -> None:
    """One line per event; asyncssh's own chatter (which includes client-supplied strings) is kept to warnings."""
    serve_log = logging.getLogger("hubreader.serve")
    if not serve_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s hubreader: %(message)s"))
        serve_log.addHandler(handler)
    serve_log.setLevel(logging.INFO)
    logging.getLogger("asyncssh").setLevel(logging.WARNING)


def _port(text: str) -> int:
    value = _int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number (0-65535), got '{safe_text(text)[:20]}'")
    return value


def _count(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, got '{safe_text(text)[:20]}'")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got '{safe_text(text)[:20]}'")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return -1
