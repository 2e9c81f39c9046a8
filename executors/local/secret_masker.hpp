// Replaces secret values with *** in a stream of output that arrives in arbitrary pieces.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::executors::local {

class SecretMasker {
 public:
  // Empty values are ignored (they would match everywhere); duplicates are harmless.
  explicit SecretMasker(std::vector<std::string> secrets);

  // Takes the next piece of output and returns the part that is certain: text that ends in the
  // middle of something that could still become a secret is held back until the next piece (or
  // flush) decides it, so a secret split across two writes of a child is masked too. Overlapping
  // secrets mask leftmost first, longest first.
  std::string mask(std::string_view piece);

  // The end of the stream: everything held back, masked as far as it goes.
  std::string flush();

  // Bytes currently held back (never more than the longest secret minus one).
  std::size_t pending() const { return pending_.size(); }

  static constexpr std::string_view replacement = "***";

 private:
  std::string scan(bool at_end);

  std::vector<std::string> secrets_;  // longest first
  std::array<bool, 256> starts_secret_{};
  std::string pending_;
};

}  // namespace lockstep::executors::local
