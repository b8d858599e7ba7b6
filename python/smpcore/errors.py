# SPDX-License-Identifier: Apache-2.0
"""The exceptions smpcore raises. Every one is an :class:`SmpError`."""

from __future__ import annotations

from typing import Optional

from . import _core


class SmpError(Exception):
    """An SMP operation failed. ``code`` names the library's error (e.g. ``"bad_image"``)."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class DeviceError(SmpError):
    """The device refused the request: ``group`` (SMP v2 group, or None for an SMP v1 rc),
    ``rc``, its ``name`` (Zephyr's enumerator: ``"MGMT_ERR_EINVAL"``,
    ``"IMG_MGMT_ERR_NO_FREE_SLOT"``...) and the device's ``reason`` text, if it gave one."""

    def __init__(self, message: str, group: Optional[int], rc: int, name: str, reason: str) -> None:
        super().__init__(message, "device")
        self.group = group
        self.rc = rc
        self.name = name
        self.reason = reason


class SmpTimeoutError(SmpError, TimeoutError):
    """The device did not answer in time (after the client's retries)."""


class TransportError(SmpError, ConnectionError):
    """The link failed or is closed: no such port, host unreachable, link lost."""


class OperationCancelled(SmpError):
    """The operation was cancelled (e.g. the client was closed while it ran)."""


class UriError(SmpError, ValueError):
    """A connection URI that is malformed or names no device (see connection_uri_help())."""


def from_info(info: _core.ErrorInfo) -> BaseException:
    """The exception for a failed operation of the C++ core."""
    if info.kind == "device":
        return DeviceError(info.message, info.group, info.rc, info.name, info.reason)
    if info.kind == "timeout":
        return SmpTimeoutError(info.message, info.code)
    if info.kind == "transport":
        return TransportError(info.message, info.code)
    if info.kind == "cancelled":
        return OperationCancelled(info.message, info.code)
    return SmpError(info.message, info.code)
