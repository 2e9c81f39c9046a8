// Glob patterns: parse into atoms, emit an NFA, and match by simulating every state at once.
#include "engine/glob_pattern.hpp"

#include <utility>

namespace lockstep::engine {
namespace {

// One code point from UTF-8 text, advancing `i`. A byte that does not start a valid sequence
// becomes U+DC80..U+DCFF (no valid sequence decodes to a surrogate), so it still counts as one
// character that only the same byte matches.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t smallest = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, smallest = 0x10000;
  }
  bool ok = length != 0 && i + length <= s.size();
  for (std::size_t k = 1; ok && k < length; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    ok = (c & 0xC0) == 0x80;
    cp = (cp << 6) | (c & 0x3F);
  }
  if (!ok || cp < smallest || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xDC00 + lead;
  }
  i += length;
  return cp;
}

std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out.push_back(next_code_point(s, i));
  return out;
}

// For messages only: the code point back as UTF-8 (an undecodable byte as itself).
std::string encode(char32_t c) {
  std::string out;
  if (c >= 0xDC80 && c <= 0xDCFF) {
    out.push_back(static_cast<char>(c - 0xDC00));
  } else if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
  return out;
}

}  // namespace

bool GlobPattern::CharSet::contains(char32_t c) const {
  // Like Java's glob, a set is intersected with "not a separator": `[!a]` does not match `/`.
  if (c == U'/') return false;
  bool in = false;
  for (const auto& [lo, hi] : ranges) in = in || (lo <= c && c <= hi);
  return in != negated;
}

struct GlobPattern::Compiler {
  enum class Kind { Char, AnyButSlash, Star, DoubleStar, DirPrefix, Set, Group };
  struct Atom {
    Kind kind = Kind::Char;
    char32_t ch = 0;
    int index = -1;  // Set: into sets_; Group: into groups
  };
  using Sequence = std::vector<Atom>;

  GlobPattern& g;
  std::u32string p;
  std::size_t i = 0;
  std::vector<std::vector<Sequence>> groups;

  bool fail(const std::string& message) {
    if (g.error_.empty()) g.error_ = message;
    return false;
  }
  static std::string at(std::size_t index) { return "at character " + std::to_string(index + 1); }

  // Atoms up to the end of the pattern or, inside the group opened at `group_open`, up to the
  // next ',' or '}'. `segment_start`: the next atom begins a path segment (for `**/`).
  bool parse_sequence(Sequence& out, bool segment_start, std::size_t group_open) {
    const bool in_group = group_open != std::u32string::npos;
    while (i < p.size()) {
      const char32_t c = p[i];
      if (in_group && (c == U',' || c == U'}')) return true;
      if (c == U'\\') {
        if (i + 1 >= p.size()) return fail("'\\' " + at(i) + " escapes nothing");
        out.push_back({Kind::Char, p[i + 1]});
        segment_start = p[i + 1] == U'/';
        i += 2;
      } else if (c == U'?') {
        out.push_back({Kind::AnyButSlash});
        segment_start = false;
        ++i;
      } else if (c == U'*') {
        std::size_t run = 0;
        for (; i < p.size() && p[i] == U'*'; ++i) ++run;
        if (run == 1) {
          out.push_back({Kind::Star});
          segment_start = false;
        } else if (segment_start && i < p.size() && p[i] == U'/') {
          out.push_back({Kind::DirPrefix});  // the '/' is part of it; a new segment follows
          ++i;
        } else {
          out.push_back({Kind::DoubleStar});
          segment_start = false;
        }
      } else if (c == U'[') {
        if (!parse_set(out)) return false;
        segment_start = false;
      } else if (c == U'{') {
        if (in_group) {
          return fail("'{' " + at(i) + " is inside the group opened " + at(group_open) +
                      "; groups cannot be nested");
        }
        if (!parse_group(out, segment_start)) return false;
        segment_start = false;
      } else {
        out.push_back({Kind::Char, c});  // ',' and '}' outside a group are literal, as in Java
        segment_start = c == U'/';
        ++i;
      }
    }
    if (in_group) return fail("'{' " + at(group_open) + " is not closed by '}'");
    return true;
  }

  bool parse_set(Sequence& out) {
    const std::size_t open = i++;
    CharSet set;
    if (i < p.size() && p[i] == U'!') {
      set.negated = true;
      ++i;
    }
    for (bool first = true;; first = false) {
      if (i >= p.size()) return fail("'[' " + at(open) + " is not closed by ']'");
      const char32_t lo = p[i];
      if (lo == U']' && !first) {
        ++i;
        break;
      }
      if (lo == U'/') {
        return fail("the set opened " + at(open) + " contains '/', which a set never matches");
      }
      ++i;
      if (i + 1 < p.size() && p[i] == U'-' && p[i + 1] != U']') {
        const char32_t hi = p[i + 1];
        if (hi < lo) {
          return fail("the range " + encode(lo) + "-" + encode(hi) + " in the set opened " +
                      at(open) + " is reversed");
        }
        set.ranges.emplace_back(lo, hi);
        i += 2;
      } else {
        set.ranges.emplace_back(lo, lo);
      }
    }
    g.sets_.push_back(std::move(set));
    out.push_back({Kind::Set, 0, static_cast<int>(g.sets_.size() - 1)});
    return true;
  }

