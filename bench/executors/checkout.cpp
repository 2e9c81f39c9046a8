#include "bench/executors/checkout.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "executors/local/git.hpp"

namespace lockstep::bench {
namespace {

namespace fs = std::filesystem;
using executors::local::GitRepository;

constexpr int kFiles = 10000;
constexpr int kFolders = 100;
constexpr int kRounds = 3;
constexpr double kTargetRatio = 2.0;

// Runs git to completion with the benchmark's identity; false when it fails.
bool git(const fs::path& folder, std::vector<std::string> arguments) {
  std::vector<std::string> argv{"git", "-C", folder.string()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = 0;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  const int spawned = posix_spawnp(&pid, "git", &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return false;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// A repository with kFiles small files in kFolders folders, in one commit.
bool make_repository(const fs::path& path) {
  fs::create_directories(path);
  if (!git(path, {"init", "--quiet", "--initial-branch=main"})) return false;
  for (int i = 0; i < kFiles; ++i) {
    const fs::path folder = path / ("dir" + std::to_string(i % kFolders));
    fs::create_directories(folder);
    std::ofstream(folder / ("file" + std::to_string(i) + ".txt"))
        << "line one of file " << i << "\nline two\n";
  }
  return git(path, {"add", "--all"}) &&
         git(path, {"-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit",
                    "--quiet", "-m", "10000 files"});
}

double median_ms(const std::function<void(int round)>& body,
                 const std::function<void(int round)>& cleanup) {
  std::vector<double> samples;
  for (int round = 0; round < kRounds; ++round) {
    const auto start = std::chrono::steady_clock::now();
    body(round);
    const auto end = std::chrono::steady_clock::now();
    samples.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    cleanup(round);
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

}  // namespace

void run_checkout_benchmarks() {
  // GIT_CONFIG_GLOBAL keeps the developer's settings (hooks, fsmonitor) out of the timings.
  setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
  setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
  const fs::path root =
      fs::temp_directory_path() / ("lockstep-bench-checkout-" + std::to_string(getpid()));
  fs::remove_all(root);
  const fs::path upstream = root / "upstream";
  if (!make_repository(upstream)) {
    std::fprintf(stderr, "checkout bench: cannot create the repository with git\n");
    fs::remove_all(root);
    return;
  }

  try {
    const auto fetch_start = std::chrono::steady_clock::now();
    auto mirror = GitRepository::open_or_create_bare(root / "mirror.git");
    mirror.fetch_mirror(upstream.string(), {});
    const double fetch_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - fetch_start)
            .count();
    const std::string commit = *mirror.branch_head("main");
    const auto out = [&root](const char* kind, int round) {
      return root / (std::string(kind) + std::to_string(round));
    };
    const auto remove = [&](const char* kind) {
      return [&, kind](int round) { fs::remove_all(out(kind, round)); };
    };

    const double export_ms = median_ms(
        [&](int round) { mirror.export_tree(commit, out("export", round)); }, remove("export"));
    const double clone_ms =
        median_ms([&](int round) { mirror.clone_at(commit, out("clone", round), "main", "bench"); },
                  remove("clone"));
    bool worktree_ok = true;
    const double worktree_ms = median_ms(
        [&](int round) {
          worktree_ok = git(root / "mirror.git", {"worktree", "add", "--quiet", "--detach",
                                                  out("worktree", round).string(), commit}) &&
                        worktree_ok;
        },
        [&](int round) {
          fs::remove_all(out("worktree", round));
          git(root / "mirror.git", {"worktree", "prune"});
        });

    std::printf("executors: checkout of a %d-file commit from a bare mirror (median of %d)\n",
                kFiles, kRounds);
    std::printf("%-48s %10s %14s\n", "what", "ms", "vs worktree");
    std::printf("%-48s %10.1f %14s\n", "initial mirror fetch (libgit2, local path)", fetch_ms, "");
    std::printf("%-48s %10.1f %13.2fx\n", "export_tree: files only (CODE_ZIP)", export_ms,
                export_ms / worktree_ms);
    std::printf("%-48s %10.1f %13.2fx\n", "clone_at: clone with .git (CODEBUILD_CLONE_REF)",
                clone_ms, clone_ms / worktree_ms);
    std::printf("%-48s %10.1f %14s\n", "git worktree add --detach (git CLI)", worktree_ms,
                worktree_ok ? "1.00x" : "FAILED");
    std::printf("target: export_tree within %.0fx of git worktree add: %s\n", kTargetRatio,
                export_ms <= kTargetRatio * worktree_ms ? "ok" : "NO");
  } catch (const std::exception& error) {
    std::fprintf(stderr, "checkout bench: %s\n", error.what());
  }
  fs::remove_all(root);
}

}  // namespace lockstep::bench
