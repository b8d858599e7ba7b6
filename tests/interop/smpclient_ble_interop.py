# SPDX-License-Identifier: Apache-2.0
"""Interoperability over BLE: the Python smpclient (7.3.0) with its bleak backend, a client
nobody here wrote, against the fake BlueZ of tests/ble on a private dbus-daemon, the way it
talks to a real BlueZ (scan, Connect, GATT discovery, AcquireWrite for the MTU, StartNotify,
WriteValue "command"). Plain script like smpclient_interop.py: prints 'N passed, N failed' and
exits non-zero on any failure.

The device reassembles writes (fake_bluez --reassembly, CONFIG_MCUMGR_TRANSPORT_BT_REASSEMBLY):
smpclient sizes its requests to the device's buf_size and cuts them into ATT writes.

usage: smpclient_ble_interop.py FAKE_BLUEZ_PATH PRIVATE_BUS_CONF
"""

import asyncio
import hashlib
import json
import os
import struct
import subprocess
import sys
import tempfile

from smpclient import SMPClient
from smpclient.requests import image_management as im
from smpclient.requests import os_management as om
from smpclient.transport.ble import SMPBLETransport

from smpclient_interop import SLOT_SIZE, check, make_image, ok, results

ADDRESS = "C0:FF:EE:00:00:01"  # the fake's default
BUF_SIZE = 1024


def image_hash(image):
    """The image's SHA-256 as MCUboot computes it: header, body and protected TLVs
    (boot/bootutil/src/image_validate.c, bootutil_img_hash)."""
    header_size, protected_tlv_size, body_size = struct.unpack_from("<HHI", image, 8)
    return hashlib.sha256(image[:header_size + body_size + protected_tlv_size]).digest()


class PrivateBus:
    """dbus-daemon standing in for the system bus: bleak, like sd-bus, takes the system bus
    from DBUS_SYSTEM_BUS_ADDRESS."""

    def __init__(self, config):
        self.proc = subprocess.Popen(
            ["dbus-daemon", "--nofork", "--print-address=1", f"--config-file={config}"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = self.proc.stdout.readline().strip()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class FakeBluez:
    def __init__(self, path, args):
        self.proc = subprocess.Popen([path, *args], stdout=subprocess.PIPE, text=True)
        self.ready = json.loads(self.proc.stdout.readline())

    def stop(self):
        self.proc.terminate()
        return self.proc.wait(timeout=10)


async def scenario(client, image):
    async def echo():
        assert ok(await client.request(om.EchoWrite(d="over ble"))).r == "over ble"

    async def params():
        r = ok(await client.request(om.MCUMgrParametersRead()))
        assert r.buf_size == BUF_SIZE, r

    async def upload():
        offsets = [off async for off in client.upload(image)]
        assert offsets[-1] == len(image), offsets[-1:]
        r = ok(await client.request(im.ImageStatesRead()))
        secondary = [i.hash for i in r.images if i.slot == 1]
        assert secondary == [image_hash(image)], r

    async def reconnect():
        # Now BlueZ knows the device: smpclient's scan finds it by the RSSI changes BlueZ
        # reports for its advertisements, not by InterfacesAdded.
        await client.disconnect()
        await client.connect()
        assert ok(await client.request(om.EchoWrite(d="again"))).r == "again"

    for name, test in [("echo", echo), ("mcumgr params", params),
                       ("image upload", upload), ("disconnect + scan + reconnect", reconnect)]:
        await check(f"ble: {name}", test())


async def main(fake_bluez, bus_config):
    with tempfile.TemporaryDirectory(prefix="smp-ble-interop-") as workdir:
        image = make_image(workdir, "1.3.0", 3)
        bus = PrivateBus(bus_config)
        try:
            fake = FakeBluez(fake_bluez, [
                "--reassembly", "--buf-size", str(BUF_SIZE), "--conn-interval-ms", "7.5",
                "--slot-size", str(SLOT_SIZE), "--state-dir", os.path.join(workdir, "state")])
            try:
                client = SMPClient(SMPBLETransport(), ADDRESS, timeout_s=5.0)
                await check("ble: connect (scan, GATT, MTU, notifications)", client.connect())
                if results["failed"] == 0:
                    try:
                        await scenario(client, image)
                    finally:
                        await client.disconnect()
            finally:
                if fake.stop() != 0:
                    results["failed"] += 1
                    print("FAIL ble: fake_bluez did not exit cleanly")
        finally:
            bus.stop()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
    print(f"{results['passed']} passed, {results['failed']} failed")
    sys.exit(1 if results["failed"] else 0)
