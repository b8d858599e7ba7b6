# SPDX-License-Identifier: Apache-2.0
"""smpcore against a real Zephyr 4.4 SMP server (smp_svr on native_sim, its UART a PTY)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Iterator

import pytest
from zephyr_server import ZephyrSerialServer

import smpcore
from smpcore import messages


@pytest.fixture(scope="module")
def zephyr(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ZephyrSerialServer]:
    with ZephyrSerialServer("serial", tmp_path_factory.mktemp("zephyr")) as server:
        yield server


def test_echo_params_and_groups(zephyr: ZephyrSerialServer) -> None:
    with smpcore.Client(zephyr.uri) as client:
        assert client.request(smpcore.Echo("zephyr")).r == "zephyr"
        params = client.request(smpcore.McumgrParams())
        assert (params.buf_size, params.buf_count) == (zephyr.spec["buf_size"],
                                                       zephyr.spec["buf_count"])
        assert client.params is not None and client.params.buf_size == params.buf_size
        assert "Zephyr" in client.request(smpcore.OsInfo(format="s")).output
        shell = client.request(smpcore.ShellExec(["kernel", "version"]))
        assert "Zephyr version" in shell.o and shell.ret == 0
        assert client.request(messages.EnumCount()).count >= 5


def test_no_image_group_is_a_device_error(zephyr: ZephyrSerialServer) -> None:
    with smpcore.Client(zephyr.uri) as client:
        with pytest.raises(smpcore.DeviceError) as caught:
            client.request(smpcore.ImageState())
    assert caught.value.name == "MGMT_ERR_ENOTSUP" and caught.value.rc == 8


def test_file_upload_and_download(zephyr: ZephyrSerialServer) -> None:
    data = os.urandom(3000)
    seen: list[smpcore.Progress] = []

    async def main() -> bytes:
        async with smpcore.AsyncClient(zephyr.uri) as client:
            await client.upload_file("/lfs1/py.bin", data, progress=seen.append)
            status = await client.request(messages.FileStatus(name="/lfs1/py.bin"))
            assert status.len == len(data)
            return await client.download_file("/lfs1/py.bin")

    assert asyncio.run(main()) == data
    assert seen and seen[-1].bytes == len(data)


def test_missing_file_is_an_fs_error(zephyr: ZephyrSerialServer, tmp_path: Path) -> None:
    with smpcore.Client(zephyr.uri) as client:
        with pytest.raises(smpcore.DeviceError) as caught:
            client.download_file("/lfs1/absent.bin")
    assert caught.value.group == 8
