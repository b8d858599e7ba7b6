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
import re
import struct
import subprocess
from types import TracebackType
from typing import Any, List, Optional, Sequence, Tuple, Type, Union

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


#: An image version: "1.2.3", "1.2.3+4" (build number) or a tuple (1, 2, 3) / (1, 2, 3, 4).
Version = Union[str, Sequence[int]]

_VERSION = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\+(\d+))?")
_VERSION_LIMITS = (0xFF, 0xFF, 0xFFFF, 0xFFFFFFFF)  # the MCUboot header's field sizes


def image_version(version: Version) -> Tuple[int, int, int, int]:
    """(major, minor, revision, build) of a version string as imgtool takes it ("1", "1.2",
    "1.2.3", "1.2.3+4") or of a tuple of 1 to 4 numbers; missing parts are 0. Raises
    ValueError for anything else, or a part too large for the MCUboot image header."""
    if isinstance(version, str):
        match = _VERSION.fullmatch(version.strip())
        if match is None:
            raise ValueError(f"image version {version!r} is not MAJOR[.MINOR[.REVISION]][+BUILD]")
        parts = [int(p) for p in match.groups(default="0")]
    else:
        parts = [int(p) for p in version]
        if not 1 <= len(parts) <= 4:
            raise ValueError(f"image version {tuple(version)!r} needs 1 to 4 numbers")
        parts += [0] * (4 - len(parts))
    for part, limit in zip(parts, _VERSION_LIMITS):
        if not 0 <= part <= limit:
            raise ValueError(f"image version {version!r}: {part} is not within 0..{limit}")
    return parts[0], parts[1], parts[2], parts[3]


def make_test_image(size: int, version: Version = "1.0.0", seed: int = 1) -> bytes:
    """A valid unsigned MCUboot image of `size` pseudo-random payload bytes: a 32-byte header
    with `version` ("2.0.0", "2.0.0+7" or (2, 0, 0): see image_version()), the payload and a
    SHA-256 TLV. What smpsim and a device's image group accept; its hash (what the device
    lists for the slot) is the last 32 bytes."""
    payload = random.Random(seed).randbytes(size)
    major, minor, revision, build = image_version(version)
    header = struct.pack("<IIHHIIBBHII", 0x96F3B83D, 0, 32, 0, size, 0, major, minor, revision,
                         build, 0)
    digest = hashlib.sha256(header + payload).digest()
    tlvs = struct.pack("<BBH", 0x10, 0, len(digest)) + digest  # IMAGE_TLV_SHA256
    return header + payload + struct.pack("<HH", 0x6907, 4 + len(tlvs)) + tlvs  # TLV info
