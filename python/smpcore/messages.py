# SPDX-License-Identifier: Apache-2.0
"""Typed requests of the standard SMP groups (Zephyr's MCUmgr), for ``client.request()``.

Each request is a dataclass naming its group, command and direction; ``client.request(r)``
returns its response dataclass. Keys of an answer that a response type does not know are
kept in its ``extra`` dict. Image upload, upgrade and file transfer have their own client
methods; any other group is reached with ``client.request_raw()``::

    reply = client.request(Echo("hello"))        # EchoResponse(r='hello')
    state = client.request(ImageState())         # ImageStateResponse(images=[ImageSlot...])

The catalog is the C++ library's (include/smp/protocol/messages/, one module per group in
smpcore/_messages/ as there): the same groups, commands, directions and wire keys, which
python/tests/test_catalog.py checks against the C++ sources.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from ._messages.enumeration import *  # noqa: F401,F403
from ._messages.fs import *  # noqa: F401,F403
from ._messages.image import *  # noqa: F401,F403
from ._messages.os import *  # noqa: F401,F403
from ._messages.settings import *  # noqa: F401,F403
from ._messages.shell import *  # noqa: F401,F403
from ._messages.stat import *  # noqa: F401,F403
from ._messages.zephyr_basic import *  # noqa: F401,F403
from ._wire import ENUM as ENUM, FS as FS, IMAGE as IMAGE, OS as OS, SETTINGS as SETTINGS
from ._wire import SHELL as SHELL, STAT as STAT, ZEPHYR as ZEPHYR
from ._wire import Empty as Empty, Request as Request, build as build

#: Earlier names, kept for their users: each use warns (DeprecationWarning).
DEPRECATED = {"ImageStateSet": "ImageStateWrite"}

if TYPE_CHECKING:
    ImageStateSet = ImageStateWrite  # noqa: F405 - deprecated
else:

    def __getattr__(name: str) -> Any:
        if name in DEPRECATED:
            warnings.warn(f"smpcore.messages.{name} is deprecated: use {DEPRECATED[name]}",
                          DeprecationWarning, stacklevel=2)
            return globals()[DEPRECATED[name]]
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
