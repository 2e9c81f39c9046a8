// Stored executions counted by pipeline and status, kept in memory: read from the table once at
// open, then moved by every commit that changes an execution's status, so that /metrics does not
// scan the executions table on each scrape.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lockstep::storage {

class ExecutionCounts {
 public:
  struct Change {
    std::string pipelineName;
    std::optional<std::string> before;  // empty: the execution is new
    std::string after;
  };
  struct Count {
    std::string pipelineName;
    std::string status;
    std::int64_t count = 0;
  };

  void reset(const std::vector<Count>& counts);
  // Called after the transaction that made the changes committed.
  void apply(const std::vector<Change>& changes);
  void forget_pipeline(const std::string& name);
  // By pipeline, then status; statuses with no execution left are not listed.
  std::vector<Count> snapshot() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::int64_t> counts_;
};

}  // namespace lockstep::storage
