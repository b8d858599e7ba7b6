# SPDX-License-Identifier: Apache-2.0
"""Zephyr basic, group 63 (C++: include/smp/protocol/messages/zephyr_basic.hpp)."""

from __future__ import annotations

from dataclasses import dataclass

from .._wire import ZEPHYR, Empty, Request

__all__ = ["EraseStorage"]


@dataclass
class EraseStorage(Request[Empty]):
    """Zephyr basic: erase the storage partition."""

    group, command, write, response = ZEPHYR, 0, True, Empty