  bool parse_group(Sequence& out, bool segment_start) {
    const std::size_t open = i++;
    std::vector<Sequence> alternatives;
    for (;;) {
      Sequence alternative;
      if (!parse_sequence(alternative, segment_start, open)) return false;
      alternatives.push_back(std::move(alternative));
      if (p[i++] == U'}') break;  // else ',': another alternative follows
    }
    groups.push_back(std::move(alternatives));
    out.push_back({Kind::Group, 0, static_cast<int>(groups.size() - 1)});
    return true;
  }

  int add(State s) {
    g.states_.push_back(s);
    return static_cast<int>(g.states_.size() - 1);
  }

  // Emits back to front, so each state's successor already exists.
  int emit(const Sequence& sequence, int next) {
    for (auto it = sequence.rbegin(); it != sequence.rend(); ++it) next = emit_atom(*it, next);
    return next;
  }

  int emit_loop(Op consume, int next) {
    const int split = add({Op::Split, 0, -1, -1, next});
    g.states_[split].out = add({consume, 0, -1, split});
    return split;
  }

  int emit_atom(const Atom& atom, int next) {
    switch (atom.kind) {
      case Kind::Char:
        return add({Op::Char, atom.ch, -1, next});
      case Kind::AnyButSlash:
        return add({Op::AnyButSlash, 0, -1, next});
      case Kind::Set:
        return add({Op::Set, 0, atom.index, next});
      case Kind::Star:
        return emit_loop(Op::AnyButSlash, next);
      case Kind::DoubleStar:
        return emit_loop(Op::Any, next);
      case Kind::DirPrefix: {
        // Nothing, or anything that ends with '/': zero or more whole directories.
        const int through_slash = emit_loop(Op::Any, add({Op::Char, U'/', -1, next}));
        return add({Op::Split, 0, -1, next, through_slash});
      }
      case Kind::Group: {
        const auto& alternatives = groups[static_cast<std::size_t>(atom.index)];
        int entry = emit(alternatives.back(), next);
        for (auto it = alternatives.rbegin() + 1; it != alternatives.rend(); ++it) {
          entry = add({Op::Split, 0, -1, emit(*it, next), entry});
        }
        return entry;
      }
    }
    return next;
  }

  void compile() {
    Sequence top;
    if (!parse_sequence(top, true, std::u32string::npos)) return;
    g.start_ = emit(top, add({Op::Match}));
  }
};

GlobPattern::GlobPattern(std::string_view pattern) : text_(pattern) {
  Compiler compiler{*this, decode(pattern), 0, {}};
  compiler.compile();
  if (!error_.empty()) {
    states_.clear();
    sets_.clear();
    start_ = -1;
  }
}

bool GlobPattern::matches(std::string_view subject) const {
  if (start_ < 0) return false;
  // Thompson simulation: the set of states reachable after each character. A state joins a set
  // at most once per character (mark == generation), which bounds the work per character.
  std::vector<int> current;
  std::vector<int> next;
  std::vector<std::size_t> mark(states_.size(), 0);
  std::vector<int> pending;
  std::size_t generation = 1;
  auto add_closure = [&](std::vector<int>& list, int state) {
    pending.push_back(state);
    while (!pending.empty()) {
      const int s = pending.back();
      pending.pop_back();
      auto& seen = mark[static_cast<std::size_t>(s)];
      if (seen == generation) continue;
      seen = generation;
      const State& st = states_[static_cast<std::size_t>(s)];
      if (st.op == Op::Split) {
        pending.push_back(st.out2);
        pending.push_back(st.out);
      } else {
        list.push_back(s);
      }
    }
  };
  add_closure(current, start_);
  for (std::size_t i = 0; i < subject.size();) {
    if (current.empty()) return false;
    const char32_t c = next_code_point(subject, i);
    ++generation;
    next.clear();
    for (const int s : current) {
      const State& st = states_[static_cast<std::size_t>(s)];
      bool consumed = false;
      switch (st.op) {
        case Op::Char:
          consumed = st.ch == c;
          break;
        case Op::AnyButSlash:
          consumed = c != U'/';
          break;
        case Op::Any:
          consumed = true;
          break;
        case Op::Set:
          consumed = sets_[static_cast<std::size_t>(st.set)].contains(c);
          break;
        case Op::Split:
        case Op::Match:
          break;
      }
      if (consumed) add_closure(next, st.out);
    }
    current.swap(next);
  }
  for (const int s : current) {
    if (states_[static_cast<std::size_t>(s)].op == Op::Match) return true;
  }
  return false;
}

std::string glob_pattern_error(std::string_view pattern) {
  return GlobPattern(pattern).error();
}

bool glob_matches(std::string_view pattern, std::string_view subject) {
  return GlobPattern(pattern).matches(subject);
}

}  // namespace lockstep::engine
