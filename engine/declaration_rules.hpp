// Shared vocabulary of the declaration rule checks: paths, names in messages, run ordering.
#pragma once

#include <cstddef>
#include <string>

#include "engine/pipeline_declaration.hpp"
#include "engine/problem.hpp"

namespace lockstep::engine::rules {

inline std::string stage_path(std::size_t stage) {
  return "pipeline.stages[" + std::to_string(stage) + "]";
}
inline std::string action_path(std::size_t stage, std::size_t action) {
  return stage_path(stage) + ".actions[" + std::to_string(action) + "]";
}
inline std::string quoted(const std::string& text) {
  return "\"" + text + "\"";
}

// `action "build" in stage "Build"`: how every message names an action.
inline std::string action_name(const PipelineDeclaration& d, std::size_t stage,
                               std::size_t action) {
  return "action " + quoted(d.stages[stage].actions[action].name) + " in stage " +
         quoted(d.stages[stage].name);
}

// "AWS/CodeBuild" for messages.
inline std::string type_name(const ActionTypeId& type) {
  return std::string(to_string(type.owner)) + "/" + type.provider;
}

// False when the reader could not read the action's type; rules about categories then stay
// silent rather than judge a defaulted category.
inline bool type_known(const ActionDeclaration& action) {
  return !action.actionTypeId.provider.empty();
}
inline bool is_source(const ActionDeclaration& action) {
  return type_known(action) && action.actionTypeId.category == ActionCategory::Source;
}

// Where an action sits in the run order: earlier stage first, then smaller runOrder.
struct Position {
  std::size_t stage = 0;
  int run_order = 1;
};
// True when an action at `producer` finishes before one at `consumer` starts (rules 7 and 9).
inline bool runs_before(const Position& producer, const Position& consumer) {
  return producer.stage < consumer.stage ||
         (producer.stage == consumer.stage && producer.run_order < consumer.run_order);
}

inline void add(Problems& out, std::string path, std::string message, const char* exception_name) {
  out.push_back(Problem{std::move(path), std::move(message), exception_name, 0});
}

// One function per group of rules, each in its own file.
void check_structure(const PipelineDeclaration& d, Problems& out);      // rules 1-3, 5, blockers
void check_pipeline_type(const PipelineDeclaration& d, Problems& out);  // rule 14
void check_action_types(const PipelineDeclaration& d, Problems& out);   // known types, rule 10
void check_artifacts(const PipelineDeclaration& d, Problems& out);      // rules 6-7
void check_variables(const PipelineDeclaration& d, Problems& out);      // rules 8-9, 16
void check_conditions(const PipelineDeclaration& d, Problems& out);     // rules 11-13
void check_triggers(const PipelineDeclaration& d, Problems& out);       // rule 15, §16.2

}  // namespace lockstep::engine::rules
