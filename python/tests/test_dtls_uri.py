# SPDX-License-Identifier: Apache-2.0
"""dtls:// URIs reach the same parser as smpctl's: its usage errors, and its help text."""

from __future__ import annotations

import pytest

import smpcore


def test_dtls_uri_needs_a_way_to_trust_the_device() -> None:
    with pytest.raises(smpcore.UriError, match="needs a way to trust the device"):
        smpcore.Client("dtls://127.0.0.1:1337")


def test_dtls_psk_of_the_wrong_length_is_a_uri_error() -> None:
    with pytest.raises(smpcore.UriError, match="psk is 33 bytes"):
        smpcore.Client("dtls://127.0.0.1?psk-identity=dev1&psk=" + "ab" * 33)
    with pytest.raises(smpcore.UriError, match="not an even number of hex digits"):
        smpcore.Client("dtls://127.0.0.1?psk-identity=dev1&psk=abc")


def test_dtls_unknown_option_and_help() -> None:
    with pytest.raises(smpcore.UriError, match='unknown option "cafile"'):
        smpcore.Client("dtls://127.0.0.1?cafile=ca.pem")
    assert "dtls://HOST[:PORT]?ca=FILE" in smpcore.connection_uri_help()
