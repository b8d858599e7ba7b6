# SPDX-License-Identifier: Apache-2.0
"""Real Zephyr 4.4 SMP servers (smp_svr, native_sim builds) from the fixtures directory:
$SMP_ZEPHYR_FIXTURES, else ../shared/zephyr-fixtures beside the repository (README.md
there). Each runs under qemu-i386 from a private copy (its flash.bin stays there), is
checked against SHA256SUMS first, and is stopped by its PID."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Any, Optional, Type

import smpcore
from smpcore.sim import stop_process

REPO = Path(__file__).resolve().parents[2]


def fixtures_dir() -> Path:
    named = os.environ.get("SMP_ZEPHYR_FIXTURES")
    return Path(named) if named else REPO.parent / "shared" / "zephyr-fixtures"


def fixture(config: str, target: str = "native_sim") -> dict[str, Any]:
    """The manifest entry of a server; a missing directory is an error that says where to
    get the servers (tests that need them fail, never skip)."""
    directory = fixtures_dir()
    manifest = directory / "manifest.json"
    if not manifest.exists():
        raise FileNotFoundError(
            f"no Zephyr fixtures in {directory} (set SMP_ZEPHYR_FIXTURES): get them from "
            "intercreate/smp-server-fixtures releases 0eae053d and 27c54835")
    for entry in json.loads(manifest.read_text()):
        if entry["config"] == config and entry["target"] == target:
            return dict(entry)
    raise LookupError(f"no {target} fixture {config!r} in {manifest}")


def _verified_copy(name: str, workdir: Path) -> Path:
    directory = fixtures_dir()
    sums: dict[str, str] = {}
    for line in (directory / "SHA256SUMS").read_text().splitlines():
        if line.strip():
            digest_hex, file_name = line.split()
            sums[file_name.lstrip("*")] = digest_hex
    source = directory / name
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    if sums.get(name) != digest:
        raise RuntimeError(f"{source} does not match its SHA256SUMS entry")
    target = workdir / name
    shutil.copyfile(source, target)
    target.chmod(0o755)
    return target


class ZephyrSerialServer:
    """A native_sim serial server; ``uri`` names its UART's PTY."""

    def __init__(self, config: str, workdir: Path) -> None:
        self.spec = fixture(config)
        self.workdir = workdir
        self.process: Optional["subprocess.Popen[bytes]"] = None
        self.uri = ""

    def __enter__(self) -> "ZephyrSerialServer":
        program = _verified_copy(self.spec["artifact"], self.workdir)
        log = self.workdir / "server.log"
        with open(log, "wb") as out:
            self.process = subprocess.Popen(["qemu-i386", str(program)], cwd=self.workdir,
                                            stdin=subprocess.DEVNULL, stdout=out,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            found = re.search(rb"connected to pseudotty: (\S+)", log.read_bytes())
            if found:
                # A 128-byte line pool drops lines that arrive back to back: pace the
                # writes as a 115200-baud UART would (as tests/zephyr does).
                paced = "?pace=115200" if self.spec["line_length_max"] == 128 else ""
                self.uri = "serial://" + found.group(1).decode() + paced
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.__exit__(None, None, None)
        raise RuntimeError(f"the Zephyr server did not start:\n{log.read_text(errors='replace')}")

    def __exit__(self, kind: Optional[Type[BaseException]], error: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        if self.process is not None:
            stop_process(self.process)


class Mps2Server:
    """Zephyr's smp_svr with MCUboot on mps2-an385 under qemu-system-arm, its UART on a TCP
    socket; ``uri`` is tcp://127.0.0.1:PORT once the application answers."""

    def __init__(self, config: str, workdir: Path) -> None:
        self.spec = fixture(config, "mps2_an385")
        self.workdir = workdir
        self.process: Optional["subprocess.Popen[bytes]"] = None
        self.uri = ""

    def __enter__(self) -> "Mps2Server":
        hex_file = self.spec["artifact"]
        self.signed = _verified_copy(hex_file.replace(".hex", ".signed.bin"), self.workdir)
        _verified_copy(hex_file, self.workdir)
        with socket.socket() as probe:  # a free port for QEMU's server socket
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        command = self.spec["qemu_cmd"].replace("<PORT>", str(port)).split()
        with open(self.workdir / "qemu.log", "wb") as out:
            self.process = subprocess.Popen(command, cwd=self.workdir, stdin=subprocess.DEVNULL,
                                            stdout=out, stderr=subprocess.STDOUT)
        self.uri = f"tcp://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:  # one client at a time: this one closes before the test's connects
                with smpcore.Client(self.uri, timeout=1.0, retries=0) as client:
                    client.request(smpcore.Echo("up?"))
                return self
            except smpcore.SmpError:
                time.sleep(0.5)
        self.__exit__(None, None, None)
        raise RuntimeError(f"QEMU did not bring up {hex_file}:\n"
                           f"{(self.workdir / 'qemu.log').read_text(errors='replace')}")

    def __exit__(self, kind: Optional[Type[BaseException]], error: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        if self.process is not None:
            stop_process(self.process)
