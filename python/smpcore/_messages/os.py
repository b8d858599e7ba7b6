# SPDX-License-Identifier: Apache-2.0
"""OS management, group 0 (C++: include/smp/protocol/messages/os.hpp)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional

from .._wire import OS, Empty, Request, extra_field as _extra, map_of as _map_of, wire as _wire

__all__ = [
    "EchoResponse", "Echo", "ConsoleEcho", "TaskInfo", "TaskStatsResponse", "TaskStats",
    "MemoryPool", "MemoryPoolStatsResponse", "MemoryPoolStats", "DateTimeResponse",
    "DateTimeGet", "DateTimeSet", "Reset", "McumgrParamsResponse", "McumgrParams",
    "OsInfoResponse", "OsInfo", "BootloaderInfoResponse", "BootloaderInfo",
]


@dataclass
class EchoResponse:
    r: str = ""
    extra: Dict[str, Any] = _extra()


@dataclass
class Echo(Request[EchoResponse]):
    """os echo: the device answers ``d`` back in ``r``."""

    group, command, write, response = OS, 0, True, EchoResponse
    d: str = ""


@dataclass
class ConsoleEcho(Request[Empty]):
    """os console echo control: Zephyr answers ENOTSUP, MCUboot success."""

    group, command, write, response = OS, 1, True, Empty
    echo: int = 0


@dataclass
class TaskInfo:
    prio: int = 0
    tid: int = 0
    state: int = 0
    stksiz: Optional[int] = None
    stkuse: Optional[int] = None
    runtime: Optional[int] = None
    cswcnt: Optional[int] = None
    last_checkin: Optional[int] = None
    next_checkin: Optional[int] = None
    extra: Dict[str, Any] = _extra()


@dataclass
class TaskStatsResponse:
    tasks: Dict[str, TaskInfo] = _wire("tasks", None, _map_of(TaskInfo))
    extra: Dict[str, Any] = _extra()


@dataclass
class TaskStats(Request[TaskStatsResponse]):
    """os task statistics."""

    group, command, write, response = OS, 2, False, TaskStatsResponse


@dataclass
class MemoryPool:
    blksiz: int = 0
    nblks: int = 0
    nfree: int = 0
    min: Optional[int] = None
    extra: Dict[str, Any] = _extra()


@dataclass
class MemoryPoolStatsResponse:
    pools: Dict[str, MemoryPool] = field(default_factory=dict)


@dataclass
class MemoryPoolStats(Request[MemoryPoolStatsResponse]):
    """os memory pool statistics: the answer's keys are the pools' names."""

    group, command, write, response = OS, 3, False, MemoryPoolStatsResponse

    def parse(self, answer: Dict[str, Any]) -> MemoryPoolStatsResponse:
        return MemoryPoolStatsResponse(_map_of(MemoryPool)(answer))


@dataclass
class DateTimeResponse:
    datetime: str = ""
    extra: Dict[str, Any] = _extra()


@dataclass
class DateTimeGet(Request[DateTimeResponse]):
    """os date-time read: "YYYY-MM-DDTHH:MM:SS[.mmm]"."""

    group, command, write, response = OS, 4, False, DateTimeResponse


@dataclass
class DateTimeSet(Request[Empty]):
    """os date-time write."""

    group, command, write, response = OS, 4, True, Empty
    datetime: str = ""


@dataclass
class Reset(Request[Empty]):
    """os reset; ``boot_mode=1`` asks for the bootloader (serial recovery)."""

    group, command, write, response = OS, 5, True, Empty
    force: Optional[bool] = None
    boot_mode: Optional[int] = None


@dataclass
class McumgrParamsResponse:
    buf_size: int = 0
    buf_count: int = 0
    extra: Dict[str, Any] = _extra()


@dataclass
class McumgrParams(Request[McumgrParamsResponse]):
    """os MCUmgr parameters: the device's SMP buffer size and count."""

    group, command, write, response = OS, 6, False, McumgrParamsResponse


@dataclass
class OsInfoResponse:
    output: str = ""
    extra: Dict[str, Any] = _extra()


@dataclass
class OsInfo(Request[OsInfoResponse]):
    """os info (uname-like); ``format`` as Zephyr's, e.g. "a" for all."""

    group, command, write, response = OS, 7, False, OsInfoResponse
    format: Optional[str] = None


@dataclass
class BootloaderInfoResponse:
    bootloader: Optional[str] = None
    mode: Optional[int] = None
    no_downgrade: Optional[bool] = _wire("no-downgrade")
    extra: Dict[str, Any] = _extra()


@dataclass
class BootloaderInfo(Request[BootloaderInfoResponse]):
    """os bootloader info; ``query="mode"`` asks MCUboot's mode."""

    group, command, write, response = OS, 8, False, BootloaderInfoResponse
    query: Optional[str] = None
