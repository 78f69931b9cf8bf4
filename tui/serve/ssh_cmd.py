"""`hubreader serve-ssh`: the command line only; the server is imported when the command runs."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from platformdirs import user_data_dir

from tui.model.sanitize import safe_text

HOST_KEY_FILE = "ssh_host_ed25519_key"


def add_serve_ssh_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `serve-ssh` on the main parser's subcommands."""
    host_key = Path(user_data_dir("hubreader")) / HOST_KEY_FILE
    authorized = Path.home() / ".ssh" / "authorized_keys"
    serve = sub.add_parser("serve-ssh", help="serve the reader over SSH (public-key auth, one process per session)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=2222, help="port to listen on (default 2222; 0 picks one)")
    serve.add_argument("--host-key", type=Path, default=host_key, metavar="PATH",
                       help=f"host private key, created (0600) if missing (default {host_key})")
    serve.add_argument("--authorized-keys", type=Path, default=authorized, metavar="PATH",
                       help=f"OpenSSH public keys allowed in; nothing else is (default {authorized})")
    serve.add_argument("--max-sessions", type=_count, default=20, metavar="N", help="sessions in all (default 20)")
    serve.add_argument("--max-sessions-per-key", type=_count, default=3, metavar="N",
                       help="sessions per client key, whatever user name it claims (default 3)")
    serve.add_argument("--idle-timeout", type=_seconds, default=1800.0, metavar="SECONDS",
                       help="close a session after this long without input (default 1800)")
    serve.add_argument("--max-session-time", type=_seconds, default=8 * 3600.0, metavar="SECONDS",
                       help="close any session after this long; also its CPU-time limit (default 28800)")
    serve.set_defaults(run=cmd_serve_ssh)


def cmd_serve_ssh(args: argparse.Namespace) -> int:
    from tui.serve.ssh_run import serve_ssh  # noqa: PLC0415 - asyncssh and asyncio cost every other command ~150 ms

    return serve_ssh(args)


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
