#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Issue 14 on real devices: the adaptive upload window beside every fixed window, on the
Zephyr 4.4 smp_svr + MCUboot fixtures of mps2-an385 under qemu-system-arm (buf 512, 1024
and 2048 x 4), through `smpctl image upload`.

Each fixture gets its own QEMU, started from the manifest's `qemu_cmd` in a private copy of
its files (their SHA-256 checked against SHA256SUMS first) and stopped by its PID. Per repeat
the cells (windows 1..buf_count-1, then auto) run in a rotated order, so that a slow spell of
the shared machine does not always fall on the same cell; medians are printed.

It also prints the host's CPU steal time over the row (/proc/stat) and the worst spread
between uploads of one fixed cell, and warns when either says the host was too noisy for the
table to resolve 3% (issue 14's bound): a contended host moved one cell by 2x.

Even a quiet host moves one cell by 1.5x between uploads, and one QEMU instance runs 30%
faster than the next. So the row also gives a paired figure: per repeat, auto's goodput over
the best fixed window's (best by median) in that same repeat, uploads a few seconds apart;
their geometric mean, with a 95% confidence interval (Student's t on the log ratios). Only
when that interval is narrow does the row resolve 3%.

Beside goodput it prints QEMU's own CPU time per KiB uploaded (utime + stime of the QEMU
process from /proc, which the load of other processes does not inflate the way it inflates
wall time): on the emulated board, the device's CPU *is* that host CPU time, so it says
whether a deeper window makes the device work more for the same bytes (docs/design.md,
"Why window 3 can be slower on the emulated mps2").

Usage: bench/real_window_table.py --smpctl build/release/tools/smpctl/smpctl
           [--fixtures ../shared/zephyr-fixtures] [--repeats 3] [--image-kib 96]
           [--only 1024] [--icount 2,4,6] [--trace]
Prints a Markdown table; exits 1 if a fixture could not be measured.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFIGS = ("serial_recovery_buf512", "serial_recovery_buf1024", "serial_recovery_buf2048")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_tcp_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def checked_copy(fixtures: Path, names: list[str], into: Path) -> None:
    sums = {}
    for line in (fixtures / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name.lstrip("*")] = digest
    for name in names:
        data = (fixtures / name).read_bytes()
        if hashlib.sha256(data).hexdigest() != sums.get(name):
            raise RuntimeError(f"{name}: SHA-256 differs from SHA256SUMS")
        (into / name).write_bytes(data)


def host_cpu_ticks() -> tuple[int, int]:
    """(steal, total) ticks of all CPUs from /proc/stat: the share of time the hypervisor
    gave this machine's CPUs to someone else. A contended host slows the emulated device by
    up to 2x between uploads, far more than the 3% the table must resolve."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    steal = fields[7] if len(fields) > 7 else 0
    return steal, sum(fields[:8])


def cpu_seconds(pid: int) -> float:
    # /proc/PID/stat fields 14 and 15 (utime, stime), after the parenthesised command name.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class Qemu:
    """One mps2 fixture under qemu-system-arm, its UART on a TCP port of loopback."""

    def __init__(self, fixtures: Path, entry: dict, smpctl: str, icount: int | None = None):
        self.dir = Path(tempfile.mkdtemp(prefix="smp-real-window-"))
        cmd = entry["qemu_cmd"]
        if icount is not None:
            # QEMU's instruction counter: the emulated CPU runs one instruction per 2^SHIFT ns
            # of virtual time, whatever the host, so a larger shift is a slower board (issue
            # 32); align=off lets it run ahead of real time, sleep=on idles it in real time.
            cmd += f" -icount shift={icount},align=off,sleep=on"
        files = re.findall(r"file=([^,\s]+)", cmd)
        checked_copy(fixtures, files, self.dir)
        self.port = free_tcp_port()
        self.uri = f"tcp://127.0.0.1:{self.port}"
        argv = shlex.split(cmd.replace("<PORT>", str(self.port)))
        self.proc = subprocess.Popen(argv, cwd=self.dir, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.smpctl = smpctl
        self._wait_for_answer()

    def _wait_for_answer(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"qemu exited with {self.proc.returncode}")
            r = subprocess.run([self.smpctl, "--conn", self.uri, "--timeout", "2", "os", "echo",
                                "ready"], capture_output=True, text=True)
            if r.returncode == 0 and "ready" in r.stdout:
                return
            time.sleep(1)
        raise RuntimeError("the device did not answer an echo within 60 s")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def upload(q: Qemu, image: Path, window: int | None,
           trace: bool = False) -> tuple[float, float, int, str]:
    """Goodput (bytes/s), QEMU CPU s per KiB, the final window, and the retries line."""
    # -vv: the upload's window epochs, final window and counters are debug-level log lines.
    args = [q.smpctl, "--conn", q.uri, "-vv"]
    if window is not None:
        args += ["--window", str(window)]
    args += ["image", "upload", str(image)]
    cpu0 = cpu_seconds(q.proc.pid)
    t0 = time.monotonic()
    r = subprocess.run(args, capture_output=True, text=True)
    seconds = time.monotonic() - t0
    cpu = cpu_seconds(q.proc.pid) - cpu0
    if r.returncode != 0:
        raise RuntimeError(f"smpctl image upload exited {r.returncode}: {r.stderr[-400:]}")
    size = image.stat().st_size
    if trace:
        path = " ".join(f"{w}@{int(at) // 1024}K" for w, at in
                        re.findall(r"window (\d+) at (\d+) of", r.stderr))
        # The upload's counters line (smpctl -vv): sends, resends, timeouts, tail loss probes.
        counters = re.search(r"\d+ sends, [^\n]*? answers ignored", r.stderr)
        print(f"  window {window or 'auto'}: {size / seconds / 1024:.1f} KiB/s, "
              f"{cpu / (size / 1024) * 1000:.0f} ms CPU/KiB{', path ' + path if path else ''}"
              f"{'; ' + counters.group(0) if counters else ''}",
              file=sys.stderr, flush=True)
    final = re.findall(r"window (\d+) of at most \d+", r.stderr)
    retries = re.search(r"(\d+) retries", r.stdout + r.stderr)
    return (size / seconds, cpu / (size / 1024), int(final[-1]) if final else window or 0,
            retries.group(1) if retries else "?")


# Student's t, two-sided 95%, by degrees of freedom (beyond the table: the normal's 1.96).
T95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
       2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
       2.060, 2.056, 2.052, 2.048, 2.045, 2.042)


# A paired interval resolves 3% when it fits within 0.97x-1.03x of its width: its half-width,
# in logs, is at most this.
RESOLVED_HALF_WIDTH = math.log(1.03 / 0.97) / 2


def t95(df: int) -> float:
    return T95[df - 1] if df <= len(T95) else 1.96


def log_ratios(auto: list[float], best: list[float]) -> list[float]:
    return [math.log(a / b) for a, b in zip(auto, best)]


def paired_ratio(auto: list[float], best: list[float]) -> tuple[float, float, float]:
    """The geometric mean of auto / best over the repeats, and its 95% confidence interval."""
    logs = log_ratios(auto, best)
    mean = statistics.fmean(logs)
    if len(logs) < 2:
        return math.exp(mean), math.nan, math.nan
    half = t95(len(logs) - 1) * statistics.stdev(logs) / math.sqrt(len(logs))
    return math.exp(mean), math.exp(mean - half), math.exp(mean + half)


def repeats_to_resolve(auto: list[float], best: list[float]) -> int | None:
    """How many repeats would make the paired interval of auto / best resolve 3%, at the
    spread these repeats show (None: fewer than 2 repeats)."""
    if len(auto) < 2:
        return None
    spread = statistics.stdev(log_ratios(auto, best))
    n = len(auto)
    # t falls as repeats grow: the smallest n whose half-width fits.
    while t95(n - 1) * spread / math.sqrt(n) > RESOLVED_HALF_WIDTH:
        n += 1
    return n


def row(args, fixtures: Path, entry: dict, seed: int, icount: int | None = None) -> str:
    q = Qemu(fixtures, entry, args.smpctl, icount)
    try:
        cells: list[int | None] = [*range(1, entry["buf_count"]), None]
        goodput = {c: [] for c in cells}
        cpu = {c: [] for c in cells}
        finals = []
        retries = {c: 0 for c in cells}
        work = Path(q.dir) / "img.bin"
        steal0, total0 = host_cpu_ticks()
        for r in range(args.repeats):
            for k in range(len(cells)):
                cell = cells[(k + r) % len(cells)]
                seed += 1  # a distinct image every upload: none resumes the previous one
                subprocess.run([args.smpctl, "image", "make", "--version", f"1.0.{seed}",
                                "--size", str(args.image_kib * 1024), "--seed", str(seed),
                                str(work)], check=True, capture_output=True)
                g, c, final, tries = upload(q, work, cell, args.trace)
                goodput[cell].append(g)
                cpu[cell].append(c)
                retries[cell] += int(tries) if tries.isdigit() else 0
                if cell is None:
                    finals.append(final)
        steal1, total1 = host_cpu_ticks()
        steal = 100 * (steal1 - steal0) / max(total1 - total0, 1)
        # The spread of the fixed cells: max / min of each cell's uploads, the worst of them.
        spread = max(max(goodput[c]) / min(goodput[c]) for c in cells if c is not None)
        med = {c: statistics.median(v) for c, v in goodput.items()}
        best_cell = max((c for c in cells if c is not None), key=lambda c: med[c])
        best = med[best_cell]
        ratio, low, high = paired_ratio(goodput[None], goodput[best_cell])
        if steal > 2 or not math.log(high / low) / 2 <= RESOLVED_HALF_WIDTH:
            print(f"  {entry['config']}: host steal {steal:.1f}%, fixed cells spread up to "
                  f"{spread:.2f}x, paired auto / best fixed {ratio:.3f}x, 95% CI "
                  f"{low:.3f}-{high:.3f}: too noisy to resolve 3% (at this spread, "
                  f"{repeats_to_resolve(goodput[None], goodput[best_cell])} repeats would)",
                  file=sys.stderr, flush=True)
        fixed = " | ".join(f"{med[c] / 1024:.1f}" for c in cells if c is not None)
        cpu_cells = " / ".join(f"{statistics.median(cpu[c]) * 1000:.0f}" for c in cells)
        board = f"mps2 {entry['config'].removeprefix('serial_recovery_')}"
        if icount is not None:
            board += f", icount {icount}"
        return (f"| {board} | "
                f"{entry['buf_size']} x {entry['buf_count']} | {args.image_kib} | {fixed} | "
                f"{med[None] / 1024:.1f} ({', '.join(map(str, finals))}) | "
                f"{med[None] / best:.2f}x | {ratio:.3f}x ({low:.3f}-{high:.3f}) | "
                f"{med[None] / med[1]:.2f}x | {cpu_cells} | "
                f"{' / '.join(str(retries[c]) for c in cells)} | {steal:.1f}% | "
                f"{spread:.2f}x |")
    finally:
        q.stop()


def add_fixture_arguments(p: argparse.ArgumentParser) -> None:
    """--fixtures, --repeats, --image-kib and --only, for every table of the mps2 fixtures."""
    here = Path(__file__).resolve().parent
    p.add_argument("--fixtures", default=os.environ.get(
        "SMP_ZEPHYR_FIXTURES", str(here.parent.parent / "shared" / "zephyr-fixtures")))
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--image-kib", type=int, default=96)
    p.add_argument("--only", default="", help="only configs containing this (e.g. 1024)")
    p.add_argument("--icount", default="",
                   help="comma-separated QEMU -icount shifts (e.g. 2,4,6): a row per shift and "
                   "fixture, the board slowed to a fixed instruction rate; 'none' for today's row")


def print_rows(args, header: str, make_row, seed: int) -> int:
    """The Markdown header, then make_row(args, fixtures, entry, seed) for each of CONFIGS;
    a fixture that fails gets a FAILED row and the result 1."""
    fixtures = Path(args.fixtures)
    manifest = json.loads((fixtures / "manifest.json").read_text())
    print(header, flush=True)
    failures = 0
    shifts = [None if s == "none" else int(s) for s in args.icount.split(",") if s] or [None]
    for j, shift in enumerate(shifts):
        for i, config in enumerate(CONFIGS):
            if args.only not in config:
                continue
            entry = next(e for e in manifest if e["config"] == config)
            extra = {} if shift is None else {"icount": shift}
            try:
                print(make_row(args, fixtures, entry, seed + 100 * i + 1000 * j, **extra),
                      flush=True)
            except Exception as e:  # one fixture failing must not hide the others' figures
                failures += 1
                print(f"| mps2 {config} | FAILED: {e} |", flush=True)
    return 1 if failures else 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--smpctl", required=True)
    add_fixture_arguments(p)
    p.add_argument("--trace", action="store_true",
                   help="print every upload to stderr, with the adaptive window's path")
    args = p.parse_args()
    header = ("| real device | buffers | image KiB | window 1 KiB/s | window 2 KiB/s | window 3 "
              "KiB/s | auto KiB/s (final windows) | auto / best fixed | auto / best fixed, "
              "paired (95% CI) | auto / window 1 | QEMU CPU "
              "ms per KiB (w1 / w2 / w3 / auto) | retries (w1 / w2 / w3 / auto) | host CPU "
              "steal | fixed cells' spread (max / min) |\n"
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    return print_rows(args, header, row, 5000)


if __name__ == "__main__":
    sys.exit(main())
