#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Issue 30's benchmark: `mcumgr image upload` (the Go tool's command line over this library)
beside `smpctl image upload`, wall time on the Zephyr 4.4 smp_svr + MCUboot fixtures of
mps2-an385 under qemu-system-arm (buf 512, 1024 and 2048 x 4).

Both tools go through the same serial device: a PTY that this script bridges to QEMU's TCP
UART (mcumgr's serial connstring is a device path), one connection for the whole row. Per
repeat the two tools run in alternating order, each with a distinct image (none resumes the
previous one); medians are printed, and the paired ratio of each repeat (uploads seconds
apart) with its geometric mean. QEMU's start, SHA-256 check and stop are
real_window_table.py's.

Usage: bench/mcumgr_upload_table.py --smpctl build/release/tools/smpctl/smpctl
           --mcumgr build/release/tools/mcumgr/mcumgr [--repeats 3] [--image-kib 96]
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


def row(args, fixtures: Path, entry: dict, seed: int) -> str:
    q = Qemu(fixtures, entry, args.smpctl)
    bridge = PtyBridge(q.port)
    try:
        image = Path(q.dir) / "img.bin"
        times: dict[str, list[float]] = {"mcumgr": [], "smpctl": []}
        ratios = []
        for r in range(args.repeats):
            order = ["mcumgr", "smpctl"] if r % 2 == 0 else ["smpctl", "mcumgr"]
            this = {}
            for tool in order:
                seed += 1  # a distinct image every upload: none resumes the previous one
                subprocess.run([args.smpctl, "image", "make", "--version", f"1.0.{seed}",
                                "--size", str(args.image_kib * 1024), "--seed", str(seed),
                                str(image)], check=True, capture_output=True)
                if tool == "mcumgr":
                    argv = [args.mcumgr, "--conntype", "serial", f"--connstring={bridge.path}",
                            "-t", "30", "image", "upload", str(image)]
                else:
                    argv = [args.smpctl, "-q", "--conn", f"serial://{bridge.path}?baud=115200",
                            "image", "upload", str(image)]
                this[tool] = timed(argv)
                times[tool].append(this[tool])
            ratios.append(this["mcumgr"] / this["smpctl"])
        size = args.image_kib
        m, s = statistics.median(times["mcumgr"]), statistics.median(times["smpctl"])
        paired = math.exp(statistics.mean(math.log(x) for x in ratios))
        return (f"| mps2 {entry['config'].removeprefix('serial_recovery_')} | "
                f"{entry['buf_size']} x {entry['buf_count']} | {size} | {m:.2f} "
                f"({size / m:.1f} KiB/s) | {s:.2f} ({size / s:.1f} KiB/s) | {m / s:.3f}x | "
                f"{paired:.3f}x ({min(ratios):.3f}-{max(ratios):.3f}) |")
    finally:
        bridge.close()
        q.stop()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--smpctl", required=True)
    p.add_argument("--mcumgr", required=True)
    add_fixture_arguments(p)
    args = p.parse_args()
    header = ("| real device | buffers | image KiB | mcumgr s (median) | smpctl s (median) | "
              "mcumgr / smpctl | paired per repeat, geometric mean (min-max) |\n"
              "|---|---|---|---|---|---|---|")
    return print_rows(args, header, row, 7000)


if __name__ == "__main__":
    sys.exit(main())
