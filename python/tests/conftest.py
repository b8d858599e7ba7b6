# SPDX-License-Identifier: Apache-2.0
"""Fixtures: smpsim devices on UDP, a PTY and TCP, each started for the test and stopped
after it (by its process)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import smpcore  # noqa: E402


@pytest.fixture
def sim_udp() -> Iterator[smpcore.Simulator]:
    with smpcore.Simulator("udp") as sim:
        yield sim


@pytest.fixture(params=["udp", "pty", "tcp", "pty-raw", "tcp-raw"])
def sim_any(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[smpcore.Simulator]:
    """smpsim on each transport (serial framing and raw SMP on the PTY and TCP), with a file
    system root."""
    with smpcore.Simulator(request.param, ["--fs-root", str(tmp_path)]) as sim:
        yield sim
