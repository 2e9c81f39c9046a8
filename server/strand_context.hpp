// The orchestrator's serial context in the daemon: an Asio strand on the server's io_context,
// with timers that wait on a steady clock for the time the engine's Clock names.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <memory>
#include <mutex>
#include <set>

#include "engine/clock.hpp"
#include "engine/serial_context.hpp"

namespace lockstep::server {

class StrandContext final : public engine::SerialContext {
 public:
  StrandContext(boost::asio::io_context& io, const engine::Clock& clock);

  void post(std::function<void()> task) override;
  void post_at(engine::Timestamp when, std::function<void()> task) override;

  // Cancels every pending timer so the io_context can run out of work; they are stored, and the
  // next start re-arms them. Later post_at calls are ignored.
  void shutdown();

 private:
  using Timer = boost::asio::steady_timer;

  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  const engine::Clock& clock_;
  std::mutex mutex_;
  std::set<std::shared_ptr<Timer>> timers_;
  bool stopped_ = false;
};

}  // namespace lockstep::server
