# SPDX-License-Identifier: Apache-2.0
"""smpcore.messages against the C++ catalog (cpp_catalog.py reads it from the sources): the
same requests by group, command and direction, the same wire keys in each request and its
response, and the same keys in the entries the answers nest."""

from __future__ import annotations

from typing import Any, Dict, FrozenSet, Set, Type

import cpp_catalog

from smpcore import messages
from smpcore._wire import Empty, Request, specs

# Requests smpcore sends through a client method of its own, not client.request().
BY_CLIENT_METHOD = {
    "image::Upload": "Client.upload_image",
    "fs::FileUpload": "Client.upload_file",
    "fs::FileDownload": "Client.download_file",
}

# The entries answers nest (lists and maps of them), C++ name to Python name.
NESTED = {
    "os::TaskInfo": "TaskInfo",
    "os::MemoryPool": "MemoryPool",
    "image::ImageSlotState": "ImageSlot",
    "image::SlotInfoImage": "SlotInfoImage",
    "image::SlotInfoSlot": "SlotInfoSlot",
    "fs::HashType": "HashType",
    "enumeration::GroupDetails": "EnumGroupDetails",
}


def keys(cls: Type[Any]) -> FrozenSet[str]:
    return frozenset(key for _, key, _ in specs(cls)[0])


def python_requests() -> Dict[cpp_catalog.Key, Type[Request[Any]]]:
    found: Dict[cpp_catalog.Key, Type[Request[Any]]] = {}
    for name in dir(messages):
        cls = getattr(messages, name)
        if isinstance(cls, type) and issubclass(cls, Request) and cls is not Request:
            key = (cls.group, cls.command, cls.write)
            assert key not in found, f"{name} and {found[key].__name__} are both {key}"
            found[key] = cls
    return found


def test_the_parser_finds_the_whole_cpp_catalog() -> None:
    cpp = cpp_catalog.catalog()
    # Every request type of the headers (a parser that finds none would pass everything).
    assert len(cpp) == 35
    assert cpp[(1, 0, True)].name == "image::StateWrite"
    assert cpp[(1, 0, True)].request_keys == {"hash", "confirm"}


def test_python_has_every_cpp_request_and_no_other() -> None:
    cpp = cpp_catalog.catalog()
    python = python_requests()
    missing = {m.name for key, m in cpp.items()
               if key not in python and m.name not in BY_CLIENT_METHOD}
    extra = {cls.__name__ for key, cls in python.items() if key not in cpp}
    assert (missing, extra) == (set(), set())
    assert not {cpp[k].name for k in python if k in cpp} & set(BY_CLIENT_METHOD)


def test_requests_and_responses_have_the_cpp_keys() -> None:
    cpp = cpp_catalog.catalog()
    wrong: Set[str] = set()
    for key, cls in python_requests().items():
        message = cpp[key]
        if keys(cls) != message.request_keys:
            wrong.add(f"{cls.__name__}: {sorted(keys(cls))} != {sorted(message.request_keys)}")
        if message.response_keys is None:
            # An answer the C++ side decodes by hand (e.g. the pools of memory pool stats at
            # the top level): Python must decode it too, not hand back Empty.
            if cls.response is Empty or cls.parse is Request.parse:
                wrong.add(f"{cls.__name__}: {message.response} has a mapping of its own")
        elif keys(cls.response) != message.response_keys:
            wrong.add(f"{cls.response.__name__}: {sorted(keys(cls.response))} != "
                      f"{sorted(message.response_keys)}")
    assert wrong == set()


def test_nested_entries_have_the_cpp_keys() -> None:
    cpp = cpp_catalog.catalog()
    described = cpp_catalog.described_types()
    top = {m.name for m in cpp.values()} | {m.response for m in cpp.values()}
    assert {name for name in described if name not in top} == set(NESTED)
    for cpp_name, python_name in NESTED.items():
        assert keys(getattr(messages, python_name)) == described[cpp_name], python_name
