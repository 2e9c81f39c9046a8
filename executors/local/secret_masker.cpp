// Masking as a left-to-right scan that stops where a secret could still be completing.
#include "executors/local/secret_masker.hpp"

#include <algorithm>

namespace lockstep::executors::local {

SecretMasker::SecretMasker(std::vector<std::string> secrets) {
  std::erase_if(secrets, [](const std::string& secret) { return secret.empty(); });
  std::sort(secrets.begin(), secrets.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  secrets.erase(std::unique(secrets.begin(), secrets.end()), secrets.end());
  secrets_ = std::move(secrets);
  for (const std::string& secret : secrets_) {
    starts_secret_[static_cast<unsigned char>(secret.front())] = true;
  }
}

std::string SecretMasker::mask(std::string_view piece) {
  if (secrets_.empty()) return std::string(piece);
  pending_.append(piece);
  return scan(false);
}

std::string SecretMasker::flush() {
  return scan(true);
}

std::string SecretMasker::scan(bool at_end) {
  std::string out;
  out.reserve(pending_.size());
  const std::string_view text = pending_;
  std::size_t i = 0;
  while (i < text.size()) {
    // Runs of bytes that cannot start a secret are copied in one go.
    std::size_t j = i;
    while (j < text.size() && !starts_secret_[static_cast<unsigned char>(text[j])]) ++j;
    out.append(text.substr(i, j - i));
    i = j;
    if (i == text.size()) break;

    const std::string_view rest = text.substr(i);
    const std::string* match = nullptr;  // the longest secret that matches here in full
    bool could_grow = false;             // a longer secret might still match once more arrives
    for (const std::string& secret : secrets_) {
      if (secret.size() <= rest.size()) {
        if (match == nullptr && rest.starts_with(secret)) match = &secret;
      } else if (!at_end && std::string_view(secret).starts_with(rest)) {
        could_grow = true;
      }
    }
    if (could_grow) break;  // undecided: keep the rest for the next piece
    if (match != nullptr) {
      out.append(replacement);
      i += match->size();
    } else {
      out.push_back(text[i]);
      ++i;
    }
  }
  pending_.erase(0, i);
  return out;
}

}  // namespace lockstep::executors::local
