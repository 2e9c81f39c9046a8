#include "server/tls_context.hpp"

#include <boost/system/system_error.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <stdexcept>

namespace lockstep::server {

namespace ssl = boost::asio::ssl;

namespace {

std::string reason(const boost::system::system_error& error) {
  const std::string text = error.code().message();
  return text.empty() ? error.what() : text;
}

}  // namespace

std::unique_ptr<ssl::context> make_tls_context(const std::string& certificate_file,
                                               const std::string& private_key_file) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use);
  try {
    context->use_certificate_chain_file(certificate_file);
  } catch (const boost::system::system_error& error) {
    throw std::runtime_error("cannot load the TLS certificate " + certificate_file + ": " +
                             reason(error));
  }
  try {
    context->use_private_key_file(private_key_file, ssl::context::pem);
  } catch (const boost::system::system_error& error) {
    throw std::runtime_error("cannot load the TLS private key " + private_key_file + ": " +
                             reason(error));
  }
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    ERR_clear_error();
    throw std::runtime_error("the TLS private key " + private_key_file +
                             " does not match the certificate " + certificate_file);
  }
  return context;
}

}  // namespace lockstep::server
