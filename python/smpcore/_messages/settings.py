# SPDX-License-Identifier: Apache-2.0
"""Settings, group 3 (C++: include/smp/protocol/messages/settings.hpp)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional

from .._wire import SETTINGS, Empty, Request, extra_field as _extra

__all__ = [
    "SettingsReadResponse", "SettingsRead", "SettingsWrite", "SettingsDelete",
    "SettingsCommit", "SettingsLoad", "SettingsSave",
]


@dataclass
class SettingsReadResponse:
    val: bytes = b""
    max_size: Optional[int] = None
    extra: Dict[str, Any] = _extra()


@dataclass
class SettingsRead(Request[SettingsReadResponse]):
    """settings read of ``name``."""

    group, command, write, response = SETTINGS, 0, False, SettingsReadResponse
    name: str = ""
    max_size: Optional[int] = None


@dataclass
class SettingsWrite(Request[Empty]):
    """settings write of ``val`` to ``name``."""

    group, command, write, response = SETTINGS, 0, True, Empty
    name: str = ""
    val: bytes = b""


@dataclass
class SettingsDelete(Request[Empty]):
    group, command, write, response = SETTINGS, 1, True, Empty
    name: str = ""


@dataclass
class SettingsCommit(Request[Empty]):
    group, command, write, response = SETTINGS, 2, True, Empty


@dataclass
class SettingsLoad(Request[Empty]):
    group, command, write, response = SETTINGS, 3, False, Empty


@dataclass
class SettingsSave(Request[Empty]):
    group, command, write, response = SETTINGS, 3, True, Empty
    name: Optional[str] = None
