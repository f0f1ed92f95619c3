"""Keyring backends for the sync tests (never for real use).

``MemoryKeyring`` serves the tests in this process (``keyring.set_keyring``). ``FileKeyring`` lets a
subprocess (``PYTHON_KEYRING_BACKEND=sync_keyring.FileKeyring`` with this folder on PYTHONPATH)
read the token the test stored: a JSON file in the test's tmp folder named by
``MOTCUA_TEST_KEYRING_FILE``, standing in for the OS keyring — never the counter's database.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from jaraco.classes.properties import classproperty
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

ENV = "MOTCUA_TEST_KEYRING_FILE"


class MemoryKeyring(KeyringBackend):
    priority = 0.5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class FileKeyring(KeyringBackend):
    @classmethod
    def _path(cls) -> Path:
        value = os.environ.get(ENV)
        if not value:
            raise RuntimeError(f"{ENV} is not set")
        return Path(value)

    @classproperty
    def priority(cls) -> float:  # type: ignore[override]
        cls._path()  # not viable (RuntimeError) unless the test named the file
        return 0.5

    def _load(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\n{username}"] = password
        self._path().write_text(json.dumps(data), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError("not found")
        self._path().write_text(json.dumps(data), encoding="utf-8")
