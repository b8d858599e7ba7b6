# SPDX-License-Identifier: Apache-2.0
"""The blocking client against smpsim: requests, errors, upload, upgrade, files."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from images import image_hash, make_image

import smpcore
from smpcore import messages


def test_echo_and_params_on_every_transport(sim_any: smpcore.Simulator) -> None:
    with smpcore.Client(sim_any.uri) as client:
        assert client.request(smpcore.Echo("hello")) == messages.EchoResponse(r="hello")
        assert client.params is not None and client.params.from_device
        params = client.request(smpcore.McumgrParams())
        assert params.buf_size == client.params.buf_size > 0


def test_upload_on_every_transport_lands_in_slot_1(sim_any: smpcore.Simulator) -> None:
    image = make_image(20000, (2, 0, 0))
    seen: list[smpcore.Progress] = []
    with smpcore.Client(sim_any.uri) as client:
        result = client.upload_image(image, progress=seen.append)
        state = client.request(smpcore.ImageState())
    assert result.match in (True, None)
    assert seen and seen[-1].bytes == seen[-1].total == len(image)
    assert [p.bytes for p in seen] == sorted(p.bytes for p in seen)
    slot1 = [s for s in state.images if s.slot == 1]
    assert slot1 and slot1[0].hash == image_hash(image) and slot1[0].version == "2.0.0"


def test_upload_window_is_adaptive_up_to_the_cap_or_fixed(sim_udp: smpcore.Simulator) -> None:
    with smpcore.Client(sim_udp.uri) as client:
        assert client.params is not None
        cap = client.params.window
        adaptive = client.upload_image(make_image(30000, (2, 1, 0)))
        fixed = client.upload_image(make_image(30000, (2, 2, 0)), window=1)
    assert 1 <= adaptive.window <= cap
    assert fixed.window == 1


def test_raw_request_and_typed_request_agree(sim_udp: smpcore.Simulator) -> None:
    with smpcore.Client(sim_udp.uri) as client:
        raw = client.request_raw(0, 0, {"d": "raw"}, write=True)
        assert raw == {"r": "raw"}
        info = client.request(smpcore.OsInfo())
        assert info.output


def test_device_error_carries_group_rc_and_name(sim_udp: smpcore.Simulator) -> None:
    with smpcore.Client(sim_udp.uri) as client:
        with pytest.raises(smpcore.DeviceError) as caught:
            client.request(smpcore.ImageStateWrite(hash=bytes(32), confirm=False))
    error = caught.value
    assert error.rc != 0 and error.name and error.name != "?"
    assert error.group in (None, 1)
    assert error.name in str(error)


def test_timeout_is_its_own_exception() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))  # bound, never answers
        port = silent.getsockname()[1]
        client = smpcore.Client(f"udp://127.0.0.1:{port}", timeout=0.2, retries=0)
        try:
            with pytest.raises(smpcore.SmpTimeoutError) as caught:
                client.connect()
            assert caught.value.code == "timeout"
        finally:
            client.close()


def test_bad_uri_and_missing_port() -> None:
    with pytest.raises(smpcore.UriError, match="unknown scheme"):
        smpcore.Client("carrier-pigeon://home")
    with pytest.raises(smpcore.UriError, match="baudrate"):
        smpcore.Client("serial:///dev/ttyACM0?baudrate=115200")
    client = smpcore.Client("serial:///dev/no-such-tty-here")
    try:
        with pytest.raises(smpcore.TransportError):
            client.connect()
    finally:
        client.close()
    assert "udp://" in smpcore.connection_uri_help()


def test_upgrade_runs_the_new_image(sim_udp: smpcore.Simulator) -> None:
    image = make_image(30000, (3, 1, 0))
    steps: list[str] = []
    with smpcore.Client(sim_udp.uri) as client:
        result = client.upgrade(image, on_step=lambda step, _: steps.append(step))
        state = client.request(smpcore.ImageState())
    assert result.version == "3.1.0" and result.confirmed and result.hash == image_hash(image)
    assert steps[0] == "check" and steps[-1] == "done" and "reset" in steps
    active = [s for s in state.images if s.active]
    assert active and active[0].hash == image_hash(image)


def test_file_round_trip(tmp_path: Path) -> None:
    data = os.urandom(5000)
    (tmp_path / "lfs1").mkdir()
    with smpcore.Simulator("udp", ["--fs-root", str(tmp_path)]) as sim:
        with smpcore.Client(sim.uri) as client:
            client.upload_file("/lfs1/blob.bin", data)
            assert client.request(messages.FileStatus(name="/lfs1/blob.bin")).len == len(data)
            assert client.download_file("/lfs1/blob.bin") == data


def test_progress_callback_exception_stops_upload_and_is_raised(sim_udp: smpcore.Simulator) -> None:
    def explode(_: smpcore.Progress) -> None:
        raise LookupError("stop here")

    with smpcore.Client(sim_udp.uri) as client:
        with pytest.raises(LookupError, match="stop here"):
            client.upload_image(make_image(50000), progress=explode)
        # The client is usable again. A read: it is retried, and smpsim's two UDP buffers
        # may both still be taken by the abandoned chunk, when it drops a request as Zephyr does.
        assert client.params is not None
        assert client.request(smpcore.McumgrParams()).buf_size == client.params.buf_size


@pytest.fixture
def python_sigint_handler() -> Iterator[None]:
    # Python raises KeyboardInterrupt on SIGINT only where it installed its handler, and it
    # does not when it starts with SIGINT ignored: as every command a non-interactive shell
    # runs in the background does (POSIX, "Asynchronous Lists"), a CI job started with `&`
    # for one. An interactive user's Python has the handler; so does this test.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_cancels_a_blocking_upload(python_sigint_handler: None) -> None:
    # A slow link (115200 baud): the upload takes seconds; SIGINT comes at the first progress.
    with smpcore.Simulator("pty", ["--baud", "115200"]) as sim:
        with smpcore.Client(sim.uri) as client:
            seen: list[int] = []

            def interrupt(p: smpcore.Progress) -> None:
                if not seen:
                    os.kill(os.getpid(), signal.SIGINT)
                seen.append(p.bytes)

            image = make_image(60000)
            with pytest.raises(KeyboardInterrupt):
                client.upload_image(image, progress=interrupt)
            assert seen and seen[-1] < len(image)
            assert client.request(smpcore.Echo("after"), timeout=20).r == "after"


def test_identify_application_and_recovery() -> None:
    with smpcore.Simulator("udp", ["--mcuboot-mode", "overwrite-only"]) as sim:
        with smpcore.Client(sim.uri) as client:
            image = make_image(10000, (5, 0, 0))
            client.upgrade(image)
            info = client.identify()
    assert info.kind == "application"
    assert [(s.slot, s.version, s.hash) for s in info.slots if s.active] == [
        (0, "5.0.0", image_hash(image))]
    assert info.mcuboot_mode_name == "overwrite-only"
    with smpcore.Simulator("pty", ["--recovery"]) as sim:
        with smpcore.Client(sim.uri) as client:
            assert client.identify().kind == "mcuboot-recovery"


def test_a_client_left_open_is_closed_at_exit(tmp_path: Path) -> None:
    # A script that forgets close(): the interpreter must still exit, and cleanly.
    script = tmp_path / "left_open.py"
    script.write_text("import smpcore, sys\n"
                      "client = smpcore.Client(sys.argv[1])\n"
                      "client.connect()\n"
                      "print(client.request(smpcore.Echo('bye')).r)\n")
    with smpcore.Simulator("udp") as sim:
        done = subprocess.run([sys.executable, str(script), sim.uri], capture_output=True,
                              text=True, timeout=30)
    assert (done.returncode, done.stdout.strip()) == (0, "bye"), done.stderr
