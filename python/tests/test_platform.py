# SPDX-License-Identifier: Apache-2.0
"""What smpcore.Simulator does on Windows, checked here by switching its platform flag (this
machine is Linux; the Windows build itself runs under Wine in tests/windows)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import smpcore
from smpcore import _tools, sim


def test_windows_finds_smpsim_exe_and_refuses_ptys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMPCORE_SMPSIM", raising=False)
    monkeypatch.setattr(_tools, "WINDOWS", True)
    assert Path(sim.smpsim_path()).name == "smpsim.exe"
    for transport in ("pty", "pty-raw"):
        with pytest.raises(ValueError, match="pseudo-terminal"):
            smpcore.Simulator(transport)
    assert smpcore.Simulator("tcp").command[1:3] == ["--tcp", "127.0.0.1:0"]


def test_posix_keeps_the_pty_transports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMPCORE_SMPSIM", raising=False)
    monkeypatch.setattr(_tools, "WINDOWS", False)
    assert Path(sim.smpsim_path()).name == "smpsim"
    assert smpcore.Simulator("pty").command[1:] == ["--pty"]


def test_console_commands_run_the_bundled_programs() -> None:
    """The wheel's console commands smpctl, smpsim, mcumgr (pyproject.toml's [project.scripts]) run
    the programs in smpcore/bin with the caller's arguments and pass their exit code on."""
    for name in ("smpctl", "smpsim", "mcumgr"):
        assert _tools.bundled_program(name).is_file()
    call = "import sys; from smpcore._tools import smpctl; smpctl()"
    done = subprocess.run([sys.executable, "-c", call, "--version"], capture_output=True, text=True)
    assert (done.returncode, done.stdout.strip()) == (0, smpcore.__version__)
    done = subprocess.run([sys.executable, "-c", call, "no-such-group"], capture_output=True, text=True)
    assert done.returncode == 2 and "subcommand" in done.stderr  # smpctl's usage error
