# SPDX-License-Identifier: Apache-2.0
"""smpcore: a Simple Management Protocol (SMP, MCUmgr) client for Zephyr RTOS and MCUboot
devices, on the C++ core of smpclient: pipelined, resumable image upload, the whole
bootloader-aware upgrade, file transfer, every standard group's requests, and smpsim, a
virtual device for tests.

    import smpcore
    with smpcore.Client("serial:///dev/ttyACM0?baud=115200") as client:
        print(client.request(smpcore.ImageState()).images)
        client.upgrade(open("zephyr.signed.bin", "rb").read())

The C++ core logs to ``logging.getLogger("smpcore")``: its decisions (fallbacks, protocol
version) at INFO, each upload's workings at DEBUG, what needs attention at WARNING. Like
any library it prints nothing until the application configures logging, e.g.
``logging.basicConfig(level=logging.INFO)``.
"""

import logging
import warnings
from typing import TYPE_CHECKING, Any

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
    ImageStateWrite,
    McumgrParams,
    OsInfo,
    Request,
    Reset,
    ShellExec,
)
from .results import DeviceInfo, DeviceParams, Progress, UpgradeResult, UploadResult
from .sim import Simulator, image_version, make_test_image

if TYPE_CHECKING:
    from .messages import ImageStateSet as ImageStateSet  # deprecated: ImageStateWrite
else:

    def __getattr__(name: str) -> Any:
        if name in messages.DEPRECATED:
            warnings.warn(f"smpcore.{name} is deprecated: use {messages.DEPRECATED[name]}",
                          DeprecationWarning, stacklevel=2)
            return getattr(messages, messages.DEPRECATED[name])
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# A library's logger prints nothing unless the application configures logging.
logging.getLogger("smpcore").addHandler(logging.NullHandler())

__version__ = "0.1.0"
__all__ = [
    "AsyncClient", "BootloaderInfo", "Client", "DeviceError", "DeviceInfo", "DeviceParams", "Echo",
    "ImageErase", "ImageState", "ImageStateWrite", "McumgrParams", "OperationCancelled",
    "OsInfo", "Progress", "Request", "Reset", "ShellExec", "Simulator", "SmpError",
    "SmpTimeoutError", "TransportError", "UpgradeResult", "UploadResult", "UriError",
    "connection_uri_help", "image_version", "make_test_image", "messages",
]
