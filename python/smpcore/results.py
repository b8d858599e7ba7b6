# SPDX-License-Identifier: Apache-2.0
"""What the client's operations return, and the progress they report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

from ._messages.image import ImageSlot
from ._wire import build


@dataclass(frozen=True)
class Progress:
    """An upload's or download's progress: ``bytes`` of ``total`` done, at that rate."""

    bytes: int
    total: int
    bytes_per_second: float


ProgressCallback = Callable[[Progress], None]
StepCallback = Callable[[str, str], None]
"""``on_step(step, message)``: step is "check", "upload", "mark", "reset", "reconnect",
"verify", "confirm" or "done"."""


@dataclass(frozen=True)
class DeviceParams:
    """What connect() learned from the device (or assumed, ``from_device=False``)."""

    from_device: bool
    buf_size: int
    buf_count: int
    message_budget: int
    window: int


@dataclass(frozen=True)
class UploadResult:
    """An image upload: the device's SHA-256 ``match`` check (None if it made none), the
    sends it took (``probes``: chunks sent beyond the window after a stall, to find a lost
    one sooner than its timeout) and the ``window`` it ended with (where the adaptive window
    settled, or the window given)."""

    match: Optional[bool]
    sends: int
    resends: int
    timeouts: int
    restarts: int
    probes: int
    window: int


@dataclass(frozen=True)
class UpgradeResult:
    """A finished upgrade: the ``version`` and ``hash`` now running, whether ``confirmed``,
    the ``path`` taken ("test-swap", "via recovery", ...) and its upload."""

    version: str
    hash: bytes
    confirmed: bool
    upload: UploadResult
    upload_reconnects: int
    through_recovery: bool
    path: str
    verified: bool

    @staticmethod
    def of(d: Dict[str, Any]) -> "UpgradeResult":
        """From the core's dict, its upload part made an UploadResult."""
        return UpgradeResult(**{**d, "upload": UploadResult(**d["upload"])})


@dataclass(frozen=True)
class DeviceInfo:
    """What identify() found: ``kind`` ("application", "mcuboot-recovery",
    "no-image-group"), the image list, and the bootloader's word on itself when it gives it
    (``mcuboot_mode_name`` e.g. "swap-using-move")."""

    kind: str
    slots: List[ImageSlot]
    bootloader: Optional[str]
    mcuboot_mode: Optional[int]
    mcuboot_mode_name: Optional[str]
    no_downgrade: Optional[bool]
    found_buffer_size: Optional[int]

    @staticmethod
    def of(d: Dict[str, Any]) -> "DeviceInfo":
        """From the core's dict, the slots made ImageSlots."""
        return DeviceInfo(**{**d, "slots": [build(ImageSlot, s) for s in d["slots"]]})
