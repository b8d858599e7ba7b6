# SPDX-License-Identifier: Apache-2.0
"""Enumeration, group 10 (C++: include/smp/protocol/messages/enumeration.hpp)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from .._wire import ENUM, Request, extra_field as _extra, list_of as _list_of, wire as _wire

__all__ = [
    "EnumCountResponse", "EnumCount", "EnumListResponse", "EnumList", "EnumSingleResponse",
    "EnumSingle", "EnumGroupDetails", "EnumDetailsResponse", "EnumDetails",
]


@dataclass
class EnumCountResponse:
    count: int = 0
    extra: Dict[str, Any] = _extra()


@dataclass
class EnumCount(Request[EnumCountResponse]):
    group, command, write, response = ENUM, 0, False, EnumCountResponse


@dataclass
class EnumListResponse:
    groups: List[int] = _wire("groups", None)
    extra: Dict[str, Any] = _extra()


@dataclass
class EnumList(Request[EnumListResponse]):
    group, command, write, response = ENUM, 1, False, EnumListResponse


@dataclass
class EnumSingleResponse:
    group: int = 0
    end: Optional[bool] = None
    extra: Dict[str, Any] = _extra()


@dataclass
class EnumSingle(Request[EnumSingleResponse]):
    group, command, write, response = ENUM, 2, False, EnumSingleResponse
    index: int = 0


@dataclass
class EnumGroupDetails:
    group: int = 0
    name: Optional[str] = None
    handlers: Optional[int] = None
    extra: Dict[str, Any] = _extra()


@dataclass
class EnumDetailsResponse:
    groups: List[EnumGroupDetails] = _wire("groups", None, _list_of(EnumGroupDetails))
    extra: Dict[str, Any] = _extra()


@dataclass
class EnumDetails(Request[EnumDetailsResponse]):
    group, command, write, response = ENUM, 3, False, EnumDetailsResponse
    groups: Optional[List[int]] = None
