// appspec.yml for EC2/On-Premises deployments (BUILDSPEC.md B.2): its parsed form, and a parser
// that reports every problem with the line it is on.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::executors::local {

// What happens to a file at the destination that the previous deployment did not install.
enum class FileExistsBehavior { Disallow, Overwrite, Retain };

struct AppSpecFile {
  std::string source;       // relative to the revision root, normalised; "" = the whole revision
  std::string destination;  // absolute on the instance, normalised; lands under the group's root
  int line = 0;
};

struct AppSpecScript {
  std::string location;  // relative to the revision root, normalised
  std::chrono::seconds timeout{3600};
  std::string runas;  // empty: the server's own user
  int line = 0;
};

// The scriptable EC2/On-Premises lifecycle events in the order an in-place deployment runs them.
// The traffic events are accepted but only run behind a load balancer, which a local deployment
// never has.
inline constexpr std::string_view kLifecycleEvents[] = {
    "BeforeBlockTraffic", "AfterBlockTraffic",  "ApplicationStop",
    "BeforeInstall",      "AfterInstall",       "ApplicationStart",
    "ValidateService",    "BeforeAllowTraffic", "AfterAllowTraffic"};

// One entry of `permissions` (B.2), applied after the Install event copied the files.
struct AppSpecPermission {
  std::string object;          // absolute on the instance, normalised; lands under the group's root
  std::string pattern = "**";  // names it applies to inside `object`; ** is every name
  std::vector<std::string> except;  // names left alone
  std::string owner;                // empty: unchanged
  std::string group;                // empty: unchanged
  std::optional<unsigned> mode;     // chmod's numeric form; empty: unchanged
  std::vector<std::string> acls;    // setfacl entries such as u:bob:rw
  bool has_context = false;         // an SELinux context was given
  bool files = true;                // type: file (files directly inside `object`)
  bool directories = true;          // type: directory (every folder below `object`)
  int line = 0;
};

struct AppSpec {
  std::string os = "linux";
  std::vector<AppSpecFile> files;
  FileExistsBehavior file_exists_behavior = FileExistsBehavior::Disallow;
  std::vector<AppSpecPermission> permissions;
  std::map<std::string, std::vector<AppSpecScript>, std::less<>> hooks;  // event -> scripts

  const std::vector<AppSpecScript>& scripts(std::string_view event) const;
};

struct AppSpecProblem {
  int line = 0;      // 1-based, 0 when unknown
  std::string path;  // e.g. "hooks.AfterInstall[0].timeout"
  std::string message;
};

struct AppSpecParse {
  AppSpec appspec;
  std::vector<AppSpecProblem> problems;
  bool ok() const { return problems.empty(); }
};

AppSpecParse parse_appspec(std::string_view text);

// "line 4: hooks.AfterInstall[0].timeout: must be ..." for each problem, one per line.
std::string describe_problems(const std::vector<AppSpecProblem>& problems);

}  // namespace lockstep::executors::local
