# SPDX-License-Identifier: Apache-2.0
"""Shell, group 9 (C++: include/smp/protocol/messages/shell.hpp)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from .._wire import SHELL, Request, extra_field as _extra

__all__ = ["ShellExecResponse", "ShellExec"]


@dataclass
class ShellExecResponse:
    o: str = ""
    ret: int = 0
    rc: Optional[int] = None  # the return code of legacy devices (instead of ret)
    extra: Dict[str, Any] = _extra()


@dataclass
class ShellExec(Request[ShellExecResponse]):
    """shell exec of ``argv``: the output ``o`` and the command's ``ret``."""

    group, command, write, response = SHELL, 0, True, ShellExecResponse
    argv: List[str] = field(default_factory=list)
