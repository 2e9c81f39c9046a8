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

}  // namespace

std::string IdSource::next() {
  ++counter;
  std::uint64_t hi = splitmix64(seed ^ (counter * 2));
  std::uint64_t lo = splitmix64(seed ^ (counter * 2 + 1));
  // Version 4 / variant 1 bits, so the ids look like the UUIDs AWS hands out.
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(36, '-');
  std::size_t pos = 0;
  auto put = [&](std::uint64_t v, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
      out[pos++] = kHex[(v >> (i * 4)) & 0xf];
    }
  };
  put(hi, 16);
  put(lo, 16);
  return out;
}

}  // namespace lockstep::engine
