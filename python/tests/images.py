# SPDX-License-Identifier: Apache-2.0
"""Test images: smpcore.make_test_image, and the hash a device lists for one."""

from __future__ import annotations

from smpcore import make_test_image as make_image

__all__ = ["image_hash", "make_image"]


def image_hash(image: bytes) -> bytes:
    """The SHA-256 the image's TLV carries: what the device lists as the slot's hash."""
    return image[-32:]
