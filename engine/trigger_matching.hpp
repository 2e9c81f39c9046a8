// Whether a Git event starts a pipeline, with which source revisions, and why (SEMANTICS §16).
#pragma once

#include <string>
#include <vector>

#include "engine/commands.hpp"
#include "engine/pipeline_declaration.hpp"
#include "engine/pipeline_execution.hpp"
#include "engine/trigger_event.hpp"

namespace lockstep::engine {

// How one Git source action of the event's repository judged the event.
struct SourceActionMatch {
  std::string actionName;
  bool matched = false;
  bool byTrigger = false;  // a trigger names the action; false = default change detection
  std::string reason;      // "source action \"src\": branch \"dev\" matches none of ..."

  bool operator==(const SourceActionMatch&) const = default;
};

struct TriggerMatch {
  bool start = false;
  ExecutionTrigger trigger;  // set when start
  // COMMIT_ID revisions of the matched source actions. The other source actions are not listed:
  // they fetch the head of their own branch when the execution starts (§16.4).
  std::vector<SourceRevision> sourceRevisions;
  // Every Git source action that uses the event's repository, in declaration order.
  std::vector<SourceActionMatch> actions;
  // One paragraph for the webhook response and the log: why it starts, or why not.
  std::string reason;

  bool operator==(const TriggerMatch&) const = default;
};

// The normative §16.3 algorithm for one pipeline. A source action named by a trigger starts the
// pipeline only through that trigger's filters (WebhookV2); a Git source action without one uses
// default change detection on its branch (Webhook, or PollForSourceChanges for a poll) unless
// DetectChanges / PollForSourceChanges is "false". One event starts at most one execution per
// pipeline; the execution pins the event's commit for every source action that matched.
TriggerMatch match_triggers(const PipelineDeclaration& declaration, const TriggerEvent& event);

// The StartExecution command for a match that starts (fromGitTrigger set, §5.5).
StartExecution start_execution_for(const PipelineDeclaration& declaration,
                                   const TriggerMatch& match);

// "push to branch \"main\" of acme/demo", "pull request 12 (OPEN) from \"feat\" into \"main\" of
// acme/demo": the event as reasons and logs name it.
std::string describe_trigger_event(const TriggerEvent& event);

}  // namespace lockstep::engine
