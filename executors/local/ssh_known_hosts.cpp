#include "executors/local/ssh_known_hosts.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

namespace lockstep::executors::local {

namespace {

// A known_hosts file is small; a larger one is not a known_hosts file.
constexpr std::size_t kMaxLineBytes = 64 * 1024;

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                     reinterpret_cast<const unsigned char*>(text.data()),
                                     static_cast<int>(text.size()));
  if (length < 0) return std::nullopt;
  std::size_t size = static_cast<std::size_t>(length);
  // EVP_DecodeBlock counts the padding as zero bytes.
  if (text.ends_with("==")) {
    size -= 2;
  } else if (text.ends_with('=')) {
    size -= 1;
  }
  out.resize(size);
  return out;
}

// |1|base64(salt)|base64(HMAC-SHA1(salt, name)), as ssh-keygen -H writes names.
bool hashed_name_matches(std::string_view entry, const std::string& name) {
  const std::size_t bar = entry.find('|', 3);
  if (bar == std::string_view::npos) return false;
  const auto salt = base64_decode(entry.substr(3, bar - 3));
  const auto hash = base64_decode(entry.substr(bar + 1));
  if (!salt || !hash) return false;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  if (HMAC(EVP_sha1(), salt->data(), static_cast<int>(salt->size()),
           reinterpret_cast<const unsigned char*>(name.data()), name.size(), digest,
           &digest_length) == nullptr) {
    return false;
  }
  return digest_length == hash->size() &&
         std::string_view(reinterpret_cast<const char*>(digest), digest_length) == *hash;
}

bool names_host(std::string_view patterns, const std::string& name) {
  std::size_t start = 0;
  while (start <= patterns.size()) {
    std::size_t end = patterns.find(',', start);
    if (end == std::string_view::npos) end = patterns.size();
    const std::string_view pattern = patterns.substr(start, end - start);
    if (pattern.starts_with("|1|") ? hashed_name_matches(pattern, name) : pattern == name) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

}  // namespace

HostKeyCheck check_known_host(const std::filesystem::path& known_hosts, const std::string& host,
                              int port, std::string_view key) {
  const std::string name =
      port == 22 || port <= 0 ? host : "[" + host + "]:" + std::to_string(port);
  std::ifstream in(known_hosts);
  bool listed = false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > kMaxLineBytes || line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string hosts, type, blob;
    if (!(fields >> hosts >> type >> blob)) continue;
    if (hosts.starts_with('@')) continue;  // @revoked / @cert-authority: never a plain match
    if (!names_host(hosts, name)) continue;
    listed = true;
    const auto decoded = base64_decode(blob);
    if (decoded && *decoded == key) return HostKeyCheck::Known;
  }
  return listed ? HostKeyCheck::Changed : HostKeyCheck::Unknown;
}

}  // namespace lockstep::executors::local
