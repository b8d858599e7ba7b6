# SPDX-License-Identifier: Apache-2.0
"""The asyncio client against smpsim: awaitables, callbacks on the loop, cancellation."""

from __future__ import annotations

import asyncio
import threading

import pytest
from images import image_hash, make_image

import smpcore


def test_async_echo_upload_and_progress_on_the_loop(sim_udp: smpcore.Simulator) -> None:
    async def main() -> None:
        loop_thread = threading.get_ident()
        threads: set[int] = set()
        image = make_image(40000, (4, 0, 0))
        async with smpcore.AsyncClient(sim_udp.uri) as client:
            assert (await client.request(smpcore.Echo("hi"))).r == "hi"
            result = await client.upload_image(
                image, progress=lambda p: threads.add(threading.get_ident()))
            state = await client.request(smpcore.ImageState())
        assert result.match in (True, None)
        assert threads == {loop_thread}
        assert any(s.slot == 1 and s.hash == image_hash(image) for s in state.images)

    asyncio.run(main())


def test_async_requests_to_two_devices_run_together() -> None:
    async def main() -> None:
        with smpcore.Simulator("udp") as a, smpcore.Simulator("udp") as b:
            async with smpcore.AsyncClient(a.uri) as ca, smpcore.AsyncClient(b.uri) as cb:
                answers = await asyncio.gather(
                    ca.request(smpcore.Echo("a")), cb.request(smpcore.Echo("b")))
        assert [x.r for x in answers] == ["a", "b"]

    asyncio.run(main())


def test_async_device_error() -> None:
    async def main() -> None:
        with smpcore.Simulator("udp") as sim:
            async with smpcore.AsyncClient(sim.uri) as client:
                with pytest.raises(smpcore.DeviceError):
                    await client.request(smpcore.ImageStateWrite(hash=bytes(32), confirm=True))

    asyncio.run(main())


def test_cancelling_the_task_cancels_the_upload() -> None:
    async def main() -> None:
        with smpcore.Simulator("pty", ["--baud", "115200"]) as sim:
            async with smpcore.AsyncClient(sim.uri) as client:
                started = asyncio.Event()
                seen: list[int] = []

                def progress(p: smpcore.Progress) -> None:
                    seen.append(p.bytes)
                    started.set()

                image = make_image(60000)
                task = asyncio.create_task(client.upload_image(image, progress=progress))
                await started.wait()
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
                assert seen[-1] < len(image)
                # The operation has stopped: the client takes the next request.
                assert (await client.request(smpcore.Echo("next"), timeout=20)).r == "next"

    asyncio.run(main())
