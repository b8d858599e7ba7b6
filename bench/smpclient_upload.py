# SPDX-License-Identifier: Apache-2.0
"""Uploads one image with the Python smpclient (7.3.0) for smp_upload_bench and prints
{"bytes": N, "seconds": S} on its last line. Only the upload is timed (connect excluded),
as for our client. Afterwards the device's image list must show the image's hash in slot 1.

usage: smpclient_upload.py --image FILE --hash HEX (--udp HOST:PORT | --serial PATH | --ble ADDR)

--ble needs smpclient[ble] (bleak), which talks to BlueZ on the system bus: the BLE bench
points DBUS_SYSTEM_BUS_ADDRESS at its private bus with the fake BlueZ. smpclient sizes its
requests to the device's buf_size and cuts them into ATT writes, so the device must join them
(CONFIG_MCUMGR_TRANSPORT_BT_REASSEMBLY; fake_bluez --reassembly).

Transports are imported where used: the BLE venv has no pyserial.
"""

import argparse
import asyncio
import json
import sys
import time

from smpclient import SMPClient
from smpclient.generics import success
from smpclient.requests import image_management as im


def udp_transport_at(port):
    """SMPClient.connect() passes only the host; smpsim listens on the port it picked."""
    from smpclient.transport.udp import SMPUDPTransport

    class UdpTransportAt(SMPUDPTransport):
        async def connect(self, address, timeout_s, port=None):
            await super().connect(address, timeout_s, self._port)

    transport = UdpTransportAt()
    transport._port = port
    return transport


async def main(args):
    with open(args.image, "rb") as f:
        image = f.read()
    if args.udp:
        host, port = args.udp.rsplit(":", 1)
        client = SMPClient(udp_transport_at(int(port)), host, timeout_s=5.0)
    elif args.ble:
        from smpclient.transport.ble import SMPBLETransport

        client = SMPClient(SMPBLETransport(), args.ble, timeout_s=5.0)
    else:
        from smpclient.transport.serial import SMPSerialTransport

        # The transport's defaults, as a user gets them; connect() adapts to the device's
        # MCUmgr parameters.
        client = SMPClient(SMPSerialTransport(), args.serial, timeout_s=5.0)
    await client.connect()
    try:
        start = time.monotonic()
        last = 0
        async for off in client.upload(image):
            last = off
        seconds = time.monotonic() - start
        assert last == len(image), f"upload ended at {last} of {len(image)}"
        r = await client.request(im.ImageStatesRead())
        assert success(r), r
        hashes = [i.hash.hex() for i in r.images if i.slot == 1 and i.hash]
        assert args.hash in hashes, f"slot 1 holds {hashes}, expected {args.hash}"
    finally:
        await client.disconnect()
    print(json.dumps({"bytes": len(image), "seconds": seconds}))


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--image", required=True)
    p.add_argument("--hash", required=True)
    p.add_argument("--udp")
    p.add_argument("--serial")
    p.add_argument("--ble")
    sys.exit(asyncio.run(main(p.parse_args())))
