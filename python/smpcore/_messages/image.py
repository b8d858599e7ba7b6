# SPDX-License-Identifier: Apache-2.0
"""Image management, group 1 (C++: include/smp/protocol/messages/image.hpp). Uploads are
client.upload_image."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from .._wire import (
    IMAGE, Empty, Request, extra_field as _extra,
    list_of as _list_of, wire as _wire,
)

__all__ = [
    "ImageSlot", "ImageStateResponse", "ImageState", "ImageStateWrite", "ImageErase",
    "SlotInfoSlot", "SlotInfoImage", "SlotInfoResponse", "SlotInfo",
]


@dataclass
class ImageSlot:
    image: int = 0
    slot: int = 0
    version: str = ""
    hash: Optional[bytes] = None
    bootable: Optional[bool] = None
    pending: Optional[bool] = None
    confirmed: Optional[bool] = None
    active: Optional[bool] = None
    permanent: Optional[bool] = None
    extra: Dict[str, Any] = _extra()


@dataclass
class ImageStateResponse:
    images: List[ImageSlot] = _wire("images", None, _list_of(ImageSlot))
    split_status: Optional[int] = _wire("splitStatus")
    extra: Dict[str, Any] = _extra()


@dataclass
class ImageState(Request[ImageStateResponse]):
    """image state read: the slots, their versions, hashes and flags."""

    group, command, write, response = IMAGE, 0, False, ImageStateResponse


@dataclass
class ImageStateWrite(Request[ImageStateResponse]):
    """image state write: test (``confirm=False``) or confirm the image with ``hash``."""

    group, command, write, response = IMAGE, 0, True, ImageStateResponse
    hash: Optional[bytes] = None
    confirm: Optional[bool] = None


@dataclass
class ImageErase(Request[Empty]):
    """image erase of ``slot`` (default: the device's second slot)."""

    group, command, write, response = IMAGE, 5, True, Empty
    slot: Optional[int] = None


@dataclass
class SlotInfoSlot:
    slot: int = 0
    size: int = 0
    upload_image_id: Optional[int] = None
    extra: Dict[str, Any] = _extra()


@dataclass
class SlotInfoImage:
    image: int = 0
    slots: List[SlotInfoSlot] = _wire("slots", None, _list_of(SlotInfoSlot))
    max_image_size: Optional[int] = None
    extra: Dict[str, Any] = _extra()


@dataclass
class SlotInfoResponse:
    images: List[SlotInfoImage] = _wire("images", None, _list_of(SlotInfoImage))
    extra: Dict[str, Any] = _extra()


@dataclass
class SlotInfo(Request[SlotInfoResponse]):
    """image slot info: each image's slots and their sizes."""

    group, command, write, response = IMAGE, 6, False, SlotInfoResponse
