# SPDX-License-Identifier: Apache-2.0
"""smpcore (our C++ core from Python) against smpctl and the Python smpclient 7.3.0 on the
same smpsim devices; prints its figures (goodput in KiB/s, per-call cost in microseconds)
and, with --json, writes them. No figure is asserted: this is a measurement.

Rows (as bench/upload_bench.cpp's): an upload over serial at 115200 baud to a device with
2048-byte buffers x 4 (smpsim --pty --baud 115200), and over UDP with 20 ms round trip
(smpsim --latency-ms 10 each way, buffers 2048 x 4). Each client uploads the same image to a
fresh device; only the upload is timed (connect excluded), smpctl's time is the one its
--json transfer summary reports. Then the cost of one small request (os echo over UDP, no
added latency), one after the other: smpcore's sync and asyncio clients and smpclient's.

usage: .venv/bin/python bench/python_bench.py [--smpctl PATH] [--image-kib 256]
                                               [--calls 2000] [--json OUT]
Needs smpcore installed (scripts/run-python-tests.sh) and smpclient 7.3.0
(scripts/setup-python-peers.sh) in the same Python.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List

import smpcore

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ROWS = [
    ("serial 115200 baud, 2048 x 4", "pty", ["--baud", "115200"]),
    ("UDP, 20 ms RTT, 2048 x 4", "udp", ["--latency-ms", "10"]),
]


def device(transport: str, extra: List[str], state: str) -> smpcore.Simulator:
    args = ["--buf-size", "2048", "--buf-count", "4", "--slot-size", str(4 << 20),
            "--state-dir", tempfile.mkdtemp(dir=state), *extra]
    return smpcore.Simulator(transport, args)


def smpcore_upload(uri: str, image: bytes) -> float:
    with smpcore.Client(uri) as client:
        start = time.monotonic()
        client.upload_image(image)
        return time.monotonic() - start


def smpctl_upload(smpctl: str, uri: str, path: str) -> float:
    out = subprocess.run([smpctl, "--json", "--conn", uri, "image", "upload", path],
                         check=True, capture_output=True, text=True).stdout
    return float(json.loads(out)["transfer"]["seconds"])


def smpclient_upload(sim: smpcore.Simulator, path: str, image: bytes) -> float:
    where = sim.uri.split("://", 1)[1].split("?")[0]
    flag = "--udp" if sim.uri.startswith("udp") else "--serial"
    out = subprocess.run([sys.executable, str(HERE / "smpclient_upload.py"), "--image", path,
                          "--hash", image[-32:].hex(), flag, where],
                         check=True, capture_output=True, text=True).stdout
    return float(json.loads(out.strip().splitlines()[-1])["seconds"])


def upload_rows(smpctl: str, image: bytes, state: str) -> List[Dict[str, Any]]:
    path = os.path.join(state, "image.bin")
    Path(path).write_bytes(image)
    rows = []
    for name, transport, extra in ROWS:
        seconds: Dict[str, float] = {}
        with device(transport, extra, state) as sim:
            seconds["smpcore"] = smpcore_upload(sim.uri, image)
        with device(transport, extra, state) as sim:
            seconds["smpctl"] = smpctl_upload(smpctl, sim.uri, path)
        with device(transport, extra, state) as sim:
            seconds["smpclient 7.3"] = smpclient_upload(sim, path, image)
        kib = {k: len(image) / 1024 / s for k, s in seconds.items()}
        rows.append({"row": name, "kib_per_s": kib, "seconds": seconds})
        print(f"{name}: " + ", ".join(f"{k} {v:.1f} KiB/s" for k, v in kib.items()) +
              f"; smpcore/smpctl {kib['smpcore'] / kib['smpctl']:.3f}, "
              f"smpcore/smpclient {kib['smpcore'] / kib['smpclient 7.3']:.2f}", flush=True)
    return rows


async def smpclient_echo_cost(address: str, calls: int) -> float:
    sys.path.insert(0, str(HERE))
    from smpclient import SMPClient
    from smpclient.requests.os_management import EchoWrite
    from smpclient_upload import udp_transport_at

    host, port = address.rsplit(":", 1)
    client = SMPClient(udp_transport_at(int(port)), host, timeout_s=5.0)
    await client.connect()
    try:
        start = time.monotonic()
        for _ in range(calls):
            await client.request(EchoWrite(d="x"))
        return (time.monotonic() - start) / calls
    finally:
        await client.disconnect()


async def async_echo_cost(uri: str, calls: int) -> float:
    async with smpcore.AsyncClient(uri) as client:
        start = time.monotonic()
        for _ in range(calls):
            await client.request(smpcore.Echo("x"))
        return (time.monotonic() - start) / calls


def echo_costs(calls: int, state: str) -> Dict[str, float]:
    cost: Dict[str, float] = {}
    with device("udp", [], state) as sim:
        with smpcore.Client(sim.uri) as client:
            start = time.monotonic()
            for _ in range(calls):
                client.request(smpcore.Echo("x"))
            cost["smpcore sync"] = (time.monotonic() - start) / calls
        cost["smpcore asyncio"] = asyncio.run(async_echo_cost(sim.uri, calls))
        address = sim.uri.split("://", 1)[1]
        cost["smpclient 7.3"] = asyncio.run(smpclient_echo_cost(address, calls))
    print("os echo, one call after another over UDP: " +
          ", ".join(f"{k} {v * 1e6:.0f} us" for k, v in cost.items()), flush=True)
    return cost


def default_smpctl() -> str:
    for preset in ("release", "debug", "default"):
        path = ROOT / "build" / preset / "tools" / "smpctl" / "smpctl"
        if path.exists():
            return str(path)
    raise SystemExit("no smpctl built: give --smpctl PATH")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--smpctl", default=None)
    p.add_argument("--image-kib", type=int, default=256)
    p.add_argument("--calls", type=int, default=2000)
    p.add_argument("--json")
    args = p.parse_args()
    smpctl = args.smpctl or default_smpctl()
    print(f"smpcore {smpcore.__version__}, smpctl {smpctl}, image {args.image_kib} KiB", flush=True)
    with tempfile.TemporaryDirectory() as state:
        results = {"uploads": upload_rows(smpctl, smpcore.make_test_image(args.image_kib * 1024, (1, 2, 3), seed=7), state),
                   "echo_seconds_per_call": echo_costs(args.calls, state)}
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
