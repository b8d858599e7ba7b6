# SPDX-License-Identifier: Apache-2.0
"""The C++ message catalog, read from its sources: each request type's group, command and op
(include/smp/protocol/messages/*.hpp) and the wire keys of the request and of its response
(the Describe<T> field lists of src/protocol/messages/*.cpp). test_catalog.py compares
smpcore.messages with it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, Optional, Tuple

ROOT = Path(__file__).resolve().parents[2]
HEADERS = ROOT / "include" / "smp" / "protocol" / "messages"
SOURCES = ROOT / "src" / "protocol" / "messages"

_GROUP = re.compile(r"^\s*(\w+) = (\d+),", re.M)
_REQUEST = re.compile(
    r"struct (\w+) \{\s*static constexpr Group group = Group::(\w+);\s*"
    r"static constexpr std::uint8_t command = (\d+);\s*static constexpr Op op = Op::(\w+);\s*"
    r"using Response = ([\w:]+);")
_NAMESPACE = re.compile(r"^namespace smp::(\w+) \{", re.M)
_DESCRIBE = re.compile(r"struct Describe<([\w:]+)> \{(.*?)\n\};", re.S)
_KEY = re.compile(r"(?:field|defaulted)\(\"([^\"]+)\"")

Key = Tuple[int, int, bool]  # group, command, write

_COMMENT = re.compile(r"//[^\n]*")


def _code(path: Path) -> str:
    """The file without its // comments (the API documentation sits beside the fields)."""
    return _COMMENT.sub("", path.read_text())


@dataclass(frozen=True)
class Message:
    name: str  # e.g. "image::StateWrite"
    request_keys: FrozenSet[str]
    response: str
    response_keys: Optional[FrozenSet[str]]  # None: no field list (a custom mapping)


def _groups() -> Dict[str, int]:
    text = _code(ROOT / "include" / "smp" / "protocol" / "group.hpp")
    return {name: int(number) for name, number in _GROUP.findall(text)}


def described_types() -> Dict[str, Optional[FrozenSet[str]]]:
    """Every Describe<T>'s keys by qualified name ("os::Echo"); None without `fields`."""
    keys: Dict[str, Optional[FrozenSet[str]]] = {}
    for source in sorted(SOURCES.glob("*.cpp")):
        text = _code(source)
        namespace = re.search(r"using namespace smp::(\w+);", text)
        for name, body in _DESCRIBE.findall(text):
            qualified = name if "::" in name or namespace is None else f"{namespace[1]}::{name}"
            keys[qualified] = frozenset(_KEY.findall(body)) if "fields" in body else None
    return keys


def catalog() -> Dict[Key, Message]:
    """The C++ requests by (group, command, write)."""
    groups, described = _groups(), described_types()
    messages: Dict[Key, Message] = {}
    for header in sorted(HEADERS.glob("*.hpp")):
        text = _code(header)
        namespace = _NAMESPACE.search(text)
        assert namespace is not None, header
        scope = namespace[1]

        def qualify(name: str) -> str:
            return name if "::" in name else f"{scope}::{name}"

        for name, group, command, op, response in _REQUEST.findall(text):
            key = (groups[group], int(command), op == "write")
            assert key not in messages, f"{qualify(name)} and {messages[key].name} share {key}"
            request_keys = described[qualify(name)]
            assert request_keys is not None, f"{qualify(name)} has no field list"
            messages[key] = Message(qualify(name), request_keys, qualify(response),
                                    described[qualify(response)])
    return messages
