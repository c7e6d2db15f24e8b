"""Encrypting a backup file (issue 14): it holds password hashes and two-factor secrets.

The whole gzip stream is encrypted with cryptography's Fernet (AES-128-CBC with HMAC-SHA256, so a
file changed or encrypted with another key is refused, not restored half). The key is given on the
command line (--key) or in VARN_BACKUP_KEY; `manage.py backup --new-key` prints a new one."""

from __future__ import annotations

import os

from cryptography.fernet import Fernet, InvalidToken

ENV = "VARN_BACKUP_KEY"


class KeyError_(ValueError):
    """No usable key, or a file the key cannot decrypt; the message is for the operator."""


def new_key() -> str:
    return Fernet.generate_key().decode()


def _fernet(key: str | None) -> Fernet:
    key = key or os.environ.get(ENV, "")
    if not key:
        raise KeyError_(
            f"Ange nyckeln för säkerhetskopian med --key eller i miljövariabeln {ENV} "
            "(skapa en med `manage.py backup --new-key` och förvara den skild från kopiorna)."
        )
    try:
        return Fernet(key.encode())
    except ValueError as error:
        raise KeyError_("Nyckeln är inte en giltig nyckel (44 tecken, base64, från --new-key).") from error


def encrypt(data: bytes, key: str | None) -> bytes:
    return _fernet(key).encrypt(data)


def decrypt(data: bytes, key: str | None) -> bytes:
    fernet = _fernet(key)
    try:
        return fernet.decrypt(data)
    except InvalidToken as error:
        raise KeyError_(
            "Filen kan inte dekrypteras med den här nyckeln: fel nyckel, en ändrad fil eller ingen "
            "krypterad säkerhetskopia från Värn. Inget återställdes."
        ) from error
