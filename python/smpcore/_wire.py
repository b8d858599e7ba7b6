# SPDX-License-Identifier: Apache-2.0
"""How smpcore.messages' dataclasses map to SMP's CBOR maps: a request's fields are its
map's keys (``wire()`` names a key that is no Python name, or parses a nested value); an
answer's known keys become a response's fields and the rest its ``extra`` dict."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Dict, Generic, List, Optional, Tuple, Type, TypeVar

R = TypeVar("R")
T = TypeVar("T")

#: The standard groups' numbers (Zephyr's mgmt_defines.h).
OS, IMAGE, STAT, SETTINGS, FS, SHELL, ENUM, ZEPHYR = 0, 1, 2, 3, 8, 9, 10, 63

Spec = Tuple[str, str, Optional[Callable[[Any], Any]]]

_SPECS: Dict[Any, Tuple[Tuple[Spec, ...], bool]] = {}


def _key(f: "dataclasses.Field[Any]") -> str:
    return str(f.metadata.get("key", f.name))


def specs(cls: Any) -> Tuple[Tuple[Spec, ...], bool]:
    """A dataclass's fields as (name, wire key, parse) but extra, and whether it has extra:
    looked up once per class (a request is encoded and decoded on every call)."""
    if cls not in _SPECS:
        fields = dataclasses.fields(cls)
        found = tuple((f.name, _key(f), f.metadata.get("parse")) for f in fields
                      if f.name != "extra")
        _SPECS[cls] = (found, any(f.name == "extra" for f in fields))
    return _SPECS[cls]


def build(cls: Type[T], answer: Dict[str, Any]) -> T:
    """A response dataclass from a decoded answer map: known keys to fields (converted by
    a field's ``parse`` metadata), the rest to ``extra``."""
    found, has_extra = specs(cls)
    values: Dict[str, Any] = {}
    rest = dict(answer)
    for name, key, parse in found:
        if key in rest:
            value = rest.pop(key)
            values[name] = parse(value) if parse is not None and value is not None else value
    if has_extra:
        values["extra"] = rest
    return cls(**values)


def list_of(cls: Type[T]) -> Callable[[Any], List[T]]:
    return lambda items: [build(cls, item) for item in items]


def map_of(cls: Type[T]) -> Callable[[Any], Dict[str, T]]:
    return lambda items: {name: build(cls, item) for name, item in items.items()}


def wire(key: str, default: Any = None, parse: Optional[Callable[[Any], Any]] = None) -> Any:
    """A field under wire key `key`, its value converted by `parse` when decoded."""
    meta: Dict[str, Any] = {"key": key}
    if parse is not None:
        meta["parse"] = parse
    return field(default=default, metadata=meta)


def extra_field() -> Any:
    """The ``extra`` field: an answer's keys the response type does not know."""
    return field(default_factory=dict)


class Request(Generic[R]):
    """A typed request: where it goes and what comes back. Subclasses are dataclasses."""

    group: ClassVar[int]
    command: ClassVar[int]
    write: ClassVar[bool]
    response: ClassVar[Type[Any]]

    def payload(self) -> Dict[str, Any]:
        """The request map: the dataclass fields under their wire keys, None left out."""
        found, _ = specs(type(self))
        return {key: getattr(self, name) for name, key, _ in found
                if getattr(self, name) is not None}

    def parse(self, answer: Dict[str, Any]) -> R:
        """The typed response for a decoded answer map."""
        result: R = build(self.response, answer)
        return result


@dataclass
class Empty:
    """An answer with nothing the request type knows of."""

    extra: Dict[str, Any] = extra_field()
