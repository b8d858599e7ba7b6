// SPDX-License-Identifier: Apache-2.0
#pragma once
// A throwaway certificate set for the DTLS tests, made with the openssl command-line tool in a
// temporary directory at test time (no key is committed): a test CA, a server certificate
// from it (RSA-2048 as in Zephyr's smp_svr sample, for localhost, 127.0.0.1 and ::1), a client
// certificate from it, an unrelated CA, and a file that is no key.
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "support/temp_dir.hpp"

namespace smp_test {

struct DtlsCredentials {
    std::filesystem::path dir;
    std::string ca, server_cert, server_key, client_cert, client_key, other_ca, not_a_key;
    /// An ECDSA P-256 server certificate, for Zephyr's other suite (ECDHE-ECDSA-AES-128-GCM).
    std::string server_ec_cert, server_ec_key;
    std::string server_fingerprint;  ///< SHA-256 of the server certificate, hex

    /// The set, made once per test program and removed at its exit.
    static const DtlsCredentials& get();

    /// Makes the set in `c.dir`; throws std::runtime_error when openssl fails.
    static void run(const std::string& command) {
        if (std::system((command + " 2>/dev/null").c_str()) != 0)
            throw std::runtime_error("test certificates: failed: " + command);
    }

    static std::string read(const std::filesystem::path& path) {
        std::ifstream in(path);
        return {std::istreambuf_iterator<char>(in), {}};
    }

  public:
    static void make(DtlsCredentials& c) {
        const auto at = [&c](const char* name) { return (c.dir / name).string(); };
        c.ca = at("ca.crt");
        c.server_cert = at("server.crt");
        c.server_key = at("server.key");
        c.client_cert = at("client.crt");
        c.client_key = at("client.key");
        c.other_ca = at("other-ca.crt");
        c.server_ec_cert = at("server-ec.crt");
        c.server_ec_key = at("server-ec.key");
        c.not_a_key = at("not-a-key.pem");
        const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
        run("openssl req -x509 " + ec + " -keyout " + at("ca.key") + " -out " + c.ca +
            " -days 2 -subj '/CN=smpclient test CA'");
        run("openssl req -x509 " + ec + " -keyout " + at("other-ca.key") + " -out " + c.other_ca +
            " -days 2 -subj '/CN=some other CA'");
        std::ofstream(at("server.ext")) << "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n";
        run("openssl req -newkey rsa:2048 -nodes -keyout " + c.server_key + " -out " +
            at("server.csr") + " -subj /CN=localhost");
        run("openssl x509 -req -in " + at("server.csr") + " -CA " + c.ca + " -CAkey " +
            at("ca.key") + " -CAcreateserial -days 2 -extfile " + at("server.ext") + " -out " +
            c.server_cert);
        run("openssl req " + ec + " -keyout " + c.server_ec_key + " -out " + at("server-ec.csr") +
            " -subj /CN=localhost");
        run("openssl x509 -req -in " + at("server-ec.csr") + " -CA " + c.ca + " -CAkey " +
            at("ca.key") + " -CAcreateserial -days 2 -extfile " + at("server.ext") + " -out " +
            c.server_ec_cert);
        run("openssl req " + ec + " -keyout " + c.client_key + " -out " + at("client.csr") +
            " -subj /CN=smpctl-test-client");
        run("openssl x509 -req -in " + at("client.csr") + " -CA " + c.ca + " -CAkey " +
            at("ca.key") + " -CAcreateserial -days 2 -out " + c.client_cert);
        std::ofstream(c.not_a_key) << "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n"
                                      "-----END PRIVATE KEY-----\n";
        run("openssl x509 -in " + c.server_cert + " -noout -fingerprint -sha256 > " +
            at("fingerprint.txt"));
        const auto text = read(at("fingerprint.txt"));  // "sha256 Fingerprint=AB:CD:..."
        for (auto i = text.find('=') + 1; i < text.size(); ++i)
            if (std::isxdigit(static_cast<unsigned char>(text[i])) != 0)
                c.server_fingerprint.push_back(static_cast<char>(std::tolower(text[i])));
    }
};

// Owns the set's directory for the test program's lifetime.
struct DtlsCredentialsOwner {
    DtlsCredentialsOwner() {
        credentials.dir = smp::test::make_temp_dir("smp-dtls-test-");
        DtlsCredentials::make(credentials);
    }
    ~DtlsCredentialsOwner() { smp::test::remove_temp_dir(credentials.dir); }
    DtlsCredentials credentials;
};

inline const DtlsCredentials& DtlsCredentials::get() {
    static const DtlsCredentialsOwner owner;
    return owner.credentials;
}

}  // namespace smp_test
