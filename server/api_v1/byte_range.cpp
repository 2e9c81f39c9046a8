#include "server/api_v1/byte_range.hpp"

#include <charconv>

namespace lockstep::server::api_v1 {
namespace {

std::optional<std::uint64_t> number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

RangeRequest resolve_range(std::optional<std::string_view> header, std::uint64_t size) {
  using Kind = RangeRequest::Kind;
  if (!header) return {};
  std::string_view spec = *header;
  constexpr std::string_view kUnit = "bytes=";
  if (!spec.starts_with(kUnit)) return {};
  spec.remove_prefix(kUnit.size());
  // Several ranges would need multipart/byteranges; serving the whole log is allowed instead.
  if (spec.find(',') != std::string_view::npos) return {};
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  const std::string_view first_text = spec.substr(0, dash);
  const std::string_view last_text = spec.substr(dash + 1);

  if (first_text.empty()) {  // suffix: the last n bytes
    const auto length = number(last_text);
    if (!length) return {};
    if (*length == 0 || size == 0) return {Kind::Unsatisfiable, {}};
    const std::uint64_t take = *length < size ? *length : size;
    return {Kind::Partial, {size - take, size - 1}};
  }
  const auto first = number(first_text);
  if (!first) return {};
  std::uint64_t last = size == 0 ? 0 : size - 1;
  if (!last_text.empty()) {
    const auto given = number(last_text);
    if (!given || *given < *first) return {};  // invalid: ignored
    if (*given < last) last = *given;
  }
  if (*first >= size) return {Kind::Unsatisfiable, {}};
  return {Kind::Partial, {*first, last}};
}

}  // namespace lockstep::server::api_v1
