// SPDX-License-Identifier: Apache-2.0
#pragma once
// Settings (config) management, group 3 (Zephyr smp_group_3.rst, settings_mgmt.c;
// shared/protocol.md §4.3). Values are opaque bytes: the client must know their type.
#include <smp/protocol/message.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace smp::settings {

struct ReadResponse {
    Bytes val{};
    std::optional<std::uint64_t> max_size{};  ///< the device's limit, when the request asked more
    Extra extra{};
    friend bool operator==(const ReadResponse&, const ReadResponse&) = default;
};
/// Read a setting (0, read).
struct Read {
    static constexpr Group group = Group::settings;
    static constexpr std::uint8_t command = 0;
    static constexpr Op op = Op::read;
    using Response = ReadResponse;
    std::string name{};
    std::optional<std::uint64_t> max_size{};  ///< largest value the client accepts
    friend bool operator==(const Read&, const Read&) = default;
};

struct WriteResponse {
    Extra extra{};
    friend bool operator==(const WriteResponse&, const WriteResponse&) = default;
};
/// Write a setting (0, write); takes effect on Commit, persists on Save.
struct Write {
    static constexpr Group group = Group::settings;
    static constexpr std::uint8_t command = 0;
    static constexpr Op op = Op::write;
    using Response = WriteResponse;
    std::string name{};
    Bytes val{};
    friend bool operator==(const Write&, const Write&) = default;
};

struct DeleteResponse {
    Extra extra{};
    friend bool operator==(const DeleteResponse&, const DeleteResponse&) = default;
};
/// Delete a setting (1, write).
struct Delete {
    static constexpr Group group = Group::settings;
    static constexpr std::uint8_t command = 1;
    static constexpr Op op = Op::write;
    using Response = DeleteResponse;
    std::string name{};
    friend bool operator==(const Delete&, const Delete&) = default;
};

struct CommitResponse {
    Extra extra{};
    friend bool operator==(const CommitResponse&, const CommitResponse&) = default;
};
/// Commit (2, write): apply the written settings.
struct Commit {
    static constexpr Group group = Group::settings;
    static constexpr std::uint8_t command = 2;
    static constexpr Op op = Op::write;
    using Response = CommitResponse;
    friend bool operator==(const Commit&, const Commit&) = default;
};

struct LoadResponse {
    Extra extra{};
    friend bool operator==(const LoadResponse&, const LoadResponse&) = default;
};
/// Load (3, read): reload the settings from persistent storage.
struct Load {
    static constexpr Group group = Group::settings;
    static constexpr std::uint8_t command = 3;
    static constexpr Op op = Op::read;
    using Response = LoadResponse;
    friend bool operator==(const Load&, const Load&) = default;
};

struct SaveResponse {
    Extra extra{};
    friend bool operator==(const SaveResponse&, const SaveResponse&) = default;
};
/// Save (3, write): persist all settings, or one subtree (newer Zephyr).
struct Save {
    static constexpr Group group = Group::settings;
    static constexpr std::uint8_t command = 3;
    static constexpr Op op = Op::write;
    using Response = SaveResponse;
    std::optional<std::string> name{};
    friend bool operator==(const Save&, const Save&) = default;
};

}  // namespace smp::settings
