# SPDX-License-Identifier: Apache-2.0
"""smpcore.AsyncClient: the asyncio client. Every operation runs on the client's C++ I/O
thread and its awaitable resolves on the caller's event loop; progress and step callbacks
are called on that loop too. Cancelling the awaiting task cancels the operation. Many
clients (devices) can run at once from one loop; one operation at a time per client."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any, Dict, Optional, Type, TypeVar

from ._calls import Call, ClientBase, upgrade_settings
from ._operations import run_async
from .messages import Request
from .results import DeviceInfo, DeviceParams, ProgressCallback, StepCallback, UpgradeResult, UploadResult

R = TypeVar("R")


class AsyncClient(ClientBase):
    """An asyncio device connection by URI (see Client for the URIs and options)::

        async with smpcore.AsyncClient("udp://192.0.2.1:1337") as client:
            reply = await client.request(smpcore.Echo("hello"))

    Create it inside a running event loop: its callbacks are delivered to that loop."""

    def __init__(self, uri: str, *, timeout: float = 3.0, retries: int = 2) -> None:
        super().__init__(uri, timeout, retries, asyncio.get_running_loop().call_soon_threadsafe)

    async def _run(self, call: Call) -> Any:
        self._start()
        start, convert, guard = call
        return convert(await run_async(start, guard))

    async def __aenter__(self) -> "AsyncClient":
        await self.connect()
        return self

    async def __aexit__(self, kind: Optional[Type[BaseException]],
                        error: Optional[BaseException], tb: Optional[TracebackType]) -> None:
        self.close()

    async def connect(self) -> DeviceParams:
        """Opens the link and reads the device's MCUmgr parameters."""
        params: DeviceParams = await self._run(self._calls.connect())
        self._params = params
        return params

    async def identify(self) -> DeviceInfo:
        """What the device is (see Client.identify)."""
        info: DeviceInfo = await self._run(self._calls.identify())
        return info

    async def request(self, request: "Request[R]", *, timeout: Optional[float] = None) -> R:
        """A typed request (smpcore.messages); raises as Client.request."""
        result: R = await self._run(self._calls.request(request, timeout))
        return result

    async def request_raw(self, group: int, command: int,
                          payload: Optional[Dict[str, Any]] = None, *, write: bool = False,
                          timeout: Optional[float] = None) -> Dict[str, Any]:
        """Any group's request, payload and answer as dicts (see Client.request_raw)."""
        call = self._calls.request_raw(group, command, payload, write, timeout)
        answer: Dict[str, Any] = await self._run(call)
        return answer

    async def upload_image(self, image: bytes, *, slot: Optional[int] = None,
                           upgrade: Optional[bool] = None, window: Optional[int] = None,
                           progress: Optional[ProgressCallback] = None) -> UploadResult:
        """Uploads an MCUboot image (see Client.upload_image)."""
        call = self._calls.upload_image(image, slot, upgrade, window, progress)
        return await self._run(call)  # type: ignore[no-any-return]

    async def upgrade(self, image: bytes, *, confirm_directly: bool = False,
                      confirm_after_verify: bool = True, via_bootloader: bool = False,
                      reconnect_timeout: float = 30.0, on_step: Optional[StepCallback] = None,
                      progress: Optional[ProgressCallback] = None) -> UpgradeResult:
        """The whole upgrade routine (see Client.upgrade)."""
        call = self._calls.upgrade(image, upgrade_settings(
            confirm_directly, confirm_after_verify, via_bootloader, reconnect_timeout),
            on_step, progress)
        return await self._run(call)  # type: ignore[no-any-return]

    async def upload_file(self, name: str, data: bytes, *,
                          progress: Optional[ProgressCallback] = None) -> None:
        """Writes `data` to the device's file `name`."""
        await self._run(self._calls.upload_file(name, data, progress))

    async def download_file(self, name: str, *,
                            progress: Optional[ProgressCallback] = None) -> bytes:
        """Reads the device's file `name` whole."""
        return await self._run(self._calls.download_file(name, progress))  # type: ignore[no-any-return]
