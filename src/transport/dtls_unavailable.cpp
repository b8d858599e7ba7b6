// SPDX-License-Identifier: Apache-2.0
// A build without DTLS (SMP_DTLS=OFF: no OpenSSL linked, e.g. Windows, macOS and the portable
// zig builds): dtls:// is refused with a message saying so.
#include <smp/protocol/error.hpp>
#include <smp/transport/dtls.hpp>

namespace smp {

bool dtls_available() noexcept {
    return false;
}

std::unique_ptr<Transport> make_dtls_transport(asio::any_io_executor, DtlsOptions options) {
    throw SystemError(Error{make_error_code(Errc::unsupported),
                            "cannot connect to dtls://" + options.host +
                                ": this build has no DTLS support (built without OpenSSL, "
                                "SMP_DTLS=OFF).\n  Use a Linux build with OpenSSL, or udp://"});
}

}  // namespace smp
