# SPDX-License-Identifier: Apache-2.0
"""The operations both clients offer, as (start, convert) pairs: the sync Client runs them
blocking, the AsyncClient awaits them. One place for what each operation sends and how its
result becomes Python types."""

from __future__ import annotations

import logging
import weakref
from typing import Any, Callable, Dict, Optional, Tuple, TypeVar

from . import _core
from ._operations import CallbackGuard, Start, progress_adapter
from .errors import TransportError, UriError
from .messages import Request
from .results import DeviceInfo, DeviceParams, ProgressCallback, StepCallback, UpgradeResult, UploadResult

R = TypeVar("R")
Call = Tuple[Start, Callable[[Any], Any], CallbackGuard]
Deliver = Callable[..., Any]

#: The C++ client's log: fallbacks and protocol decisions at INFO, each upload's window epochs
#: and counters at DEBUG, what the user must know (an upload without its integrity check)
#: at WARNING. Called on the client's I/O thread.
logger = logging.getLogger("smpcore")


def _log(level: int, line: str) -> None:
    logger.log(level, line)


def open_session(uri: str, timeout: float, retries: int) -> _core.Session:
    """The C++ session for `uri`; a bad URI is UriError, a missing port TransportError."""
    try:
        return _core.Session(uri, timeout, retries, log=_log)
    except ValueError as e:
        raise UriError(str(e), "invalid_argument") from None
    except RuntimeError as e:
        raise TransportError(str(e), "transport_error") from None


def _bytes(data: Any) -> bytes:
    return data if isinstance(data, bytes) else bytes(data)


class Calls:
    """What a call sends (start) and how its answer is returned (convert). `deliver` runs a
    user callback: at once on the I/O thread (sync) or on the event loop (async)."""

    def __init__(self, session: _core.Session, deliver: Deliver) -> None:
        self.session = session
        self.deliver = deliver

    def connect(self) -> Call:
        return (self.session.connect, lambda d: DeviceParams(**d), CallbackGuard())

    def identify(self) -> Call:
        return (self.session.identify, DeviceInfo.of, CallbackGuard())

    def request(self, request: "Request[R]", timeout: Optional[float]) -> Call:
        payload = request.payload()
        start: Start = lambda done: self.session.request(  # noqa: E731
            request.group, request.command, request.write, payload, timeout, done
        )
        return (start, request.parse, CallbackGuard())

    def request_raw(
        self, group: int, command: int, payload: Optional[Dict[str, Any]], write: bool,
        timeout: Optional[float],
    ) -> Call:
        start: Start = lambda done: self.session.request(  # noqa: E731
            group, command, write, payload, timeout, done
        )
        return (start, lambda answer: answer, CallbackGuard())

    def upload_image(
        self, image: bytes, slot: Optional[int], upgrade: Optional[bool], window: Optional[int],
        progress: Optional[ProgressCallback],
    ) -> Call:
        guard = CallbackGuard()
        report = progress_adapter(progress, guard, self.deliver)
        data = _bytes(image)
        start: Start = lambda done: self.session.upload_image(  # noqa: E731
            data, slot, upgrade, window, report, done
        )
        return (start, lambda d: UploadResult(**d), guard)

    def upgrade(
        self, image: bytes, settings: _core.UpgradeSettings, on_step: Optional[StepCallback],
        progress: Optional[ProgressCallback],
    ) -> Call:
        guard = CallbackGuard()
        report = progress_adapter(progress, guard, self.deliver)
        step = None
        if on_step is not None:
            call = guard.wrap(on_step)
            step = lambda s, m: self.deliver(call, s, m)  # noqa: E731
        data = _bytes(image)
        start: Start = lambda done: self.session.upgrade(  # noqa: E731
            data, settings, step, report, done
        )
        return (start, UpgradeResult.of, guard)

    def upload_file(self, name: str, data: bytes, progress: Optional[ProgressCallback]) -> Call:
        guard = CallbackGuard()
        report = progress_adapter(progress, guard, self.deliver)
        content = _bytes(data)
        start: Start = lambda done: self.session.upload_file(  # noqa: E731
            name, content, report, done
        )
        return (start, lambda _: None, guard)

    def download_file(self, name: str, progress: Optional[ProgressCallback]) -> Call:
        guard = CallbackGuard()
        report = progress_adapter(progress, guard, self.deliver)
        start: Start = lambda done: self.session.download_file(name, report, done)  # noqa: E731
        return (start, lambda data: data, guard)


def upgrade_settings(
    confirm_directly: bool, confirm_after_verify: bool, via_bootloader: bool,
    reconnect_timeout: float,
) -> _core.UpgradeSettings:
    settings = _core.UpgradeSettings()
    settings.confirm_directly = confirm_directly
    settings.confirm_after_verify = confirm_after_verify
    settings.via_bootloader = via_bootloader
    settings.reconnect_timeout_s = reconnect_timeout
    return settings


class ClientBase:
    """What both clients hold: the session's calls and the parameters connect() found."""

    def __init__(self, uri: str, timeout: float, retries: int, deliver: Deliver) -> None:
        self._calls = Calls(open_session(uri, timeout, retries), deliver)
        self._params: Optional[DeviceParams] = None
        # A client never closed is closed when it is collected, or at exit at the latest:
        # its I/O thread must end while the interpreter can still take its callbacks.
        self._closer = weakref.finalize(self, self._calls.session.close)

    def _start(self) -> None:
        """Before each operation: the C++ side drops the log lines the logger would, without
        crossing into Python for them."""
        self._calls.session.log_level = logger.getEffectiveLevel()

    @property
    def uri(self) -> str:
        """The connection URI the client was made with."""
        return self._calls.session.uri

    @property
    def params(self) -> Optional[DeviceParams]:
        """The device's parameters as the last connect() found them (None before)."""
        return self._params

    def close(self) -> None:
        """Closes the link and stops the client's C++ I/O thread (it waits for it)."""
        self._closer()
