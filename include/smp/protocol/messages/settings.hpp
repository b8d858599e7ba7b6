// SPDX-License-Identifier: Apache-2.0
#pragma once
// Settings (config) management, group 3 (Zephyr smp_group_3.rst, settings_mgmt.c;
// shared/protocol.md §4.3). Values are opaque bytes: the client must know their type.
#include <smp/protocol/message.hpp>

#include <cstdint>
#include <optional>
#include <string>

/// Settings management, group 3: read, write, delete, commit, load and save settings.
namespace smp::settings {

/// Answer to Read: the stored value.
struct ReadResponse {
    Bytes val{};  ///< the value's raw bytes, exactly as the setting stores them
    std::optional<std::uint64_t> max_size{};  ///< the device's limit, when the request asked more
    Extra extra{};                            ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const ReadResponse&, const ReadResponse&) = default;
};
/// Read a setting (0, read).
struct Read {
    static constexpr Group group = Group::settings;  ///< header group id: settings (3)
    static constexpr std::uint8_t command = 0;       ///< header command id
    static constexpr Op op = Op::read;               ///< header op of the request (read)
    using Response = ReadResponse;                   ///< payload type of the device's answer
    std::string name{};  ///< full setting name, subtrees separated by '/', e.g. "bt/name"
    std::optional<std::uint64_t> max_size{};  ///< largest value the client accepts
    /// Field-by-field equality.
    friend bool operator==(const Read&, const Read&) = default;
};

/// Answer to Write: nothing beyond success.
struct WriteResponse {
    Extra extra{};  ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const WriteResponse&, const WriteResponse&) = default;
};
/// Write a setting (0, write); takes effect on Commit, persists on Save.
struct Write {
    static constexpr Group group = Group::settings;  ///< header group id: settings (3)
    static constexpr std::uint8_t command = 0;       ///< header command id
    static constexpr Op op = Op::write;              ///< header op of the request (write)
    using Response = WriteResponse;                  ///< payload type of the device's answer
    std::string name{};  ///< full setting name, subtrees separated by '/'
    Bytes val{};         ///< the value's raw bytes, in the setting's own encoding
    /// Field-by-field equality.
    friend bool operator==(const Write&, const Write&) = default;
};

/// Answer to Delete: nothing beyond success.
struct DeleteResponse {
    Extra extra{};  ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const DeleteResponse&, const DeleteResponse&) = default;
};
/// Delete a setting (1, write).
struct Delete {
    static constexpr Group group = Group::settings;  ///< header group id: settings (3)
    static constexpr std::uint8_t command = 1;       ///< header command id
    static constexpr Op op = Op::write;              ///< header op of the request (write)
    using Response = DeleteResponse;                 ///< payload type of the device's answer
    std::string name{};  ///< full setting name, subtrees separated by '/'
    /// Field-by-field equality.
    friend bool operator==(const Delete&, const Delete&) = default;
};

/// Answer to Commit: nothing beyond success.
struct CommitResponse {
    Extra extra{};  ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const CommitResponse&, const CommitResponse&) = default;
};
/// Commit (2, write): apply the written settings.
struct Commit {
    static constexpr Group group = Group::settings;  ///< header group id: settings (3)
    static constexpr std::uint8_t command = 2;       ///< header command id
    static constexpr Op op = Op::write;              ///< header op of the request (write)
    using Response = CommitResponse;                 ///< payload type of the device's answer
    /// Field-by-field equality.
    friend bool operator==(const Commit&, const Commit&) = default;
};

/// Answer to Load: nothing beyond success.
struct LoadResponse {
    Extra extra{};  ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const LoadResponse&, const LoadResponse&) = default;
};
/// Load (3, read): reload the settings from persistent storage.
struct Load {
    static constexpr Group group = Group::settings;  ///< header group id: settings (3)
    static constexpr std::uint8_t command = 3;       ///< header command id
    static constexpr Op op = Op::read;               ///< header op of the request (read)
    using Response = LoadResponse;                   ///< payload type of the device's answer
    /// Field-by-field equality.
    friend bool operator==(const Load&, const Load&) = default;
};

/// Answer to Save: nothing beyond success.
struct SaveResponse {
    Extra extra{};  ///< keys this type does not know, kept as CBOR
    /// Field-by-field equality.
    friend bool operator==(const SaveResponse&, const SaveResponse&) = default;
};
/// Save (3, write): persist all settings, or one subtree (newer Zephyr).
struct Save {
    static constexpr Group group = Group::settings;  ///< header group id: settings (3)
    static constexpr std::uint8_t command = 3;       ///< header command id
    static constexpr Op op = Op::write;              ///< header op of the request (write)
    using Response = SaveResponse;                   ///< payload type of the device's answer
    std::optional<std::string> name{};               ///< subtree to save; every setting when absent
    /// Field-by-field equality.
    friend bool operator==(const Save&, const Save&) = default;
};

}  // namespace smp::settings
