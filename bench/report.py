# SPDX-License-Identifier: Apache-2.0
"""Turns the raw figures of one benchmark run into the extra sections of docs/benchmarks.md
(BLE, CPU, memory, scale) and the goodput chart (gnuplot, PNG). Used by
scripts/run-benchmarks.sh; prints Markdown on stdout.

usage: report.py --dir build/release/bench --png docs/benchmarks-goodput.png
Reads from --dir: results.json (smp_upload_bench), ble.json, cost.json, fleet.json; a missing
file leaves its section out with a note.
"""

import argparse
import json
import os
import subprocess
import sys
import textwrap

KIB = 1024.0


def load(directory, name):
    path = os.path.join(directory, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def met(ok):
    return "met" if ok else "**MISSED**"


def ble_device(run):
    """A row's device: buffers and how a request reaches it (one write, or writes joined)."""
    c = run["config"]
    budget = run["ours"][1]["message_budget"]
    writes = (f"reassembly ({budget}-byte messages)" if c.get("reassembly")
              else f"one write per request ({budget}-byte messages)")
    return f"{c['buf_size']} x {c['buf_count']}, {writes}"


def ble_section(runs):
    out = ["## BLE (fake BlueZ on a private D-Bus)", ""]
    if not runs:
        return out + ["Not measured in this run (no `smp_ble_bench`).", ""]
    cfg = runs[0]["config"]
    out += [f"ATT MTU {cfg['mtu']}, connection interval {cfg['interval_ms']} ms, "
            f"{cfg['packets_per_interval']} packets per direction per connection event, "
            f"{cfg['image_kib']} KiB image. Without reassembly (Zephyr's default) each request "
            "must fit one ATT write; with `CONFIG_MCUMGR_TRANSPORT_BT_REASSEMBLY` the device "
            "joins writes up to its buffer size.", "",
            "| device | link limit KiB/s | ours, window 1 KiB/s | ours, auto window KiB/s "
            "| smpclient 7.3.0 KiB/s | auto / window 1 | ours / smpclient |",
            "|---|---|---|---|---|---|---|"]
    targets = []
    for run in runs:
        w1, wa = run["ours"]
        py = run.get("smpclient")
        lim, a, b = wa["limit"], w1["goodput"], wa["goodput"]
        pyg = py["goodput"] if py else 0
        theirs = f"{pyg / KIB:.1f} ({100 * pyg / lim:.0f}%)" if py else "n/a"
        ratio = f"{b / pyg:.2f}x" if py else "n/a"
        device = ble_device(run)
        out.append(f"| {device} | {lim / KIB:.1f} | {a / KIB:.1f} ({100 * a / lim:.0f}%) "
                   f"| {b / KIB:.1f} ({100 * b / lim:.0f}%, w={wa['window']}) "
                   f"| {theirs} | {b / a:.2f}x | {ratio} |")
        if not run["config"].get("reassembly"):
            targets.append(f"- BLE, {device}: automatic window {b / a:.2f}x window 1 "
                           f"(target >= 4x): {met(b >= 4 * a)}")
        if py:
            targets.append(f"- BLE, {device}: ours / smpclient {b / pyg:.2f}x (target >= 1): "
                           f"{met(b >= pyg)}")
        elif "smpclient_error" in run:
            last = [ln for ln in run["smpclient_error"].splitlines() if ln.strip()][-1:]
            targets.append(f"- BLE, {device}, smpclient: no figure, it failed with "
                           f"`{last[0].strip()[:160] if last else '?'}` (see How it was measured)")
    out += ["", "Why the gain is about the window: with W requests in flight and W no more "
            "than the packets per connection event, W chunks take two connection events (the "
            "writes at one, the notifications at the next), as one chunk does at window 1. The "
            "window is `buf_count - 1` because Zephyr's SMP net_buf pool (NETBUF_COUNT buffers) "
            "is shared by requests and responses: the default of 4 buffers allows 3, so no client "
            "that respects the pool reaches 4x on it; 8 buffers allow 7, up to the fake's 4 "
            "packets per event. With reassembly one request already fills several connection "
            "events, so window 1 uses a larger share of the link and the window can gain less "
            "(the 4x target is for one write per request).", ""]
    return out + targets + [""]


def cost_section(cost):
    out = ["## CPU: instructions per uploaded byte (client process, callgrind)", ""]
    if cost is None:
        return out + ["Not measured in this run.", ""]
    out += ["| client | Ir, smaller upload | Ir, larger upload | marginal Ir / byte | "
            "total Ir / byte (larger upload) |", "|---|---|---|---|---|"]
    names = {"ours": "ours (smp_client_cost)", "smpclient": "Python smpclient 7.3.0"}
    for key, name in names.items():
        c = cost.get(key)
        if not c:
            continue
        s0, s1 = (f"{s / KIB:.0f} KiB" for s in c["sizes"])
        out.append(f"| {name} | {c['ir'][0]:,} ({s0}) | {c['ir'][1]:,} ({s1}) | "
                   f"{c['marginal_per_byte']:.1f} | {c['total_per_byte']:.1f} |")
    for key, name in names.items():
        if cost.get(key, {}).get("top_larger"):
            out += ["", f"Where {name} spends them (self cost, larger upload, callgrind_annotate): "
                    + "; ".join(f"{share:.0f}% `{fn}`" for share, fn in cost[key]["top_larger"])
                    + "."]
    if "smpclient" in cost:
        out += ["", f"smpclient / ours, marginal instructions per byte: "
                f"{cost['smpclient']['marginal_per_byte'] / cost['ours']['marginal_per_byte']:.0f}x."]
    elif "smpclient_error" in cost:
        out += ["", f"smpclient under callgrind failed: {cost['smpclient_error'][:300]}"]
    out += ["", "## Peak memory of the client (one upload, UDP)", "",
            "| image | image bytes | RSS before the image | peak RSS | peak - image | "
            "peak - RSS before - image |", "|---|---|---|---|---|---|"]
    for m in cost["memory"]:
        out.append(f"| {m['bytes'] / KIB / KIB:.2f} MiB | {m['bytes']:,} | "
                   f"{m['baseline_rss'] / KIB:,.0f} KiB | {m['peak_rss'] / KIB:,.0f} KiB | "
                   f"{m['beyond_image'] / KIB:,.0f} KiB | {m['growth'] / KIB:,.0f} KiB |")
    a, b = cost["memory"]
    out += ["", f"Beyond the image itself the peak changes by {(b['beyond_image'] - a['beyond_image']) / KIB:,.0f} KiB "
            f"from the {a['bytes'] / KIB:.0f} KiB to the {b['bytes'] / KIB / KIB:.0f} MiB image "
            f"(the image grew by {(b['bytes'] - a['bytes']) / KIB:,.0f} KiB)."]
    return out + [""]


def fleet_section(fleet):
    out = ["## Scale: one client process, many devices (UDP, one io_context, one thread)", ""]
    if not fleet:
        return out + ["Not measured in this run.", ""]
    out += ["| devices | image | wall time s | aggregate goodput KiB/s | client memory per device "
            "| failed uploads | request timeouts |", "|---|---|---|---|---|---|---|"]
    for f in fleet:
        out.append(f"| {f['devices']} | {f['image_bytes'] / KIB:.1f} KiB | {f['seconds']:.2f} | "
                   f"{f['goodput'] / KIB:,.0f} | {f['bytes_per_device'] / KIB:.1f} KiB | "
                   f"{f['failed']} | {f['timeouts']} |")
    out += [""] + [f"- {f['devices']} devices, first failure: {f['first_error']}"
                   for f in fleet if f.get("first_error")]
    return out + ["", "Client memory per device is mostly the UDP transport's receive buffer: "
                  "each client keeps one receive pending in a buffer of the largest UDP "
                  "datagram (65,507 bytes, `src/transport/udp.cpp`).", ""]


BEGIN, END = "<!-- benchmarks:begin -->", "<!-- benchmarks:end -->"


def readme_paragraph(results, ble, cost, fleet):
    """The README's performance summary: every figure is taken from this run."""
    def row(name, buf_size, buf_count):
        return next((r for r in results if r["row"] == name and r["buf_size"] == buf_size
                     and r["buf_count"] == buf_count), None)
    parts, gains = [], []
    s = row("serial 115200 baud", 2048, 4)
    if s and s["ours_auto"] > 0:
        parts.append(f"serial at 115200 baud reaches {100 * s['ours_auto'] / s['limit']:.0f}% of "
                     f"the line's limit")
    u = row("UDP, 20 ms RTT", 2048, 4)
    if u and u["ours_window1"] > 0:
        gains.append(f"{u['ours_auto'] / u['ours_window1']:.1f}x on UDP with a 20 ms round trip")
    for run in ble or []:
        w1, wa = run["ours"]
        joined = ", reassembly" if run["config"].get("reassembly") else ""
        gains.append(f"{wa['goodput'] / w1['goodput']:.1f}x over BLE (ATT MTU "
                     f"{run['config']['mtu']}, {run['config']['buf_count']} device buffers"
                     f"{joined})")
    if gains:
        parts.append("pipelining (the automatic window against one request at a time) gains "
                     + ", ".join(gains))
    ratios = [r["ours_auto"] / r["smpclient"] for r in results
              if r["ours_auto"] > 0 and r["smpclient"] > 0]
    ratios += [run["ours"][1]["goodput"] / run["smpclient"]["goodput"] for run in ble or []
               if run.get("smpclient")]
    text = ["Measured on a shared 2-core machine by `scripts/run-benchmarks.sh`, figures from",
            "[docs/benchmarks.md](docs/benchmarks.md): " + "; ".join(parts) + "."]
    if ratios:
        text.append(f"Against Python smpclient 7.3.0 on the same virtual device, our uploads are "
                    f"{min(ratios):.2f}x to {max(ratios):.2f}x as fast.")
    if cost:
        text.append(f"The client spends {cost['ours']['marginal_per_byte']:.0f} instructions per "
                    "uploaded byte" + (
                        f" (smpclient {cost['smpclient']['marginal_per_byte']:.0f})"
                        if "smpclient" in cost else "") +
                    "; its peak resident memory minus the image is "
                    + " / ".join(f"{m['beyond_image'] / KIB / KIB:.1f} MiB" for m in cost["memory"])
                    + " for a 256 KiB / 4 MiB image (the upload itself needs "
                    + " / ".join(f"{m['growth'] / KIB / KIB:.1f} MiB" for m in cost["memory"])
                    + " above the connected client).")
    big = max(fleet or [], key=lambda f: f["devices"], default=None)
    if big:
        text.append(f"One process upgrades {big['devices']} simulated devices at once in "
                    f"{big['seconds']:.1f} s ({big['goodput'] / KIB / KIB:.1f} MiB/s aggregate, "
                    f"{big['bytes_per_device'] / KIB:.0f} KiB of client memory per device).")
    return textwrap.fill(" ".join(text), width=95)


def update_readme(path, paragraph):
    with open(path) as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{path}: no {BEGIN} ... {END} block")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(path, "w") as f:
        f.write(head + BEGIN + "\n" + paragraph + "\n" + END + tail)


def chart(results, ble, png):
    """One panel per link: our goodput at window 1 and at the automatic window for each device
    buffer setting, and smpclient's (which keeps one request in flight) at window 1."""
    panels = {}
    for r in results:
        series = panels.setdefault(r["row"], [])
        # An automatic window of 1 is a second run at window 1: plot that one only.
        ours = [(r["auto_window"], r["ours_auto"])] if r["auto_window"] == 1 else \
            [(1, r["ours_window1"]), (r["auto_window"], r["ours_auto"])]
        series.append((f"{r['buf_size']} x {r['buf_count']}", ours,
                       r["smpclient"]))
    for run in ble or []:
        w1, wa = run["ours"]
        cfg = run["config"]
        joined = ", reassembly" if cfg.get("reassembly") else ""
        panels.setdefault(f"BLE, MTU {cfg['mtu']}, {cfg['interval_ms']} ms{joined}", []).append((
            f"{cfg['buf_size']} x {cfg['buf_count']}",
            [(1, w1["goodput"]), (wa["window"], wa["goodput"])],
            run["smpclient"]["goodput"] if run.get("smpclient") else 0))
    script = ["set terminal pngcairo size 1500,900 font ',10'" if has_cairo() else
              "set terminal png size 1500,900", f"set output '{png}'",
              "set multiplot layout 2,3 title 'Upload goodput against window size "
              "(ours: lines; Python smpclient 7.3.0: squares, one request in flight)'",
              "set xlabel 'window (requests in flight)'", "set ylabel 'KiB/s'",
              "set key bottom right", "set grid", "set yrange [0:*]", "set xtics 1"]
    for title, series in panels.items():
        blocks, plots = [], []
        for i, (buffers, ours, theirs) in enumerate(series):
            blocks.append(f"$ours{i} << EOD\n" + "\n".join(f"{w} {g / KIB:.2f}" for w, g in ours)
                          + "\nEOD")
            plots.append(f"$ours{i} with linespoints lw 2 pt 7 lc {i + 1} title 'ours, {buffers}'")
            if theirs > 0:
                blocks.append(f"$theirs{i} << EOD\n1 {theirs / KIB:.2f}\nEOD")
                plots.append(f"$theirs{i} with points pt 5 ps 1.5 lc {i + 1} "
                             f"title 'smpclient, {buffers}'")
        widest = max(w for _, ours, _ in series for w, _ in ours)
        script += blocks + [f"set title '{title}'", f"set xrange [0.5:{widest + 0.5}]",
                            "plot " + ", ".join(plots)]
    script.append("unset multiplot")
    subprocess.run(["gnuplot"], input="\n".join(script) + "\n", text=True, check=True)


def has_cairo():
    out = subprocess.run(["gnuplot", "-e", "set terminal"], capture_output=True, text=True)
    return "pngcairo" in out.stdout + out.stderr


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--png", required=True)
    p.add_argument("--readme")
    args = p.parse_args()
    results = load(args.dir, "results.json") or []
    ble = load(args.dir, "ble.json")
    cost = load(args.dir, "cost.json")
    fleet = load(args.dir, "fleet.json")
    lines = ble_section(ble) + cost_section(cost) + fleet_section(fleet)
    if args.readme:
        update_readme(args.readme, readme_paragraph(results, ble, cost, fleet))
    chart(results, ble, args.png)
    lines += ["## Chart", "", f"![goodput against window size]({os.path.basename(args.png)})", ""]
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
