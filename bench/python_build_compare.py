# SPDX-License-Identifier: Apache-2.0
"""Two builds of smpcore side by side: the upload goodput of each through the same smpsim
program on the same links, in alternating order, several rounds; prints the median KiB/s of
each build per link and their ratio. No figure is asserted: this is a measurement.

It answers "is the release wheel (zig's clang and libc++, in-tree SHA-2) as fast as the package
built from source (g++ -O3, OpenSSL)?": the client code is all that differs, since both upload to
the one smpsim given by --smpsim (by default the first build's).

usage: python3 bench/python_build_compare.py --python NAME=PYTHON --python NAME=PYTHON
                                             [--rounds 7] [--smpsim PATH]
Each PYTHON is an interpreter with that build of smpcore installed (e.g. .venv/bin/python from
scripts/run-python-tests.sh, build/release-check/venv/bin/python from scripts/check-release.sh).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

HERE = Path(__file__).resolve().parent

# (name, smpsim transport, smpsim options): a link the client saturates (UDP on loopback, no
# added latency: the client's own cost shows) and python_bench.py's UDP link. Not its serial
# link: at 115200 baud both builds upload at the line's 8.1 KiB/s, which tells nothing.
# The image size is per link: on loopback a 512 KiB upload takes 30 ms, too short to time.
ROWS: List[Tuple[str, str, List[str], int]] = [
    ("UDP loopback, no added latency, 2048 x 4, 3 MiB", "udp", [], 3072),
    ("UDP, 20 ms RTT, 2048 x 4, 512 KiB", "udp", ["--latency-ms", "10"], 512),
]

# Run by each build's interpreter: one upload to a fresh smpsim, its seconds on stdout.
ONE_UPLOAD = """
import json, sys, tempfile, time
import smpcore
transport, extra, kib = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
image = smpcore.make_test_image(kib * 1024)
with tempfile.TemporaryDirectory() as state:
    args = ["--buf-size", "2048", "--buf-count", "4", "--slot-size", str(4 << 20),
            "--state-dir", state, *extra]
    with smpcore.Simulator(transport, args) as sim, smpcore.Client(sim.uri) as client:
        start = time.monotonic()
        client.upload_image(image)
        print(time.monotonic() - start)
"""


def smpsim_of(python: str) -> str:
    return subprocess.run([python, "-c", "import smpcore.sim as s; print(s.smpsim_path())"],
                          check=True, capture_output=True, text=True).stdout.strip()


def upload_seconds(python: str, smpsim: str, transport: str, extra: List[str], kib: int) -> float:
    env = dict(os.environ, SMPCORE_SMPSIM=smpsim)
    out = subprocess.run([python, "-c", ONE_UPLOAD, transport, json.dumps(extra), str(kib)],
                         check=True, capture_output=True, text=True, env=env).stdout
    return float(out.strip())


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--python", action="append", required=True, metavar="NAME=PYTHON")
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--smpsim")
    a = p.parse_args()
    builds = dict(entry.split("=", 1) for entry in a.python)
    if len(builds) != 2:
        sys.exit("give two builds: --python NAME=PYTHON twice")
    names = list(builds)
    smpsim = a.smpsim or smpsim_of(builds[names[0]])
    print(f"smpsim: {smpsim}; {a.rounds} rounds, alternating order")
    for row, transport, extra, kib in ROWS:
        goodput: Dict[str, List[float]] = {name: [] for name in names}
        for round_number in range(a.rounds):
            order = names if round_number % 2 == 0 else names[::-1]
            for name in order:
                seconds = upload_seconds(builds[name], smpsim, transport, extra, kib)
                goodput[name].append(kib / seconds)
        medians = {name: statistics.median(values) for name, values in goodput.items()}
        figures = ", ".join(f"{name} {medians[name]:.1f} KiB/s" for name in names)
        print(f"{row}: {figures}; {names[1]}/{names[0]} {medians[names[1]] / medians[names[0]]:.3f}"
              f"  (all: {json.dumps({n: [round(v, 1) for v in goodput[n]] for n in names})})",
              flush=True)


if __name__ == "__main__":
    main()
