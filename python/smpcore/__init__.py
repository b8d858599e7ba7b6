# SPDX-License-Identifier: Apache-2.0
"""smpcore: a Simple Management Protocol (SMP, MCUmgr) client for Zephyr RTOS and MCUboot
devices, on the C++ core of smpclient: pipelined, resumable image upload, the whole
bootloader-aware upgrade, file transfer, every standard group's requests, and smpsim, a
virtual device for tests.

    import smpcore
    with smpcore.Client("serial:///dev/ttyACM0?baud=115200") as client:
        print(client.request(smpcore.ImageState()).images)
        client.upgrade(open("zephyr.signed.bin", "rb").read())
"""

from . import messages
from ._core import connection_uri_help
from .aio import AsyncClient
from .client import Client
from .errors import (
    DeviceError,
    OperationCancelled,
    SmpError,
    SmpTimeoutError,
    TransportError,
    UriError,
)
from .messages import (
    BootloaderInfo,
    Echo,
    ImageErase,
    ImageState,
    ImageStateSet,
    McumgrParams,
    OsInfo,
    Request,
    Reset,
    ShellExec,
)
from .results import DeviceInfo, DeviceParams, Progress, UpgradeResult, UploadResult
from .sim import Simulator, make_test_image

__version__ = "0.1.0"
__all__ = [
    "AsyncClient", "BootloaderInfo", "Client", "DeviceError", "DeviceInfo", "DeviceParams", "Echo",
    "ImageErase", "ImageState", "ImageStateSet", "McumgrParams", "OperationCancelled",
    "OsInfo", "Progress", "Request", "Reset", "ShellExec", "Simulator", "SmpError",
    "SmpTimeoutError", "TransportError", "UpgradeResult", "UploadResult", "UriError",
    "connection_uri_help", "make_test_image", "messages",
]
