// A problem found in user input: where it is, what is wrong, and the API exception it maps to.
#pragma once

#include <string>
#include <vector>

namespace lockstep::engine {

// The CodePipeline exception names that declaration problems map to (SEMANTICS.md §2.1).
namespace exception {
inline constexpr const char* kValidation = "ValidationException";
inline constexpr const char* kInvalidStructure = "InvalidStructureException";
inline constexpr const char* kInvalidStage = "InvalidStageDeclarationException";
inline constexpr const char* kInvalidAction = "InvalidActionDeclarationException";
inline constexpr const char* kInvalidBlocker = "InvalidBlockerDeclarationException";
}  // namespace exception

struct Problem {
  std::string path;       // e.g. "pipeline.stages[1].actions[0].runOrder"
  std::string message;    // one sentence a user understands
  std::string exception;  // API exception name, see namespace exception
  int line = 0;           // 1-based line in the source document, 0 when unknown
};

using Problems = std::vector<Problem>;

}  // namespace lockstep::engine
