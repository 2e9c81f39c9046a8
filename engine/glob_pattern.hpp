// Glob patterns of trigger filters (SEMANTICS §16.3) and buildspec artifact paths, matched by hand.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::engine {

// The dialect is Java's PathMatcher glob, which the §16.3 rules restate, with one change that
// scenario 77 needs (`common/**/*.js` matches `common/app.js`):
//
//   *       zero or more characters of one path segment (never `/`)
//   **      zero or more characters, `/` included; a run of three or more stars is `**` too
//   **/     when `**` is a whole segment (at the start or right after `/`): zero or more whole
//           directories, so `a/**/b` matches `a/b` and `a/x/y/b`, and `**/*` matches every path
//   ?       exactly one character other than `/`
//   [...]   one character of the set; `!` first negates; `a-z` ranges; `-` first or last and
//           `]` first are literal; `*`, `?`, `\` are literal inside; a set never matches `/`
//   {a,b}   one of the alternatives (which may hold any of the above, but no nested braces)
//   \c      the character c itself
//
// Every other character, `.` included (dot files are not special), matches itself, case
// sensitively. A pattern matches the whole subject. Subjects are paths with `/` separators and no
// leading `/` (branch and tag names without `refs/heads/`, `refs/tags/`; file paths relative to
// the repository root or the artifact base directory). Text is UTF-8: `?` and sets take one code
// point; bytes that are not valid UTF-8 count as one character each.
//
// Matching simulates a compiled NFA over the subject, O(pattern x subject) in time and O(pattern)
// in space, so no pattern backtracks exponentially (`a*a*a*a*b` against a long run of `a`).
class GlobPattern {
 public:
  explicit GlobPattern(std::string_view pattern);

  bool valid() const { return error_.empty(); }
  // Why the pattern is not valid ("'[' at character 3 is not closed by ']'"); empty when valid.
  const std::string& error() const { return error_; }
  const std::string& text() const { return text_; }

  // Whether the whole subject matches; an invalid pattern matches nothing.
  bool matches(std::string_view subject) const;

 private:
  enum class Op : std::uint8_t { Char, AnyButSlash, Any, Set, Split, Match };
  struct State {
    Op op = Op::Match;
    char32_t ch = 0;  // Op::Char
    int set = -1;     // Op::Set: index into sets_
    int out = -1;     // next state after consuming (or first branch of Split)
    int out2 = -1;    // Split: second branch
  };
  struct CharSet {
    bool negated = false;
    std::vector<std::pair<char32_t, char32_t>> ranges;
    bool contains(char32_t c) const;
  };
  struct Compiler;  // parses the text and emits states_ and sets_ (glob_pattern.cpp)

  std::string text_;
  std::string error_;
  std::vector<State> states_;
  std::vector<CharSet> sets_;
  int start_ = -1;
};

// For validators: empty when `pattern` is a valid glob, else why not (GlobPattern::error).
std::string glob_pattern_error(std::string_view pattern);

// Compiles and matches in one call; an invalid pattern matches nothing.
bool glob_matches(std::string_view pattern, std::string_view subject);

}  // namespace lockstep::engine
