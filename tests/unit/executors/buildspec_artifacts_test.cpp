// Artifact selection (BUILDSPEC.md A.6) on real directory trees: base-directory, discard-paths,
// exclude-paths and the pattern forms, checked on the files copied.
#include <catch2/catch.hpp>

#include "build_harness.hpp"
#include "executors/local/buildspec_artifacts.hpp"

using namespace lockstep::executors::local;
using namespace lockstep::executors::local::testing;

namespace {

ArtifactBlock block(std::vector<std::string> files, std::string base_directory = "",
                    bool discard_paths = false, std::vector<std::string> exclude_paths = {}) {
  ArtifactBlock result;
  result.files = std::move(files);
  result.base_directory = std::move(base_directory);
  result.discard_paths = discard_paths;
  result.exclude_paths = std::move(exclude_paths);
  return result;
}

struct Tree {
  lockstep::testing::TempDir dir{"lockstep-artifacts"};
  Tree() {
    for (const char* file : {"b1/f1.txt", "b2/f2.txt", "b2/sub/f3.txt", "top.txt", "b2/sub/f3.map",
                             "docs/a/guide.md"}) {
      dir.write(std::string("src/") + file, file);
    }
  }
  std::vector<std::string> collect(const ArtifactBlock& block) {
    const ArtifactCollection result = collect_artifact(block, dir / "src", dir / "out");
    INFO(result.error);
    REQUIRE(result.ok());
    CHECK(result.files == tree(dir / "out").size());
    return tree(dir / "out");
  }
};

}  // namespace

TEST_CASE("a base-directory contributes its contents and not itself") {
  Tree t;
  CHECK(t.collect(block({"*/f3.txt"}, "b2")) == std::vector<std::string>{"sub/f3.txt"});
}

TEST_CASE("a base-directory glob matching several directories with discard-paths flattens them") {
  Tree t;
  CHECK(t.collect(block({"**/*"}, "b*", true, {"**/*.map"})) ==
        std::vector<std::string>{"f1.txt", "f2.txt", "f3.txt"});
}

TEST_CASE("the pattern forms select single files directories and whole trees") {
  Tree t;
  CHECK(t.collect(block({"top.txt"})) == std::vector<std::string>{"top.txt"});
  CHECK(t.collect(block({"b2/sub/f3.txt"})) == std::vector<std::string>{"b2/sub/f3.txt"});
  CHECK(t.collect(block({"b2/*"})) == std::vector<std::string>{"b2/f2.txt"});
  CHECK(t.collect(block({"b2/**/*"})) ==
        std::vector<std::string>{"b2/f2.txt", "b2/sub/f3.map", "b2/sub/f3.txt"});
  CHECK(t.collect(block({"**/*"})).size() == 6);
}

TEST_CASE("exclude-paths leave out what they match with star inside one segment") {
  Tree t;
  CHECK(t.collect(block({"**/*"}, "", false, {"*.txt"})) ==
        std::vector<std::string>{"b1/f1.txt", "b2/f2.txt", "b2/sub/f3.map", "b2/sub/f3.txt",
                                 "docs/a/guide.md"});
  CHECK(t.collect(block({"**/*"}, "", false, {"**/*.txt", "docs/**/*"})) ==
        std::vector<std::string>{"b2/sub/f3.map"});
}

TEST_CASE("collecting again replaces what an earlier collection left") {
  Tree t;
  t.collect(block({"**/*"}));
  CHECK(t.collect(block({"top.txt"})) == std::vector<std::string>{"top.txt"});
}

TEST_CASE("a selection that matches no file is an error like CodeBuild's") {
  Tree t;
  const auto none = collect_artifact(block({"nothing/**/*"}), t.dir / "src", t.dir / "out");
  CHECK(none.error == "no matching artifact paths found");
  const auto no_base = collect_artifact(block({"**/*"}, "missing*"), t.dir / "src", t.dir / "out");
  CHECK(no_base.error.find("matches no directory") != std::string::npos);
}

TEST_CASE("symbolic links are copied as links and never followed out of the source") {
  Tree t;
  std::filesystem::create_directory_symlink("/etc", t.dir / "src/etc-link");
  CHECK(t.collect(block({"**/*"}, "", false, {"b*/**/*", "docs/**/*"})) ==
        std::vector<std::string>{"etc-link", "top.txt"});
  CHECK(std::filesystem::is_symlink(t.dir / "out/etc-link"));
}
