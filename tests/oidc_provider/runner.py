"""Start and stop the throwaway provider from a test (see settings.py)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "varn-test"
CLIENT_SECRET = "hemligt-test-secret-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Provider:
    directory: Path
    url: str
    process: subprocess.Popen

    @property
    def issuer(self) -> str:
        return self.url + "/o"

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "VARN_"))}
        env.update(
            OIDC_PROVIDER_DIR=str(self.directory), DJANGO_SETTINGS_MODULE="tests.oidc_provider.settings"
        )
        return env

    def setup(self, *redirect_uris: str, users: dict[str, str] | None = None) -> None:
        """Register redirect URIs and users (user name → password)."""
        args = [CLIENT_ID, CLIENT_SECRET, *redirect_uris, "--"]
        args += [f"{u}:{p}" for u, p in (users or {}).items()]
        subprocess.run(
            [sys.executable, "-m", "tests.oidc_provider.bootstrap", *args],
            cwd=ROOT,
            env=self._env(),
            check=True,
            capture_output=True,
        )

    def set_claims(self, username: str, claims: dict) -> None:
        path = self.directory / "claims.json"
        data = json.loads(path.read_text()) if path.exists() else {}
        data[username] = claims
        path.write_text(json.dumps(data))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_provider(directory: Path) -> Provider:
    directory.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (directory / "signing-key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    port = free_port()
    provider = Provider(directory=directory, url=f"http://127.0.0.1:{port}", process=None)  # type: ignore[arg-type]
    provider.setup()
    log = open(directory / "provider.log", "wb")  # noqa: SIM115 - kept open for the process's life
    provider.process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tests.oidc_provider.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
        ],
        cwd=ROOT,
        env=provider._env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    # A busy machine (CI runs the suite in parallel) may take a while to start the provider and
    # answer its first request: wait for it, but not forever.
    deadline = time.monotonic() + 120
    while True:
        try:
            if requests.get(provider.issuer + "/.well-known/openid-configuration", timeout=15).ok:
                return provider
        except requests.RequestException:
            pass
        if provider.process.poll() is not None or time.monotonic() > deadline:
            provider.stop()
            raise RuntimeError((directory / "provider.log").read_text())
        time.sleep(0.2)
