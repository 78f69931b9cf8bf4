"""Running `serve-ssh`: check the keys, bring the index up to date, serve until Ctrl+C; errors are one line."""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import signal
import sys

from tui.cli.commands import UsageError, content_error_warning, open_kb
from tui.cli.content import content_root
from tui.cli.search_cmd import prepare_index
from tui.model.sanitize import safe_text
from tui.serve.child import Limits
from tui.serve.session_env import SESSION_MEMORY_MB
from tui.serve.ssh_keys import AuthorizedKeys, KeyFileError, fingerprint, host_key
from tui.serve.ssh_server import ReaderSshServer, ServerConfig
from tui.serve.ssh_session import SessionRules
from tui.serve.zygote_client import ZygoteGone

log = logging.getLogger("hubreader.serve.ssh")


class ServeError(Exception):
    """The server cannot run (port taken, session helper failed); one line for the user."""


def serve_ssh(args: argparse.Namespace) -> int:
    _log_to_stderr()
    try:
        authorized = AuthorizedKeys(args.authorized_keys.expanduser())
        key, created = host_key(args.host_key.expanduser())
    except KeyFileError as exc:
        raise UsageError(str(exc)) from exc
    kb = open_kb(args)
    if warning := content_error_warning(kb):
        print(f"hubreader: warning: {warning}", file=sys.stderr)
    config = ServerConfig(
        host=args.host, port=args.port, host_key=key, authorized=authorized,
        content=content_root(args.content).resolve(),
        cache_dir=prepare_index(kb), max_sessions=args.max_sessions, max_sessions_per_key=args.max_sessions_per_key,
        rules=SessionRules(args.idle_timeout, args.max_session_time,
                           Limits(math.ceil(args.max_session_time), SESSION_MEMORY_MB << 20)),
    )
    shown = safe_text(str(args.host_key))
    print(f"hubreader: host key {fingerprint(key)} ({'created in' if created else 'from'} {shown})")
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
    print(f"hubreader: serving {items} items on {config.host}:{server.port};"
          f" connect with: ssh -p {server.port} reader@{config.host}", flush=True)
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


def _log_to_stderr() -> None:
    """One line per event; asyncssh's own chatter (which includes client-supplied strings) is kept to warnings."""
    serve_log = logging.getLogger("hubreader.serve")
    if not serve_log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s hubreader: %(message)s"))
        serve_log.addHandler(handler)
    serve_log.setLevel(logging.INFO)
    logging.getLogger("asyncssh").setLevel(logging.WARNING)
