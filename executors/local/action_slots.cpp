// A counting semaphore with a FIFO queue of callbacks instead of blocked threads.
#include "executors/local/action_slots.hpp"

#include <algorithm>
#include <thread>
#include <utility>

namespace lockstep::executors::local {

ActionSlots::Slot& ActionSlots::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = std::exchange(other.owner_, nullptr);
  }
  return *this;
}

void ActionSlots::Slot::release() {
  if (ActionSlots* owner = std::exchange(owner_, nullptr)) owner->give_back();
}

ActionSlots::ActionSlots(std::size_t limit)
    : limit_(limit > 0 ? limit : std::max<std::size_t>(1, std::thread::hardware_concurrency())) {}

ActionSlots::Ticket ActionSlots::request(Start start) {
  Ticket ticket = 0;
  {
    std::lock_guard lock(mutex_);
    ticket = next_ticket_++;
    if (running_ >= limit_ || !waiting_.empty()) {
      waiting_.push_back({ticket, std::move(start)});
      return ticket;
    }
    ++running_;
  }
  start(Slot(this));
  return ticket;
}

bool ActionSlots::withdraw(Ticket ticket) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(waiting_.begin(), waiting_.end(),
                         [ticket](const Waiting& waiting) { return waiting.ticket == ticket; });
  if (it == waiting_.end()) return false;
  waiting_.erase(it);
  return true;
}

void ActionSlots::give_back() {
  Start next;
  {
    std::lock_guard lock(mutex_);
    if (waiting_.empty()) {
      --running_;
      return;
    }
    // The slot passes straight to the oldest request, so a newcomer cannot overtake it.
    next = std::move(waiting_.front().start);
    waiting_.pop_front();
  }
  next(Slot(this));
}

std::size_t ActionSlots::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

std::size_t ActionSlots::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

}  // namespace lockstep::executors::local
