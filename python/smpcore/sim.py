# SPDX-License-Identifier: Apache-2.0
"""smpsim, the virtual Zephyr/MCUboot device, for tests: the wheel ships its executable.

    with smpcore.Simulator("udp") as sim:
        with smpcore.Client(sim.uri) as client:
            client.upload_image(image)

``transport`` is "udp", "pty" (serial framing on a pseudo-terminal), "tcp" (serial framing
over TCP) or "pty-raw"/"tcp-raw" (raw SMP); ``args`` are further smpsim options (e.g.
``["--baud", "115200", "--buf-size", "2048"]``; ``smpsim --help`` lists them). The PTY
transports are POSIX-only (Linux, macOS): Windows has no pseudo-terminals, so there they raise
ValueError and "tcp" is the serial framing to test with."""

from __future__ import annotations

import hashlib
import json
import os
import random
import struct
import subprocess
from types import TracebackType
from typing import Any, List, Optional, Sequence, Tuple, Type

from . import _tools

_TRANSPORTS = {
    "udp": ["--udp", "127.0.0.1:0"],
    "pty": ["--pty"],
    "pty-raw": ["--pty", "--raw"],
    "tcp": ["--tcp", "127.0.0.1:0"],
    "tcp-raw": ["--tcp", "127.0.0.1:0", "--raw"],
}




def smpsim_path() -> str:
    """The smpsim executable: $SMPCORE_SMPSIM, else the one inside this package (smpsim.exe on
    Windows)."""
    return os.environ.get("SMPCORE_SMPSIM") or str(_tools.bundled_program("smpsim"))


class Simulator:
    """A running smpsim process; ``uri`` is the address to connect to."""

    def __init__(self, transport: str = "udp", args: Sequence[str] = (),
                 executable: Optional[str] = None) -> None:
        if transport not in _TRANSPORTS:
            raise ValueError(f"transport {transport!r} is not one of {sorted(_TRANSPORTS)}")
        if _tools.WINDOWS and transport.startswith("pty"):
            raise ValueError(f"transport {transport!r} needs a pseudo-terminal, which Windows "
                             "does not have (POSIX only); use \"tcp\" for serial framing")
        self.transport = transport
        self.command: List[str] = [executable or smpsim_path(), *_TRANSPORTS[transport], *args]
        self.process: Optional["subprocess.Popen[str]"] = None
        self.uri = ""

    def start(self) -> str:
        """Starts smpsim and returns its URI once it is ready (its first stdout line)."""
        self.process = subprocess.Popen(self.command, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            _, err = self.process.communicate(timeout=10)
            raise RuntimeError(f"smpsim did not start ({' '.join(self.command)}): {err.strip()}")
        self.uri = _uri_of(json.loads(line), self.transport)
        return self.uri

    def stop(self) -> None:
        """Stops smpsim (SIGTERM, then SIGKILL after 5 s)."""
        if self.process is not None:
            stop_process(self.process)

    def __enter__(self) -> "Simulator":
        self.start()
        return self

    def __exit__(self, kind: Optional[Type[BaseException]], error: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        self.stop()


def stop_process(process: "subprocess.Popen[Any]", grace: float = 5.0) -> None:
    """Ends a child process by its PID: SIGTERM, then SIGKILL after `grace` seconds; reaps it
    (and drains its pipes)."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.communicate(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


def _uri_of(ready: "dict[str, str]", transport: str) -> str:
    raw = "raw" in transport
    if ready["transport"] == "udp":
        return f"udp://{ready['address']}"
    if ready["transport"] == "pty":
        return f"serial-raw://{ready['path']}" if raw else f"serial://{ready['path']}"
    return f"tcp://{ready['address']}" + ("?raw=1" if raw else "")


def make_test_image(size: int, version: Tuple[int, int, int] = (1, 0, 0), seed: int = 1) -> bytes:
    """A valid unsigned MCUboot image of `size` pseudo-random payload bytes: a 32-byte header
    with `version`, the payload and a SHA-256 TLV. What smpsim and a device's image group
    accept; its hash (what the device lists for the slot) is the last 32 bytes."""
    payload = random.Random(seed).randbytes(size)
    major, minor, revision = version
    header = struct.pack("<IIHHIIBBHII", 0x96F3B83D, 0, 32, 0, size, 0, major, minor, revision,
                         0, 0)
    digest = hashlib.sha256(header + payload).digest()
    tlvs = struct.pack("<BBH", 0x10, 0, len(digest)) + digest  # IMAGE_TLV_SHA256
    return header + payload + struct.pack("<HH", 0x6907, 4 + len(tlvs)) + tlvs  # TLV info
