#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Issue 30's benchmark: `mcumgr image upload` (the Go tool's command line over this library)
beside `smpctl image upload` and the Python smpclient 7.3.0's upload (bench/smpclient_upload.py,
run by --python, whose venv scripts/setup-python-peers.sh makes), wall time of each program on
the Zephyr 4.4 smp_svr + MCUboot fixtures of mps2-an385 under qemu-system-arm (buf 512, 1024 and
2048 x 4).

All three go through the same serial device: a PTY that this script bridges to QEMU's TCP
UART (mcumgr's serial connstring is a device path), one connection for the whole row. Per
repeat the tools run in rotating order, each with a distinct image (none resumes the
previous one); medians are printed, and the paired ratio of each repeat (uploads seconds
apart) with its geometric mean. QEMU's start, SHA-256 check and stop are
real_window_table.py's.

Usage: bench/mcumgr_upload_table.py --smpctl build/release/tools/smpctl/smpctl
           --mcumgr build/release/tools/mcumgr/mcumgr [--python .venv/bin/python]
           [--repeats 3] [--image-kib 96]
Prints a Markdown table; exits 1 if a fixture could not be measured.
"""
from __future__ import annotations

import argparse
import math
import os
import pty
import select
import socket
import statistics
import subprocess
import sys
import threading
import time
import tty
from pathlib import Path

from real_window_table import Qemu, add_fixture_arguments, print_rows

HERE = Path(__file__).resolve().parent


class PtyBridge:
    """A PTY whose bytes go to and come from QEMU's TCP UART (as `socat PTY TCP` would)."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.master, self.slave = pty.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.stop_r, self.stop_w = os.pipe()
        self.thread = threading.Thread(target=self._pump, daemon=True)
        self.thread.start()

    def _pump(self) -> None:
        while True:
            ready, _, _ = select.select([self.master, self.sock, self.stop_r], [], [])
            if self.stop_r in ready:
                return
            if self.master in ready:
                try:
                    self.sock.sendall(os.read(self.master, 65536))
                except OSError:
                    pass  # no client on the slave side for a moment
            if self.sock in ready:
                data = self.sock.recv(65536)
                if not data:
                    return
                os.write(self.master, data)

    def close(self) -> None:
        os.write(self.stop_w, b"x")
        self.thread.join()
        for fd in (self.master, self.slave, self.stop_r, self.stop_w):
            os.close(fd)
        self.sock.close()


def timed(argv: list[str]) -> float:
    t0 = time.monotonic()
    r = subprocess.run(argv, capture_output=True, text=True)
    seconds = time.monotonic() - t0
    if r.returncode != 0 or (argv[0].endswith("mcumgr") and r.stdout != "Done\n"):
        raise RuntimeError(f"{Path(argv[0]).name} exited {r.returncode}: "
                           f"{(r.stdout + r.stderr)[-400:]}")
    return seconds


TOOLS = ["mcumgr", "smpctl", "smpclient"]


def upload_argv(args, tool: str, device: str, image: Path, image_hash: str) -> list[str]:
    if tool == "mcumgr":
        return [args.mcumgr, "--conntype", "serial", f"--connstring={device}", "-t", "30",
                "image", "upload", str(image)]
    if tool == "smpctl":
        return [args.smpctl, "-q", "--conn", f"serial://{device}?baud=115200", "image", "upload",
                str(image)]
    return [args.python, str(HERE / "smpclient_upload.py"), "--image", str(image), "--hash",
            image_hash, "--serial", device]


def make_image(args, image: Path, seed: int) -> str:
    """A distinct image for every upload (none resumes the previous one); its hash."""
    made = subprocess.run([args.smpctl, "image", "make", "--version", f"1.0.{seed}", "--size",
                           str(args.image_kib * 1024), "--seed", str(seed), str(image)],
                          check=True, capture_output=True, text=True).stdout
    return made.rsplit("hash ", 1)[1].strip()


def row(args, fixtures: Path, entry: dict, seed: int) -> str:
    q = Qemu(fixtures, entry, args.smpctl)
    bridge = PtyBridge(q.port)
    try:
        image = Path(q.dir) / "img.bin"
        times: dict[str, list[float]] = {tool: [] for tool in TOOLS}
        ratios: dict[str, list[float]] = {"mcumgr": [], "smpclient": []}
        for r in range(args.repeats):
            this = {}
            for tool in TOOLS[r % 3:] + TOOLS[:r % 3]:
                seed += 1
                image_hash = make_image(args, image, seed)
                this[tool] = timed(upload_argv(args, tool, bridge.path, image, image_hash))
                times[tool].append(this[tool])
            for tool in ratios:
                ratios[tool].append(this[tool] / this["smpctl"])
        size = args.image_kib
        m = {tool: statistics.median(times[tool]) for tool in TOOLS}
        paired = {tool: math.exp(statistics.mean(math.log(x) for x in ratios[tool]))
                  for tool in ratios}
        cells = [f"{m[tool]:.2f} ({size / m[tool]:.1f} KiB/s)" for tool in TOOLS]
        return (f"| mps2 {entry['config'].removeprefix('serial_recovery_')} | "
                f"{entry['buf_size']} x {entry['buf_count']} | {size} | {' | '.join(cells)} | "
                f"{m['mcumgr'] / m['smpctl']:.3f}x | {paired['mcumgr']:.3f}x "
                f"({min(ratios['mcumgr']):.3f}-{max(ratios['mcumgr']):.3f}) | "
                f"{m['smpclient'] / m['smpctl']:.3f}x |")
    finally:
        bridge.close()
        q.stop()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--smpctl", required=True)
    p.add_argument("--mcumgr", required=True)
    p.add_argument("--python", default=str(HERE.parent / ".venv" / "bin" / "python"),
                   help="a Python with smpclient 7.3.0 (scripts/setup-python-peers.sh)")
    add_fixture_arguments(p)
    args = p.parse_args()
    header = ("| real device | buffers | image KiB | mcumgr s (median) | smpctl s (median) | "
              "smpclient 7.3 s (median) | mcumgr / smpctl | mcumgr / smpctl paired per repeat, "
              "geometric mean (min-max) | smpclient / smpctl |\n"
              "|---|---|---|---|---|---|---|---|---|")
    return print_rows(args, header, row, 7000)


if __name__ == "__main__":
    sys.exit(main())
