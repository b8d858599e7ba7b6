# SPDX-License-Identifier: Apache-2.0
"""File system, group 8 (C++: include/smp/protocol/messages/fs.hpp). Transfers are
client.upload_file and client.download_file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional

from .._wire import FS, Empty, Request, extra_field as _extra, map_of as _map_of, wire as _wire

__all__ = [
    "FileStatusResponse", "FileStatus", "FileHashResponse", "FileHash", "HashType",
    "SupportedHashesResponse", "SupportedHashes", "FileClose",
]


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
class HashType:
    format: int = 0  # 0 integer, 1 byte string
    size: int = 0
    extra: Dict[str, Any] = _extra()


@dataclass
class SupportedHashesResponse:
    types: Dict[str, HashType] = _wire("types", None, _map_of(HashType))
    extra: Dict[str, Any] = _extra()


@dataclass
class SupportedHashes(Request[SupportedHashesResponse]):
    """fs supported hash/checksum types, by name."""

    group, command, write, response = FS, 3, False, SupportedHashesResponse


@dataclass
class FileClose(Request[Empty]):
    """fs close: the device closes the file a transfer left open."""

    group, command, write, response = FS, 4, True, Empty
