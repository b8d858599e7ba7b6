# SPDX-License-Identifier: Apache-2.0
"""Typed requests of the standard SMP groups (Zephyr's MCUmgr), for ``client.request()``.

Each request is a dataclass naming its group, command and direction; ``client.request(r)``
returns its response dataclass. Keys of an answer that a response type does not know are
kept in its ``extra`` dict. Image upload, upgrade and file transfer have their own client
methods; any other group is reached with ``client.request_raw()``::

    reply = client.request(Echo("hello"))        # EchoResponse(r='hello')
    state = client.request(ImageState())         # ImageStateResponse(images=[ImageSlot...])
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Dict, Generic, List, Optional, Tuple, Type, TypeVar

R = TypeVar("R")
T = TypeVar("T")

OS, IMAGE, STAT, SETTINGS, FS, SHELL, ENUM, ZEPHYR = 0, 1, 2, 3, 8, 9, 10, 63


def _key(f: "dataclasses.Field[Any]") -> str:
    return str(f.metadata.get("key", f.name))


Spec = Tuple[str, str, Optional[Callable[[Any], Any]]]


_SPECS: Dict[Any, Tuple[Tuple[Spec, ...], bool]] = {}


def _specs(cls: Any) -> Tuple[Tuple[Spec, ...], bool]:
    """A dataclass's fields as (name, wire key, parse) but extra, and whether it has extra:
    looked up once per class (a request is encoded and decoded on every call)."""
    if cls not in _SPECS:
        fields = dataclasses.fields(cls)
        specs = tuple((f.name, _key(f), f.metadata.get("parse")) for f in fields
                      if f.name != "extra")
        _SPECS[cls] = (specs, any(f.name == "extra" for f in fields))
    return _SPECS[cls]


def build(cls: Type[T], answer: Dict[str, Any]) -> T:
    """A response dataclass from a decoded answer map: known keys to fields (converted by
    a field's ``parse`` metadata), the rest to ``extra``."""
    specs, has_extra = _specs(cls)
    values: Dict[str, Any] = {}
    rest = dict(answer)
    for name, key, parse in specs:
        if key in rest:
            value = rest.pop(key)
            values[name] = parse(value) if parse is not None and value is not None else value
    if has_extra:
        values["extra"] = rest
    return cls(**values)


def _list_of(cls: Type[T]) -> Callable[[Any], List[T]]:
    return lambda items: [build(cls, item) for item in items]


def _map_of(cls: Type[T]) -> Callable[[Any], Dict[str, T]]:
    return lambda items: {name: build(cls, item) for name, item in items.items()}


class Request(Generic[R]):
    """A typed request: where it goes and what comes back. Subclasses are dataclasses."""

    group: ClassVar[int]
    command: ClassVar[int]
    write: ClassVar[bool]
    response: ClassVar[Type[Any]]

    def payload(self) -> Dict[str, Any]:
        """The request map: the dataclass fields under their wire keys, None left out."""
        specs, _ = _specs(type(self))
        return {key: getattr(self, name) for name, key, _ in specs
                if getattr(self, name) is not None}

    def parse(self, answer: Dict[str, Any]) -> R:
        """The typed response for a decoded answer map."""
        result: R = build(self.response, answer)
        return result


def _wire(key: str, default: Any = None, parse: Optional[Callable[[Any], Any]] = None) -> Any:
    meta: Dict[str, Any] = {"key": key}
    if parse is not None:
        meta["parse"] = parse
    return field(default=default, metadata=meta)


def _extra() -> Any:
    return field(default_factory=dict)


@dataclass
class Empty:
    """An answer with nothing the request type knows of."""

    extra: Dict[str, Any] = _extra()


# --- OS group (0) -----------------------------------------------------------------------


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
class MemoryPoolStats(Request[Empty]):
    """os memory pool statistics: the pools are the answer's keys (in ``extra``)."""

    group, command, write, response = OS, 3, False, Empty


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


# --- Image group (1) --------------------------------------------------------------------


@dataclass
class ImageSlot:
    image: int = 0
    slot: int = 0
    version: str = ""
    hash: Optional[bytes] = None
    bootable: Optional[bool] = None
    pending: Optional[bool] = None
    confirmed: Optional[bool] = None
    active: Optional[bool] = None
    permanent: Optional[bool] = None
    extra: Dict[str, Any] = _extra()


@dataclass
class ImageStateResponse:
    images: List[ImageSlot] = _wire("images", None, _list_of(ImageSlot))
    split_status: Optional[int] = _wire("splitStatus")
    extra: Dict[str, Any] = _extra()


@dataclass
class ImageState(Request[ImageStateResponse]):
    """image state read: the slots, their versions, hashes and flags."""

    group, command, write, response = IMAGE, 0, False, ImageStateResponse


@dataclass
class ImageStateSet(Request[ImageStateResponse]):
    """image state write: test (``confirm=False``) or confirm the image with ``hash``."""

    group, command, write, response = IMAGE, 0, True, ImageStateResponse
    hash: Optional[bytes] = None
    confirm: Optional[bool] = None


@dataclass
class ImageErase(Request[Empty]):
    """image erase of ``slot`` (default: the device's second slot)."""

    group, command, write, response = IMAGE, 5, True, Empty
    slot: Optional[int] = None


@dataclass
class SlotInfo(Request[Empty]):
    """image slot info: sizes of the images' slots (in ``extra["images"]``)."""

    group, command, write, response = IMAGE, 6, False, Empty


# --- Statistics group (2) ---------------------------------------------------------------


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


# --- Settings group (3) -----------------------------------------------------------------


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


# --- File system group (8): transfers are client.upload_file / download_file -----------


@dataclass
class FileStatusResponse:
    len: int = 0
    extra: Dict[str, Any] = _extra()


@dataclass
class FileStatus(Request[FileStatusResponse]):
    """fs status: the size of file ``name``."""

    group, command, write, response = FS, 1, False, FileStatusResponse
    name: str = ""


@dataclass
class FileHashResponse:
    type: str = ""
    off: Optional[int] = None
    len: int = 0
    output: Any = None
    extra: Dict[str, Any] = _extra()


@dataclass
class FileHash(Request[FileHashResponse]):
    """fs hash/checksum of file ``name`` (``type`` e.g. "sha256", "crc32")."""

    group, command, write, response = FS, 2, False, FileHashResponse
    name: str = ""
    type: Optional[str] = None
    off: Optional[int] = None
    len: Optional[int] = None


@dataclass
class FileClose(Request[Empty]):
    """fs close: the device closes the file a transfer left open."""

    group, command, write, response = FS, 4, True, Empty


# --- Shell group (9) --------------------------------------------------------------------


@dataclass
class ShellExecResponse:
    o: str = ""
    ret: int = 0
    extra: Dict[str, Any] = _extra()


@dataclass
class ShellExec(Request[ShellExecResponse]):
    """shell exec of ``argv``: the output ``o`` and the command's ``ret``."""

    group, command, write, response = SHELL, 0, True, ShellExecResponse
    argv: List[str] = field(default_factory=list)


# --- Enumeration group (10) -------------------------------------------------------------


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


# --- Zephyr basic group (63) ------------------------------------------------------------


@dataclass
class EraseStorage(Request[Empty]):
    """Zephyr basic: erase the storage partition."""

    group, command, write, response = ZEPHYR, 0, True, Empty
