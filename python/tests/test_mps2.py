# SPDX-License-Identifier: Apache-2.0
"""smpcore against Zephyr 4.4's smp_svr with MCUboot (mps2-an385 under QEMU, UART on TCP):
the image group of a real device, and an image upload to it."""

from __future__ import annotations

from typing import Iterator

import pytest
from images import image_hash, make_image
from zephyr_server import Mps2Server

import smpcore


@pytest.fixture(scope="module")
def mps2(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mps2Server]:
    with Mps2Server("serial_recovery_buf2048", tmp_path_factory.mktemp("mps2")) as server:
        yield server


def test_identify_and_upload_to_slot_1(mps2: Mps2Server) -> None:
    image = make_image(20000, (9, 8, 7))
    seen: list[smpcore.Progress] = []
    with smpcore.Client(mps2.uri) as client:
        info = client.identify()
        assert info.kind == "application"
        running = [s for s in info.slots if s.slot == 0]
        assert running and running[0].active and running[0].confirmed
        result = client.upload_image(image, progress=seen.append)
        state = client.request(smpcore.ImageState())
    assert result.match in (True, None)
    assert seen[-1].bytes == len(image)
    assert [(s.version, s.hash) for s in state.images if s.slot == 1] == [
        ("9.8.7", image_hash(image))]
