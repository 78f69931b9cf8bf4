"""`hubreader serve-ssh`: the command line only; the server is imported when the command runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.cli.argtypes import port, positive_int, positive_seconds
from tui.serve.session_env import MAX_SESSIONS, SESSION_CPU_S

HOST_KEY_FILE = "ssh_host_ed25519_key"


def add_serve_ssh_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `serve-ssh` on the main parser's subcommands."""
    serve = sub.add_parser("serve-ssh", help="serve the reader over SSH (public-key auth, one process per session)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=port, default=2222, help="port to listen on (default 2222; 0 picks one)")
    serve.add_argument("--host-key", type=Path, metavar="PATH",
                       help=f"host private key, created (0600) if missing (default: user data dir/{HOST_KEY_FILE})")
    serve.add_argument("--authorized-keys", type=Path, metavar="PATH",
                       help="OpenSSH public keys allowed in; nothing else is (default ~/.ssh/authorized_keys)")
    serve.add_argument("--max-sessions", type=positive_int, default=MAX_SESSIONS, metavar="N",
                       help=f"sessions in all (default {MAX_SESSIONS})")
    serve.add_argument("--max-sessions-per-key", type=positive_int, default=3, metavar="N",
                       help="sessions per client key, whatever user name it claims (default 3)")
    serve.add_argument("--idle-timeout", type=positive_seconds, default=1800.0, metavar="SECONDS",
                       help="close a session after this long without input (default 1800)")
    serve.add_argument("--max-session-time", type=positive_seconds, default=float(SESSION_CPU_S), metavar="SECONDS",
                       help="close any session after this long; also its CPU-time limit (default 28800)")
    serve.set_defaults(run=cmd_serve_ssh)


def cmd_serve_ssh(args: argparse.Namespace) -> int:
    """Default paths are found only now: looking up a home folder at parse time could fail every other command."""
    from platformdirs import user_data_dir  # noqa: PLC0415

    from tui.cli.serve_ssh_run import serve_ssh  # noqa: PLC0415 - asyncssh and asyncio cost every other command ~150 ms

    args.host_key = args.host_key or Path(user_data_dir("hubreader")) / HOST_KEY_FILE
    args.authorized_keys = args.authorized_keys or Path("~/.ssh/authorized_keys")
    return serve_ssh(args)
