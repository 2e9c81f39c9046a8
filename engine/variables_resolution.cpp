// Run-time substitution of #{ns.key} references (SEMANTICS §13): codepipeline, pipeline-level
// variables and the output variables of action namespaces in this execution.
#include "engine/execution_flow.hpp"
#include "engine/variable_reference.hpp"

namespace lockstep::engine {
namespace {

const std::string* lookup(const PipelineExecution& e, const std::string& ns,
                          const std::string& key) {
  if (ns == "codepipeline") {
    if (key == "PipelineExecutionId") return &e.pipelineExecutionId;
    return nullptr;
  }
  if (ns == "variables") {
    for (const ResolvedPipelineVariable& v : e.variables) {
      if (v.name == key) return &v.resolvedValue;
    }
  }
  // Rollback executions carry the target's namespaces (§13.4), so one lookup serves both.
  auto space = e.namespaceVariables.find(ns);
  if (space == e.namespaceVariables.end()) return nullptr;
  auto value = space->second.find(key);
  return value == space->second.end() ? nullptr : &value->second;
}

}  // namespace

std::string resolve_variables(const PipelineExecution& e, const std::string& raw,
                              std::vector<std::string>& unresolved) {
  if (raw.find("#{") == std::string::npos) return raw;  // the common case: nothing to do
  std::string out;
  std::size_t copied = 0;
  for (const VariableReference& ref : find_variable_references(raw)) {
    out.append(raw, copied, ref.offset - copied);
    if (const std::string* value = lookup(e, ref.ns, ref.key)) {
      out += *value;
    } else {
      out.append(raw, ref.offset, ref.length);
      unresolved.push_back(raw.substr(ref.offset, ref.length));
    }
    copied = ref.offset + ref.length;
  }
  out.append(raw, copied, std::string::npos);
  return out;
}

}  // namespace lockstep::engine
