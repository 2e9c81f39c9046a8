#include "storage/execution_counts.hpp"

namespace lockstep::storage {

void ExecutionCounts::reset(const std::vector<Count>& counts) {
  std::lock_guard lock(mutex_);
  counts_.clear();
  for (const Count& c : counts) counts_[{c.pipelineName, c.status}] += c.count;
}

void ExecutionCounts::apply(const std::vector<Change>& changes) {
  std::lock_guard lock(mutex_);
  for (const Change& change : changes) {
    if (change.before == change.after) continue;
    if (change.before) {
      const auto found = counts_.find({change.pipelineName, *change.before});
      if (found != counts_.end() && --found->second <= 0) counts_.erase(found);
    }
    ++counts_[{change.pipelineName, change.after}];
  }
}

void ExecutionCounts::forget_pipeline(const std::string& name) {
  std::lock_guard lock(mutex_);
  std::erase_if(counts_, [&](const auto& entry) { return entry.first.first == name; });
}

std::vector<ExecutionCounts::Count> ExecutionCounts::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<Count> counts;
  counts.reserve(counts_.size());
  for (const auto& [key, count] : counts_) counts.push_back({key.first, key.second, count});
  return counts;
}

}  // namespace lockstep::storage
