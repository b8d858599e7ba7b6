"""What smpcore.Simulator does on Windows, checked here by switching its platform flag (this
machine is Linux; the Windows build itself runs under Wine in tests/windows)."""

from __future__ import annotations

from pathlib import Path

import pytest

import smpcore
from smpcore import sim


def test_windows_finds_smpsim_exe_and_refuses_ptys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMPCORE_SMPSIM", raising=False)
    monkeypatch.setattr(sim, "_WINDOWS", True)
    assert Path(sim.smpsim_path()).name == "smpsim.exe"
    for transport in ("pty", "pty-raw"):
        with pytest.raises(ValueError, match="pseudo-terminal"):
            smpcore.Simulator(transport)
    assert smpcore.Simulator("tcp").command[1:3] == ["--tcp", "127.0.0.1:0"]


def test_posix_keeps_the_pty_transports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMPCORE_SMPSIM", raising=False)
    monkeypatch.setattr(sim, "_WINDOWS", False)
    assert Path(sim.smpsim_path()).name == "smpsim"
    assert smpcore.Simulator("pty").command[1:] == ["--pty"]
