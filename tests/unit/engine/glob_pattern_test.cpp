// Glob patterns of trigger filters and artifact paths: the dialect, errors, and linear matching.
#include <catch2/catch.hpp>

#include <string>

#include "engine/glob_pattern.hpp"

namespace lockstep::engine {
namespace {

struct GlobCase {
  const char* pattern;
  const char* subject;
  bool matches;
};

TEST_CASE("glob patterns match whole names and paths in the trigger filter dialect") {
  const GlobCase c = GENERATE(values<GlobCase>({
      // literal text matches only itself, case sensitively, and the whole subject
      {"main", "main", true},
      {"main", "Main", false},
      {"main", "main2", false},
      {"main", "xmain", false},
      {"", "", true},
      // * stays inside one segment
      {"feature/*", "feature/a", true},
      {"feature/*", "feature/", true},
      {"feature/*", "feature/a/b", false},
      {"feature*", "feature-x", true},
      {"*", "a/b", false},
      {"main*", "main", true},
      // ** crosses segments
      {"feature/**", "feature/a", true},
      {"feature/**", "feature/a/b", true},
      {"feature/**", "feature", false},
      {"a**b", "a/x/y/b", true},
      {"src/**.js", "src/a/b.js", true},
      {"***", "a/b/c", true},
      // a whole-segment **/ also matches zero directories
      {"common/**/*.js", "common/app.js", true},
      {"common/**/*.js", "common/x/y/app.js", true},
      {"common/**/*.js", "commonx/app.js", false},
      {"common/**/*.js", "common/app.ts", false},
      {"**/*", "a", true},
      {"**/*", "a/b/c.txt", true},
      {"**/README.md", "README.md", true},
      {"**/README.md", "docs/README.md", true},
      {"**/README.md", "docs/xREADME.md", false},
      {"a/**/b/**/c", "a/b/c", true},
      {"x**/y", "x/y", true},
      {"x**/y", "xy", false},
      // ? is one character but never a separator
      {"v?", "v1", true},
      {"v?", "v12", false},
      {"a?c", "a/c", false},
      {"?", "\xc3\xa9", true},  // one code point, two bytes
      // sets
      {"v[0-9]", "v7", true},
      {"v[0-9]", "vx", false},
      {"v[!0-9]", "vx", true},
      {"v[!0-9]", "v7", false},
      {"a[!x]b", "a/b", false},
      {"[]]", "]", true},
      {"[!]]", "]", false},
      {"[-a]", "-", true},
      {"[a-]", "-", true},
      {"[*?\\]", "\\", true},
      {"[*?\\]", "*", true},
      {"[*?\\]", "x", false},
      {"caf[\xc3\xa9]", "caf\xc3\xa9", true},
      // alternatives
      {"{main,release/*}", "main", true},
      {"{main,release/*}", "release/1", true},
      {"{main,release/*}", "release/1/2", false},
      {"{main,release/*}", "dev", false},
      {"v{,1}.0", "v.0", true},
      {"v{,1}.0", "v1.0", true},
      {"src/{a,b}/**/*.{js,ts}", "src/b/x/y.ts", true},
      {"src/{a,b}/**/*.{js,ts}", "src/c/y.ts", false},
      {"a}b,c", "a}b,c", true},
      // escapes
      {"v\\*", "v*", true},
      {"v\\*", "v1", false},
      {"\\{a,b\\}", "{a,b}", true},
      // dots are ordinary characters
      {"*.md", ".md", true},
      {"**/*", ".github/workflows/ci.yml", true},
  }));
  INFO("pattern " << c.pattern << " subject " << c.subject);
  const GlobPattern pattern(c.pattern);
  REQUIRE(pattern.valid());
  CHECK(pattern.matches(c.subject) == c.matches);
}

TEST_CASE("an invalid glob pattern is reported with its position and matches nothing") {
  struct Invalid {
    const char* pattern;
    const char* error;
  };
  const Invalid c = GENERATE(values<Invalid>({
      {"v[0-9", "'[' at character 2 is not closed by ']'"},
      {"[]", "'[' at character 1 is not closed by ']'"},
      {"{a,b", "'{' at character 1 is not closed by '}'"},
      {"x{a,{b,c}}",
       "'{' at character 5 is inside the group opened at character 2; groups cannot "
       "be nested"},
      {"main\\", "'\\' at character 5 escapes nothing"},
      {"a[x/y]", "the set opened at character 2 contains '/', which a set never matches"},
      {"[z-a]", "the range z-a in the set opened at character 1 is reversed"},
  }));
  INFO("pattern " << c.pattern);
  const GlobPattern pattern(c.pattern);
  CHECK_FALSE(pattern.valid());
  CHECK(pattern.error() == c.error);
  CHECK(glob_pattern_error(c.pattern) == c.error);
  CHECK_FALSE(pattern.matches(c.pattern));
  CHECK_FALSE(glob_matches(c.pattern, ""));
}

TEST_CASE("a valid glob pattern has no error text") {
  CHECK(glob_pattern_error("release/**").empty());
  CHECK(GlobPattern("src/{a,b}/[!x]?.js").error().empty());
}

TEST_CASE("a glob pattern with many stars matches a long subject without backtracking") {
  // A backtracking matcher needs time exponential in the number of stars for these; the NFA
  // simulation is linear in the subject, so this finishes in milliseconds.
  const std::string as(20000, 'a');
  CHECK_FALSE(glob_matches("a*a*a*a*a*a*a*a*a*a*a*a*b", as));
  CHECK(glob_matches("a*a*a*a*a*a*a*a*a*a*a*a*b", as + "b"));
  CHECK_FALSE(glob_matches("**a**a**a**a**a**a**a**a**b", as + "/" + as));
  CHECK(glob_matches("**/**/**/**/**/*a", as + "/" + as));
  CHECK_FALSE(glob_matches("{a*,*a}{a*,*a}{a*,*a}{a*,*a}b", as));
}

TEST_CASE("glob subjects that are not valid UTF-8 match byte by byte") {
  CHECK(glob_matches("?", "\xff"));
  CHECK(glob_matches("a\xff", "a\xff"));
  CHECK_FALSE(glob_matches("a\xff", "a\xfe"));
  CHECK_FALSE(glob_matches("?",
                           "\xc3"
                           "a"));
}

}  // namespace
}  // namespace lockstep::engine
