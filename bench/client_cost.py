# SPDX-License-Identifier: Apache-2.0
"""Client-side cost of an upload, for scripts/run-benchmarks.sh: instructions per uploaded
byte under callgrind (ours, and Python smpclient 7.3.0 when --python is given) and our peak
memory for a 256 KiB and a 4 MiB image. The device is a separate smpsim process on UDP, so
only the client process is measured. Prints one JSON object.

Instructions: callgrind counts every instruction of the process (Ir), start-up included, so
each client uploads two image sizes and the marginal cost (difference in Ir / difference in
bytes) is what one more byte costs; the total per byte of the larger upload is given too.

usage: client_cost.py --build build/release [--python .venv/bin/python] [--json OUT]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


class Smpsim:
    """One fresh device per measurement, so no upload resumes another."""

    def __init__(self, smpsim, workdir):
        self.proc = subprocess.Popen(
            [smpsim, "--udp", "127.0.0.1:0", "--slot-size", str(8 * 1024 * 1024),
             "--buf-size", "2048", "--buf-count", "4", "--state-dir",
             tempfile.mkdtemp(dir=workdir)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.address = json.loads(self.proc.stdout.readline())["address"]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait()


def make_image(cost, kib, seed, workdir):
    path = os.path.join(workdir, f"image-{kib}k-{seed}.bin")
    out = subprocess.run([cost, "make-image", "--kib", str(kib), "--seed", str(seed),
                          "--out", path], check=True, capture_output=True, text=True)
    info = json.loads(out.stdout)
    info["path"] = path
    return info


def callgrind_ir(cmd, workdir):
    """Runs cmd under callgrind and returns (Ir, the functions with the most Ir)."""
    out_file = os.path.join(workdir, "callgrind.out")
    run = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}"]
                         + cmd, capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"{cmd[0]} under callgrind failed: {run.stderr[-2000:]}")
    with open(out_file) as f:
        totals = re.search(r"^(?:totals|summary): (\d+)", f.read(), re.M)
    top = top_functions(out_file)
    os.remove(out_file)
    return int(totals.group(1)), top


def top_functions(out_file, count=5):
    """[(share of all Ir, "function [library]")], self cost, from callgrind_annotate."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=no", out_file],
                          capture_output=True, text=True).stdout
    top = []
    for m in re.finditer(r"^\s*[\d,]+ \(\s*([\d.]+)%\)\s+(\S+)(?: \[(\S+)\])?$", text, re.M):
        where = m.group(2)
        if where == "PROGRAM" or len(top) == count:
            continue
        function = where.rsplit(":", 1)[-1]
        library = os.path.basename(m.group(3) or "")
        top.append((float(m.group(1)), f"{function} [{library}]" if library else function))
    return top


def ours_cmd(cost, address, image):
    return [cost, "upload", "--udp", address, "--image", image["path"]]


def theirs_cmd(python, address, image):
    return [python, os.path.join(HERE, "smpclient_upload.py"), "--image", image["path"],
            "--hash", image["hash"], "--udp", address]


def instructions(smpsim, cmd_for, images, workdir):
    """Ir of one upload of each image (each to a fresh device), and the per-byte figures."""
    irs = []
    for image in images:
        with Smpsim(smpsim, workdir) as sim:
            ir, top = callgrind_ir(cmd_for(sim.address, image), workdir)
            irs.append(ir)
    small, large = images
    return {"sizes": [i["bytes"] for i in images], "ir": irs, "top_larger": top,
            "marginal_per_byte": (irs[1] - irs[0]) / (large["bytes"] - small["bytes"]),
            "total_per_byte": irs[1] / large["bytes"]}


def memory(smpsim, cost, image, workdir):
    with Smpsim(smpsim, workdir) as sim:
        out = subprocess.run(ours_cmd(cost, sim.address, image), check=True,
                             capture_output=True, text=True).stdout
    m = json.loads(out.strip().splitlines()[-1])
    m["beyond_image"] = m["peak_rss"] - m["bytes"]
    m["growth"] = m["peak_rss"] - m["baseline_rss"] - m["bytes"]
    return m


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", required=True)
    p.add_argument("--python")
    p.add_argument("--json")
    args = p.parse_args()
    smpsim = os.path.join(args.build, "tools/smpsim/smpsim")
    cost = os.path.join(args.build, "bench/smp_client_cost")
    with tempfile.TemporaryDirectory() as workdir:
        small = [make_image(cost, 64, 21, workdir), make_image(cost, 256, 22, workdir)]
        result = {"ours": instructions(smpsim, lambda a, i: ours_cmd(cost, a, i), small, workdir)}
        if args.python:
            try:
                py = [make_image(cost, 64, 23, workdir), make_image(cost, 256, 24, workdir)]
                result["smpclient"] = instructions(
                    smpsim, lambda a, i: theirs_cmd(args.python, a, i), py, workdir)
            except RuntimeError as e:
                result["smpclient_error"] = str(e)
        result["memory"] = [memory(smpsim, cost, make_image(cost, kib, 30 + kib % 7, workdir),
                                   workdir) for kib in (256, 4096)]
    text = json.dumps(result, indent=2)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    sys.exit(main())
