"""What crosses into a session's reader: the server's basics, the client's locale and colours, a sane screen size,
and the escape delay that every reader, served or not, starts with."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

CLIENT_ENV = ("LANG", "COLORTERM", "NO_COLOR")  # and LC_*; TERM comes from the pty request
SERVER_ENV = ("HOME", "PATH", "USER", "LOGNAME", "TMPDIR")
MAX_ENV_VALUE = 256
MAX_SESSIONS = 20  # readers served at once by serve-ssh or serve-web unless --max-sessions says otherwise
MAX_COLUMNS, MAX_ROWS = 500, 200  # bigger than real terminals; a client may claim anything, a reader must not draw it
SESSION_CPU_S = 8 * 3600  # a served reader's CPU seconds (SSH and web); serve-ssh's --max-session-time defaults to it
SESSION_MEMORY_MB = 256  # data a served reader may allocate: SSH beyond the zygote's heap, web in all (~50 MB at start)
ESCAPE_DELAY_ENV = "ESCDELAY"  # Textual's name for it: milliseconds, read once, as textual.constants is imported
ESCAPE_DELAY_MS = 25  # how long after Esc a byte still counts as part of one key with it (Textual's default: 100)


def clamp_size(columns: int, rows: int) -> tuple[int, int]:
    """The screen a served reader (SSH or web) is given, whatever size its client asked for."""
    return max(1, min(columns, MAX_COLUMNS)), max(1, min(rows, MAX_ROWS))
MAX_CLIENT_VARS = 32  # LC_* is open-ended; the whole request must stay far below one zygote message (64 KiB)


def session_environ(client: Mapping[str, str], term: str, server: Mapping[str, str]) -> dict[str, str]:
    """The child's whole environment: the server's basics plus the client's locale and colour wishes, nothing else."""
    environ = {name: server[name] for name in SERVER_ENV if name in server}
    wanted = [(name, value) for name, value in client.items() if client_may_set(name, value)]
    environ.update(wanted[:MAX_CLIENT_VARS])
    environ["TERM"] = term if _plain(term) else "xterm-256color"
    return environ


def client_may_set(name: str, value: str) -> bool:
    """The only variables a client may send: SSH keeps what the reader would take and refuses the rest on arrival."""
    locale = name.startswith("LC_") and len(name) <= 32 and name[3:].isalpha() and name.isupper()
    return (name in CLIENT_ENV or locale) and _plain(value)


def _plain(value: str) -> bool:
    return 0 < len(value) <= MAX_ENV_VALUE and value.isprintable()


def default_escape_delay(environ: MutableMapping[str, str]) -> None:
    """Before Textual is imported, since it reads the delay only then; a delay the user chose is theirs to keep
    (tests/test_escape_delay.py)."""
    environ.setdefault(ESCAPE_DELAY_ENV, str(ESCAPE_DELAY_MS))
