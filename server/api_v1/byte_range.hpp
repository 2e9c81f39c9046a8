// A Range header's single byte range (RFC 9110 §14.1.2) resolved against a representation's size.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lockstep::server::api_v1 {

struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // inclusive
};

struct RangeRequest {
  enum class Kind {
    Whole,          // no Range, one the server ignores (other units, several ranges, bad syntax)
    Partial,        // 206 with `range`
    Unsatisfiable,  // 416
  };
  Kind kind = Kind::Whole;
  ByteRange range;
};

// "bytes=a-b", "bytes=a-" and "bytes=-n" against `size` bytes: b past the end is cut to the end,
// a suffix longer than the file is the whole file; a start at or past the end (or any range of an
// empty file, or "-0") cannot be satisfied.
RangeRequest resolve_range(std::optional<std::string_view> header, std::uint64_t size);

}  // namespace lockstep::server::api_v1
