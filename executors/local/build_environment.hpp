// The environment a local build starts with: buildspec env, project and action variables in
// CodeBuild's precedence (BUILDSPEC.md A.3), secrets resolved and remembered for masking, and the
// CODEBUILD_* variables of A.5.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/effects.hpp"
#include "executors/local/build_attempt.hpp"
#include "executors/local/buildspec.hpp"
#include "executors/local/process_runner.hpp"
#include "executors/local/secret_store.hpp"

namespace lockstep::executors::local {

struct BuildEnvironment {
  Environment values;
  std::vector<std::string> secrets;   // resolved secret values, masked in the log
  std::vector<std::string> problems;  // references that could not be resolved, as sentences

  // Later calls override earlier ones, so callers add from the lowest precedence up.
  void set(const std::string& name, const std::string& value) { values[name] = value; }
  // type: PLAINTEXT (or empty), PARAMETER_STORE or SECRETS_MANAGER.
  void set_typed(const std::string& name, const std::string& value, const std::string& type,
                 const SecretStore& store, const std::string& where);
  void add_buildspec_env(const Buildspec& buildspec, const SecretStore& store);
};

// The action's EnvironmentVariables configuration: a JSON list of {name, value, type}.
std::vector<engine::EnvironmentVariable> parse_environment_variables(
    const std::string& json, std::vector<std::string>& problems);

struct BuildIdentity {
  std::string project;
  std::string build_id;  // <project>:<attempt id>
  std::uint64_t build_number = 0;
  std::string region;
  std::string account_id;
  std::int64_t start_time_ms = 0;
};

// CODEBUILD_SRC_DIR, CODEBUILD_SRC_DIR_<name>, CODEBUILD_BUILD_ID, ..., AWS_REGION.
void add_codebuild_variables(const engine::StartAction& action, const SourceLayout& layout,
                             const BuildIdentity& identity, Environment& environment);

}  // namespace lockstep::executors::local
