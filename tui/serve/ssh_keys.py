"""The server's host key (made once, private to its owner) and the client keys allowed in."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import asyncssh

from tui.model.sanitize import safe_text

log = logging.getLogger("hubreader.serve.ssh")

class KeyFileError(Exception):
    """A key file that cannot be used, explained in one line."""


def fingerprint(key: asyncssh.SSHKey) -> str:
    """SHA256:..., as `ssh-keygen -l` and OpenSSH's known_hosts prompt show it."""
    return str(key.get_fingerprint("sha256"))


def host_key(path: Path) -> tuple[asyncssh.SSHKey, bool]:
    """The key at `path`, generated there (0600) the first time; also says whether it was just made."""
    try:
        return _create_host_key(path), True
    except FileExistsError:
        return _read_host_key(path), False
    except OSError as exc:
        raise KeyFileError(f"cannot create host key {_shown(path)}: {exc.strerror or exc}") from exc


def _create_host_key(path: Path) -> asyncssh.SSHKey:
    """Generated only once the file is ours; a failed write leaves no empty key to trip every later start."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        key = asyncssh.generate_private_key("ssh-ed25519")
        with os.fdopen(handle, "wb") as out:
            out.write(key.export_private_key())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return key


def _read_host_key(path: Path) -> asyncssh.SSHKey:
    try:
        if path.stat().st_mode & 0o077:
            raise KeyFileError(f"host key {_shown(path)} is readable by others: run 'chmod 600 {_shown(path)}'")
        return asyncssh.read_private_key(path)
    except OSError as exc:
        raise KeyFileError(f"cannot read host key {_shown(path)}: {exc.strerror or exc}") from exc
    except (asyncssh.KeyImportError, ValueError) as exc:
        raise KeyFileError(f"host key {_shown(path)} is not an unencrypted private key: {exc}") from exc


class AuthorizedKeys:
    """An OpenSSH authorized_keys file (with `from=` honoured), re-read when it changes, as sshd would."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp = _stamp(path)
        self._keys: asyncssh.SSHAuthorizedKeys | None = read_authorized_keys(path)

    def allows(self, key: asyncssh.SSHKey, peer_host: str) -> bool:
        self._reload_if_changed()
        return self._keys is not None and self._keys.validate(key, peer_host, peer_host) is not None

    def _reload_if_changed(self) -> None:
        """A file that turns unreadable or empty lets nobody in, rather than whoever it used to."""
        stamp = _stamp(self.path)
        if stamp == self._stamp:
            return
        self._stamp = stamp
        try:
            self._keys = read_authorized_keys(self.path)
            log.info("re-read authorized keys from %s", _shown(self.path))
        except KeyFileError as exc:
            self._keys = None
            log.warning("%s; refusing every key until it is fixed", exc)


def read_authorized_keys(path: Path) -> asyncssh.SSHAuthorizedKeys:
    shown = _shown(path)
    try:
        return asyncssh.read_authorized_keys(str(path))
    except FileNotFoundError as exc:
        raise KeyFileError(f"authorized keys file not found: {shown} (use --authorized-keys PATH)") from exc
    except OSError as exc:
        raise KeyFileError(f"cannot read authorized keys file {shown}: {exc.strerror or exc}") from exc
    except ValueError as exc:  # asyncssh's "No valid entries found", also for an empty file
        raise KeyFileError(f"no usable public keys in {shown}: add one OpenSSH public key per line") from exc


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _shown(path: Path) -> str:
    return safe_text(str(path))
