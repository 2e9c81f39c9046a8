// The server-wide limit on local actions running at once: runs beyond it wait, and start in the
// order they asked as running ones finish.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <utility>

namespace lockstep::executors::local {

class ActionSlots {
 public:
  // One place to run; handing it back (destroying it) lets the next waiting request start.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    Slot& operator=(Slot&& other) noexcept;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { release(); }

    void release();
    explicit operator bool() const { return owner_ != nullptr; }

   private:
    friend class ActionSlots;
    explicit Slot(ActionSlots* owner) : owner_(owner) {}
    ActionSlots* owner_ = nullptr;
  };

  using Ticket = std::uint64_t;
  using Start = std::function<void(Slot)>;

  // `limit` 0 means the number of cores. Must outlive every Slot it hands out.
  explicit ActionSlots(std::size_t limit = 0);
  ActionSlots(const ActionSlots&) = delete;
  ActionSlots& operator=(const ActionSlots&) = delete;

  // Calls `start` with a slot: at once, on this thread, when one is free; otherwise later, on the
  // thread that frees one. Never with a lock held, so `start` may release or request slots.
  Ticket request(Start start);
  // Gives up a request that is still waiting: true when it was (its `start` will never run),
  // false when it has already been handed a slot.
  bool withdraw(Ticket ticket);

  std::size_t limit() const { return limit_; }
  std::size_t running() const;
  std::size_t waiting() const;

 private:
  struct Waiting {
    Ticket ticket;
    Start start;
  };
  void give_back();

  const std::size_t limit_;
  mutable std::mutex mutex_;
  std::size_t running_ = 0;
  Ticket next_ticket_ = 1;
  std::deque<Waiting> waiting_;
};

}  // namespace lockstep::executors::local
