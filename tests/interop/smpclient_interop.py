# SPDX-License-Identifier: Apache-2.0
"""Interoperability: drive the real smpsim with the Python smpclient (7.3.0), a client nobody
here wrote, over UDP and over the PTY. Plain script (pytest is not in the venv): prints
'N passed, N failed' and exits non-zero on any failure.

usage: smpclient_interop.py SMPSIM_PATH
"""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import traceback

from smpclient import SMPClient
from smpclient.generics import success
from smpclient.requests import enumeration_management as em
from smpclient.requests import file_management as fm
from smpclient.requests import image_management as im
from smpclient.requests import os_management as om
from smpclient.requests import settings_management as sm
from smpclient.requests import shell_management as shm
from smpclient.requests import statistics_management as stm
from smpclient.transport.serial import SMPSerialTransport
from smpclient.transport.udp import SMPUDPTransport

SLOT_SIZE = 0x20000
results = {"passed": 0, "failed": 0}


def make_image(workdir, version, seed):
    """An MCUboot image made by MCUboot's own imgtool (unsigned: SHA256 TLV only)."""
    raw = os.path.join(workdir, f"app-{version}.bin")
    out = os.path.join(workdir, f"app-{version}.signed.bin")
    with open(raw, "wb") as f:
        f.write(bytes((i * 7 + seed) & 0xFF for i in range(20000)))
    subprocess.run(
        [sys.executable, "-m", "imgtool.main", "sign", "--version", version, "--header-size",
         "0x200", "--pad-header", "--align", "8", "--slot-size", hex(SLOT_SIZE), raw, out],
        check=True, capture_output=True)
    with open(out, "rb") as f:
        return f.read()


class UdpTransportAt(SMPUDPTransport):
    """SMPClient.connect() passes only the host; smpsim listens on the port it picked."""

    def __init__(self, port):
        super().__init__()
        self._port = port

    async def connect(self, address, timeout_s, port=None):
        await super().connect(address, timeout_s, self._port)


class Smpsim:
    def __init__(self, smpsim, args):
        self.proc = subprocess.Popen([smpsim, *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        self.ready = json.loads(self.proc.stdout.readline())

    def stop(self):
        self.proc.terminate()
        return self.proc.wait(timeout=10)


async def check(name, coro):
    try:
        await coro
        results["passed"] += 1
        print(f"PASS {name}")
    except Exception:  # noqa: BLE001 - report every failure and go on
        results["failed"] += 1
        print(f"FAIL {name}")
        traceback.print_exc()


def ok(response):
    assert success(response), f"error response: {response}"
    return response


async def scenario(label, smpsim, make_transport, address_of, workdir, images):
    state = os.path.join(workdir, f"state-{label}")
    base = ["--state-dir", state, "--slot-size", str(SLOT_SIZE)]
    sim_args = base + (["--udp", "127.0.0.1:0"] if label == "udp" else ["--pty"])
    sim = Smpsim(smpsim, sim_args)
    client = SMPClient(make_transport(sim.ready), address_of(sim.ready), timeout_s=5.0)
    await client.connect()
    try:
        async def echo():
            assert ok(await client.request(om.EchoWrite(d="hello"))).r == "hello"

        async def params():
            r = ok(await client.request(om.MCUMgrParametersRead()))
            assert r.buf_size == (2048 if label == "udp" else 384) and r.buf_count >= 2

        async def state_read():
            r = ok(await client.request(im.ImageStatesRead()))
            assert isinstance(r.images, list)

        async def upload_test_reset_confirm():
            image = images[label]
            offsets = [off async for off in client.upload(image)]
            assert offsets[-1] == len(image), offsets[-1:]
            r = ok(await client.request(im.ImageStatesRead()))
            secondary = [i for i in r.images if i.slot == 1]
            assert secondary, r
            new_hash = secondary[0].hash
            ok(await client.request(im.ImageStatesWrite(hash=new_hash, confirm=False)))
            ok(await client.request(om.ResetWrite()))
            await client.disconnect()
            await asyncio.sleep(0.6)  # 250 ms reset delay, then the new image runs
            await client.connect()
            r = ok(await client.request(im.ImageStatesRead()))
            active = [i for i in r.images if i.slot == 0][0]
            assert active.hash == new_hash and not active.confirmed, r
            ok(await client.request(im.ImageStatesWrite(confirm=True)))
            r = ok(await client.request(im.ImageStatesRead()))
            assert [i for i in r.images if i.slot == 0][0].confirmed

        async def files():
            data = bytes(range(256)) * 9
            offsets = [off async for off in client.upload_file(data, "/lfs1/blob.bin")]
            assert offsets[-1] == len(data)
            assert await client.download_file("/lfs1/blob.bin") == data
            r = ok(await client.request(fm.FileStatus(name="/lfs1/blob.bin")))
            assert r.len == len(data)

        async def shell():
            r = ok(await client.request(shm.Execute(argv=["echo", "hi", "there"])))
            assert r.o.strip() == "hi there" and r.ret == 0, r

        async def stats():
            r = ok(await client.request(stm.ListOfGroups()))
            assert "smp" in r.stat_list
            r = ok(await client.request(stm.GroupData(name="smp")))
            assert r.fields["requests"] > 0

        async def settings():
            ok(await client.request(sm.WriteSetting(name="app/name", val=b"sim")))
            assert ok(await client.request(sm.ReadSetting(name="app/name"))).val == b"sim"

        async def enumeration():
            count = ok(await client.request(em.CountSupportedGroups())).count
            groups = ok(await client.request(em.ListSupportedGroups())).groups
            assert count == len(groups) and 8 in groups and 1 in groups

        for name, test in [("echo", echo), ("mcumgr params", params),
                           ("image state read", state_read),
                           ("image upload + test + reset + confirm", upload_test_reset_confirm),
                           ("file upload/download", files), ("shell exec", shell),
                           ("stats", stats), ("settings", settings),
                           ("enumeration", enumeration)]:
            await check(f"{label}: {name}", test())
    finally:
        await client.disconnect()
        if sim.stop() != 0:
            results["failed"] += 1
            print(f"FAIL {label}: smpsim did not exit cleanly")


async def main(smpsim):
    with tempfile.TemporaryDirectory(prefix="smp-interop-") as workdir:
        images = {"udp": make_image(workdir, "1.1.0", 1), "pty": make_image(workdir, "1.2.0", 2)}
        await scenario("udp", smpsim, lambda ready: UdpTransportAt(int(ready["address"].rsplit(":", 1)[1])),
                       lambda ready: ready["address"].rsplit(":", 1)[0], workdir, images)
        await scenario("pty", smpsim, lambda ready: SMPSerialTransport(),
                       lambda ready: ready["path"], workdir, images)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
    print(f"{results['passed']} passed, {results['failed']} failed")
    sys.exit(1 if results["failed"] else 0)
