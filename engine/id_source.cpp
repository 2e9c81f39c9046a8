// UUID-shaped ids from a seed and counter (splitmix64), so decisions stay pure and replayable.
#include "engine/id_source.hpp"

namespace lockstep::engine {
namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string uuid_text(std::uint64_t hi, std::uint64_t lo) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(36, '-');
  std::size_t pos = 0;
  auto put = [&](std::uint64_t v) {
    for (int i = 15; i >= 0; --i) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
      out[pos++] = kHex[(v >> (i * 4)) & 0xf];
    }
  };
  put(hi);
  put(lo);
  return out;
}

constexpr std::uint64_t kVariant = 0x8000000000000000ULL;  // variant 1 (RFC 9562)

}  // namespace

std::string IdSource::next_ordered(Timestamp now) {
  ++counter;
  // unix_ts_ms (48 bits), version 7, then the counter's low 12 bits in rand_a: ids made in the
  // same millisecond still sort in the order they were made, and rand_b (62 mixed bits) keeps
  // them unique.
  const auto ms = static_cast<std::uint64_t>(now < 0 ? 0 : now) & 0xffffffffffffULL;
  const std::uint64_t hi = (ms << 16) | 0x7000ULL | (counter & 0xfffULL);
  const std::uint64_t lo = (splitmix64(seed ^ (counter * 2 + 1)) >> 2) | kVariant;
  return uuid_text(hi, lo);
}

std::string IdSource::next_random() {
  ++counter;
  std::uint64_t hi = splitmix64(seed ^ (counter * 2));
  std::uint64_t lo = splitmix64(seed ^ (counter * 2 + 1));
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  lo = (lo & 0x3fffffffffffffffULL) | kVariant;
  return uuid_text(hi, lo);
}

}  // namespace lockstep::engine
