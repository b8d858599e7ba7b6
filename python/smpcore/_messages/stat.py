# SPDX-License-Identifier: Apache-2.0
"""Statistics, group 2 (C++: include/smp/protocol/messages/stat.hpp)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List

from .._wire import STAT, Request, extra_field as _extra, wire as _wire

__all__ = ["StatGroupDataResponse", "StatGroupData", "StatListResponse", "StatList"]


@dataclass
class StatGroupDataResponse:
    name: str = ""
    fields: Dict[str, int] = _wire("fields", None)
    extra: Dict[str, Any] = _extra()


@dataclass
class StatGroupData(Request[StatGroupDataResponse]):
    """stat read of one group's counters."""

    group, command, write, response = STAT, 0, False, StatGroupDataResponse
    name: str = ""


@dataclass
class StatListResponse:
    stat_list: List[str] = _wire("stat_list", None)
    extra: Dict[str, Any] = _extra()


@dataclass
class StatList(Request[StatListResponse]):
    """stat list of the groups."""

    group, command, write, response = STAT, 1, False, StatListResponse
