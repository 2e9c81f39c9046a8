// ActionSlots on its own: the limit, FIFO hand-over, withdrawing a waiting request.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "executors/local/action_slots.hpp"

using lockstep::executors::local::ActionSlots;

TEST_CASE("requests beyond the limit wait and start in the order they asked") {
  ActionSlots slots(2);
  std::vector<std::string> started;
  std::vector<ActionSlots::Slot> held(4);
  for (int i = 0; i < 4; ++i) {
    slots.request([&, i](ActionSlots::Slot slot) {
      started.push_back("run" + std::to_string(i));
      held[static_cast<std::size_t>(i)] = std::move(slot);
    });
  }
  CHECK(started == std::vector<std::string>{"run0", "run1"});
  CHECK(slots.running() == 2);
  CHECK(slots.waiting() == 2);

  held[1].release();
  CHECK(started == std::vector<std::string>{"run0", "run1", "run2"});
  held[0] = ActionSlots::Slot();  // moving over a slot releases it as well
  CHECK(started == std::vector<std::string>{"run0", "run1", "run2", "run3"});
  CHECK(slots.waiting() == 0);

  held[2].release();
  held[3].release();
  CHECK(slots.running() == 0);
}

TEST_CASE("a withdrawn request never starts and a newcomer cannot overtake the queue") {
  ActionSlots slots(1);
  std::vector<std::string> started;
  std::optional<ActionSlots::Slot> first;
  std::optional<ActionSlots::Slot> third;
  slots.request([&](ActionSlots::Slot slot) {
    started.push_back("first");
    first = std::move(slot);
  });
  const auto second = slots.request([&](ActionSlots::Slot) { started.push_back("second"); });
  slots.request([&](ActionSlots::Slot slot) {
    started.push_back("third");
    third = std::move(slot);
  });
  CHECK(slots.withdraw(second));
  CHECK_FALSE(slots.withdraw(second));

  first.reset();
  CHECK(started == std::vector<std::string>{"first", "third"});
  third.reset();
  CHECK(slots.running() == 0);
}

TEST_CASE("a slot released from inside its start hands over to the next request") {
  ActionSlots slots(1);
  int runs = 0;
  std::optional<ActionSlots::Slot> blocker;
  slots.request([&](ActionSlots::Slot slot) { blocker = std::move(slot); });
  for (int i = 0; i < 3; ++i) slots.request([&](ActionSlots::Slot) { ++runs; });
  blocker.reset();
  CHECK(runs == 3);
  CHECK(slots.running() == 0);
}

TEST_CASE("the default limit is the number of cores and at least one") {
  ActionSlots slots;
  CHECK(slots.limit() >= 1);
}
