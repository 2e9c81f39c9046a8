// The listener's TLS setup: a server context from server.tls's PEM certificate chain and key.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

namespace lockstep::server {

// TLS 1.2 and later only. Throws std::runtime_error with a sentence naming the file that could
// not be read or the key that does not match the certificate.
std::unique_ptr<boost::asio::ssl::context> make_tls_context(const std::string& certificate_file,
                                                            const std::string& private_key_file);

}  // namespace lockstep::server
