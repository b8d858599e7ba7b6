# SPDX-License-Identifier: Apache-2.0
"""smpcore.Client: the blocking client. Each call waits for its result; Ctrl-C cancels the
running operation (the device is left as an interrupted upload leaves it: a later upload of
the same image resumes) and raises KeyboardInterrupt. Progress and step callbacks run on the
C++ I/O thread. One call at a time per client."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Dict, Optional, Type, TypeVar

from ._calls import Call, ClientBase, upgrade_settings
from ._operations import run_blocking
from .messages import Request
from .results import DeviceInfo, DeviceParams, ProgressCallback, StepCallback, UpgradeResult, UploadResult

R = TypeVar("R")


def _now(fn: Any, *args: Any) -> None:
    fn(*args)


class Client(ClientBase):
    """A device connection by URI, as smpctl takes them (see connection_uri_help())::

        with smpcore.Client("udp://192.0.2.1:1337") as client:
            print(client.request(smpcore.Echo("hello")).r)

    ``timeout`` is per attempt of a request (seconds); idempotent requests are tried
    ``retries`` more times. Raises UriError for a bad URI, TransportError when the port
    named by USB identity is not there."""

    def __init__(self, uri: str, *, timeout: float = 3.0, retries: int = 2) -> None:
        super().__init__(uri, timeout, retries, _now)

    def _run(self, call: Call) -> Any:
        self._start()
        start, convert, guard = call
        return convert(run_blocking(start, guard))

    def __enter__(self) -> "Client":
        self.connect()
        return self

    def __exit__(self, kind: Optional[Type[BaseException]], error: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        self.close()

    def connect(self) -> DeviceParams:
        """Opens the link and reads the device's MCUmgr parameters (buffer size, count)."""
        params: DeviceParams = self._run(self._calls.connect())
        self._params = params
        return params

    def identify(self) -> DeviceInfo:
        """What the device is: an application, MCUboot serial recovery, or without image
        management; its image list and MCUboot mode (what upgrade() plans by)."""
        info: DeviceInfo = self._run(self._calls.identify())
        return info

    def request(self, request: "Request[R]", *, timeout: Optional[float] = None) -> R:
        """Sends a typed request (smpcore.messages) and returns its typed response.
        Raises DeviceError when the device refuses it, SmpTimeoutError, TransportError."""
        result: R = self._run(self._calls.request(request, timeout))
        return result

    def request_raw(self, group: int, command: int, payload: Optional[Dict[str, Any]] = None, *,
                    write: bool = False, timeout: Optional[float] = None) -> Dict[str, Any]:
        """Any group's request: the payload map in, the answer map out (CBOR <-> dict,
        bytes for byte strings). A device error in the answer raises DeviceError."""
        answer: Dict[str, Any] = self._run(
            self._calls.request_raw(group, command, payload, write, timeout))
        return answer

    def upload_image(self, image: bytes, *, slot: Optional[int] = None,
                     upgrade: Optional[bool] = None, window: Optional[int] = None,
                     progress: Optional[ProgressCallback] = None) -> UploadResult:
        """Uploads an MCUboot image (pipelined; resumes an interrupted upload of it)."""
        return self._run(self._calls.upload_image(image, slot, upgrade, window, progress))  # type: ignore[no-any-return]

    def upgrade(self, image: bytes, *, confirm_directly: bool = False,
                confirm_after_verify: bool = True, via_bootloader: bool = False,
                reconnect_timeout: float = 30.0, on_step: Optional[StepCallback] = None,
                progress: Optional[ProgressCallback] = None) -> UpgradeResult:
        """The whole upgrade: check, upload, test, reset, reconnect, verify, confirm, the
        way the device's MCUboot mode needs (smpctl upgrade's routine)."""
        settings = upgrade_settings(confirm_directly, confirm_after_verify, via_bootloader,
                                    reconnect_timeout)
        return self._run(self._calls.upgrade(image, settings, on_step, progress))  # type: ignore[no-any-return]

    def upload_file(self, name: str, data: bytes, *,
                    progress: Optional[ProgressCallback] = None) -> None:
        """Writes `data` to the device's file `name` (fs group)."""
        self._run(self._calls.upload_file(name, data, progress))

    def download_file(self, name: str, *, progress: Optional[ProgressCallback] = None) -> bytes:
        """Reads the device's file `name` whole."""
        return self._run(self._calls.download_file(name, progress))  # type: ignore[no-any-return]
