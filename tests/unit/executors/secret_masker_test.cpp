// SecretMasker on its own: pieces split anywhere, overlapping secrets, the end of the stream.
#include <catch2/catch.hpp>

#include <string>

#include "executors/local/secret_masker.hpp"

using lockstep::executors::local::SecretMasker;

namespace {

std::string mask_in_pieces(SecretMasker& masker, const std::string& text, std::size_t piece) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += piece) out += masker.mask(text.substr(i, piece));
  return out + masker.flush();
}

}  // namespace

TEST_CASE("a secret is masked wherever the output is split") {
  const std::string text = "token supersecret and again supersecret\nend";
  for (std::size_t split = 0; split <= text.size(); ++split) {
    SecretMasker masker({"supersecret"});
    std::string out = masker.mask(text.substr(0, split));
    out += masker.mask(text.substr(split));
    out += masker.flush();
    INFO("split at " << split);
    CHECK(out == "token *** and again ***\nend");
  }
  SecretMasker byte_by_byte({"supersecret"});
  CHECK(mask_in_pieces(byte_by_byte, text, 1) == "token *** and again ***\nend");
}

TEST_CASE("only a possible secret prefix is held back") {
  SecretMasker masker({"supersecret"});
  CHECK(masker.mask("plain text s") == "plain text ");
  CHECK(masker.pending() == 1);
  CHECK(masker.mask("up") == "");
  CHECK(masker.mask("ply\n") == "supply\n");
  CHECK(masker.pending() == 0);
}

TEST_CASE("a pending prefix is written as it is when the stream ends") {
  SecretMasker masker({"supersecret"});
  CHECK(masker.mask("done supe") == "done ");
  CHECK(masker.flush() == "supe");
}

TEST_CASE("the longest of overlapping secrets is masked") {
  SecretMasker masker({"abc", "abcdef", "cd"});
  CHECK(mask_in_pieces(masker, "xabcdefx abcx acdx", 1) == "x***x ***x a***x");
  SecretMasker whole({"abc", "abcdef"});
  CHECK(whole.mask("abc") == "");  // might still become abcdef
  CHECK(whole.mask("d") == "");
  CHECK(whole.mask("z") == "***dz");
}

TEST_CASE("empty secrets are ignored and no secrets pass output through") {
  SecretMasker none({});
  CHECK(none.mask("anything") == "anything");
  SecretMasker empty({"", ""});
  CHECK(empty.mask("anything") == "anything");
  CHECK(empty.flush().empty());
}

TEST_CASE("secrets with newlines and repeated characters are masked") {
  SecretMasker masker({"line1\nline2", "aab"});
  CHECK(mask_in_pieces(masker, "key=line1\nline2\naaab aaaa", 3) == "key=***\na*** aaaa");
}
