# SPDX-License-Identifier: Apache-2.0
"""The C++ client's log goes to logging.getLogger("smpcore"), at Python's levels, and prints
nothing until the application configures logging; image versions as strings or tuples."""

from __future__ import annotations

import logging
import subprocess
import sys

from typing import Iterator, Tuple

import pytest
from images import make_image

import smpcore
from smpcore.sim import Version


@pytest.fixture
def sim_pipelined() -> Iterator[smpcore.Simulator]:
    """smpsim with small buffers, several of them: an upload of many chunks whose window
    adapts (and logs each epoch it measures)."""
    with smpcore.Simulator("udp", ["--buf-size", "512", "--buf-count", "4"]) as sim:
        yield sim


def test_upload_logs_its_workings_at_debug_under_smpcore(
        sim_pipelined: smpcore.Simulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="smpcore")
    with smpcore.Client(sim_pipelined.uri) as client:
        client.upload_image(make_image(60000, "2.0.0"))
    mine = [r for r in caplog.records if r.name == "smpcore"]
    assert any(r.levelno == logging.DEBUG and r.getMessage().startswith("image upload: epoch")
               for r in mine), [r.getMessage() for r in mine]
    assert any(r.levelno == logging.DEBUG and " sends, " in r.getMessage() for r in mine)
    assert not [r for r in mine if r.levelno >= logging.WARNING]


def test_info_level_leaves_the_uploads_workings_out(
        sim_pipelined: smpcore.Simulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="smpcore")
    with smpcore.Client(sim_pipelined.uri) as client:
        client.upload_image(make_image(60000, "2.0.0"))
    assert not [r for r in caplog.records if r.name == "smpcore"]


def test_nothing_is_printed_by_default(sim_pipelined: smpcore.Simulator) -> None:
    # A fresh interpreter with logging as a script leaves it: not configured.
    script = ("import smpcore, sys\n"
              "with smpcore.Client(sys.argv[1]) as client:\n"
              "    client.upload_image(smpcore.make_test_image(60000, '2.0.0'))\n"
              "print('uploaded')\n")
    done = subprocess.run([sys.executable, "-c", script, sim_pipelined.uri], capture_output=True,
                          text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "uploaded\n", "")


def test_a_basic_config_shows_the_library_s_decisions(sim_pipelined: smpcore.Simulator) -> None:
    # What a user who turns logging on sees: the lines, named and levelled.
    script = ("import logging, smpcore, sys\n"
              "logging.basicConfig(level=logging.DEBUG,\n"
              "                    format='%(name)s %(levelname)s %(message)s')\n"
              "with smpcore.Client(sys.argv[1]) as client:\n"
              "    client.upload_image(smpcore.make_test_image(60000, '2.0.0'))\n")
    done = subprocess.run([sys.executable, "-c", script, sim_pipelined.uri], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "smpcore DEBUG image upload: epoch 1 at window" in done.stderr


@pytest.mark.parametrize("version, expected", [
    ("2.0.0", (2, 0, 0, 0)), ("1.2.3+4", (1, 2, 3, 4)), ("3", (3, 0, 0, 0)),
    ((2, 0, 0), (2, 0, 0, 0)), ([1, 2, 3, 4], (1, 2, 3, 4)),
])
def test_image_versions_as_strings_or_tuples(version: Version,
                                             expected: Tuple[int, int, int, int]) -> None:
    assert smpcore.image_version(version) == expected
    image = smpcore.make_test_image(100, version)
    # The MCUboot header's version fields: major, minor (bytes), revision (16 bits), build.
    assert (image[20], image[21], int.from_bytes(image[22:24], "little"),
            int.from_bytes(image[24:28], "little")) == expected


@pytest.mark.parametrize("version", ["2.0.0.1", "v2", "256.0.0", (1, 2, 3, 4, 5), ()])
def test_bad_image_versions_are_value_errors(version: Version) -> None:
    with pytest.raises(ValueError):
        smpcore.make_test_image(100, version)


def test_uploaded_string_version_is_what_the_device_lists(sim_udp: smpcore.Simulator) -> None:
    with smpcore.Client(sim_udp.uri) as client:
        client.upload_image(make_image(5000, "2.3.4"))
        slots = client.request(smpcore.ImageState()).images
    assert [s.version for s in slots if s.slot == 1] == ["2.3.4"]


def test_old_names_warn_and_still_work() -> None:
    with pytest.deprecated_call():
        old = smpcore.ImageStateSet
    assert old is smpcore.ImageStateWrite
    with pytest.deprecated_call():
        assert smpcore.messages.ImageStateSet is smpcore.ImageStateWrite


def test_lines_below_the_logger_s_level_are_dropped_in_cpp(sim_udp: smpcore.Simulator) -> None:
    logger = logging.getLogger("smpcore")
    before = logger.level
    try:
        logger.setLevel(logging.WARNING)
        with smpcore.Client(sim_udp.uri) as client:  # connect() is an operation
            assert client._calls.session.log_level == logging.WARNING
            logger.setLevel(logging.DEBUG)
            client.request(smpcore.Echo("level"))
            assert client._calls.session.log_level == logging.DEBUG
    finally:
        logger.setLevel(before)
