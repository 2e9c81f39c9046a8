// An action's log as Server-Sent Events. The file holds everything written before following
// began (LogSink::follow's offset), so: replay the file up to that offset at the client's pace,
// holding live chunks back meanwhile, then pass live chunks on as they come.
#include <boost/asio/post.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>

#include "server/json_response.hpp"
#include "server/sse_format.hpp"
#include "server/stream_routes.hpp"

namespace lockstep::server {

namespace {

namespace local = executors::local;

constexpr std::size_t kReplayPiece = 64 * 1024;
// Live output held back while the file is replayed; a stream this far behind starts over.
constexpr std::size_t kBacklogLimit = 4 * 1024 * 1024;

struct ActionKey {
  std::string pipeline;
  std::string pipelineExecutionId;
  std::string actionExecutionId;
};

std::optional<engine::ActionExecution> find_action(const storage::ExecutionQueries& executions,
                                                   const ActionKey& key) {
  const auto execution = executions.find(key.pipeline, key.pipelineExecutionId);
  if (!execution) return std::nullopt;
  for (const engine::ActionExecution& action : execution->actionExecutions) {
    if (action.actionExecutionId == key.actionExecutionId) return action;
  }
  return std::nullopt;
}

std::string status_event(const engine::ActionExecution& action) {
  const nlohmann::json status{{"status", engine::to_string(action.status)},
                              {"summary", action.summary}};
  return sse_event("status", "end", status.dump());
}

class LogFollow : public std::enable_shared_from_this<LogFollow> {
 public:
  LogFollow(std::shared_ptr<const LogStreamDeps> deps, ActionKey key, std::filesystem::path file,
            std::uint64_t resume_at)
      : deps_(std::move(deps)),
        key_(std::move(key)),
        file_(std::move(file)),
        position_(resume_at),
        framer_(resume_at) {}

  // `running`: the action was InProgress when asked, so its log may not be open yet; the follow
  // then waits for it to open (or for the action to end without one).
  void begin(std::shared_ptr<EventStream> stream, bool running) {
    stream_ = std::move(stream);
    std::weak_ptr<LogFollow> weak = weak_from_this();
    // Before the status is read: the action's end cannot then pass unseen.
    hub_subscription_ =
        deps_->events.subscribe([weak, id = key_.actionExecutionId](const engine::Notify& event) {
          if (event.subject != engine::EventSubject::ActionExecution ||
              event.actionExecutionId != id || event.state == "STARTED") {
            return;
          }
          if (auto self = weak.lock()) self->post_status_check();
        });
    // The stream keeps the follow alive until it ends, then drops this callback.
    stream_->on_end([self = shared_from_this()] { self->stop(); });
    stream_->send(sse_comment("following the log of action execution " + key_.actionExecutionId));
    // A finished action's log is normally closed; if its sink is still open, follow it to the end.
    if (!running) return attach(deps_->live_logs.find(key_.actionExecutionId));
    const std::uint64_t waiter = deps_->live_logs.when_open(
        key_.actionExecutionId,
        [weak, executor = deps_->executor](std::shared_ptr<local::LogSink> sink) {
          boost::asio::post(executor, [weak, sink = std::move(sink)]() mutable {
            if (auto self = weak.lock()) self->attach(std::move(sink));
          });
        });
    bool stopped = false;
    {
      std::lock_guard lock(mutex_);
      waiter_ = waiter;
      stopped = stopped_;
    }
    if (stopped) forget_waiter();
  }

 private:
  // Follows `sink`, or with none reads only the file as it is; then replays the file. Once only:
  // both the opening log and the action's end may call it.
  void attach(std::shared_ptr<local::LogSink> sink) {
    {
      std::lock_guard lock(mutex_);
      if (attached_ || stopped_) return;
      attached_ = true;
    }
    std::weak_ptr<LogFollow> weak = weak_from_this();
    if (sink) {
      const auto subscription = sink->follow({[weak](std::string_view chunk) {
                                                if (auto self = weak.lock()) self->on_chunk(chunk);
                                              },
                                              [weak] {
                                                if (auto self = weak.lock()) self->on_log_end();
                                              }});
      bool stopped = false;
      {
        std::lock_guard lock(mutex_);
        end_ = subscription.offset;
        subscription_id_ = subscription.id;
        // on_log_end may have run already: an end seen either way counts.
        log_ended_ = log_ended_ || subscription.ended;
        stopped = stopped_;
        if (!stopped) sink_ = sink;
      }
      // Outside mutex_: the sink calls on_chunk with its own lock held, which then takes mutex_.
      if (stopped) return sink->unfollow(subscription.id);
    } else {
      std::error_code error;
      const auto size = std::filesystem::file_size(file_, error);
      std::lock_guard lock(mutex_);
      end_ = error ? 0 : size;
      log_ended_ = true;
    }
    {
      std::lock_guard lock(mutex_);
      if (position_ > end_) {
        // Past what the log holds (not an id we gave): start at its end rather than skip output.
        position_ = end_;
        framer_ = LogEventFramer(end_);
      }
    }
    replay();
  }

  // Sends the next piece of the file, then waits for the client to take it.
  void replay() {
    if (stopped()) return;
    std::string piece;
    if (position_ < end_) {
      std::ifstream in(file_, std::ios::binary);
      in.seekg(static_cast<std::streamoff>(position_));
      piece.resize(
          static_cast<std::size_t>(std::min<std::uint64_t>(kReplayPiece, end_ - position_)));
      in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
      piece.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    }
    std::lock_guard lock(mutex_);
    if (!piece.empty()) {
      position_ += piece.size();
      stream_->send(framer_.feed(piece));
      stream_->when_drained([weak = weak_from_this(), executor = deps_->executor] {
        boost::asio::post(executor, [weak] {
          if (auto self = weak.lock()) self->replay();
        });
      });
      return;
    }
    // The file is replayed (or is gone): what the sink wrote meanwhile follows it.
    replayed_ = true;
    stream_->send(framer_.feed(backlog_));
    backlog_.clear();
    if (log_ended_) finish_log();
  }

  void on_chunk(std::string_view chunk) {  // the sink's lock is held
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    if (!replayed_) {
      backlog_.append(chunk);
      // Closing lets the client reconnect with its Last-Event-ID and read the rest from the file.
      if (backlog_.size() > kBacklogLimit) stream_->close();
      return;
    }
    stream_->send(framer_.feed(chunk));
  }

  void on_log_end() {
    std::lock_guard lock(mutex_);
    log_ended_ = true;
    if (replayed_) finish_log();
  }

  void finish_log() {  // mutex_ held
    if (log_done_) return;
    log_done_ = true;
    stream_->send(framer_.flush());
    post_status_check();
  }

  void post_status_check() {
    boost::asio::post(deps_->executor, [weak = weak_from_this()] {
      if (auto self = weak.lock()) self->check_status();
    });
  }

  // Once the log is done and the action's end is committed: its status, then the stream ends.
  void check_status() {
    bool waiting = false;
    {
      std::lock_guard lock(mutex_);
      if (status_sent_ || stopped_) return;
      waiting = !attached_;
      if (!waiting && !log_done_) return;
    }
    const auto action = find_action(deps_->executions, key_);
    if (action && action->status == engine::ActionExecutionStatus::InProgress) return;
    if (waiting) {
      // The action ended without opening a log here (it failed first, or ran elsewhere): what
      // the file holds, if anything, then the status.
      forget_waiter();
      return attach(nullptr);
    }
    std::lock_guard lock(mutex_);
    if (status_sent_) return;
    status_sent_ = true;
    if (action) stream_->send(status_event(*action));
    stream_->close();
  }

  bool stopped() {
    std::lock_guard lock(mutex_);
    return stopped_;
  }

  // The stream ended (client gone, shutdown, done): let go of the sink and the events at once.
  void stop() {
    std::shared_ptr<local::LogSink> sink;
    std::uint64_t subscription = 0;
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
      sink.swap(sink_);
      subscription = subscription_id_;
    }
    if (sink) sink->unfollow(subscription);
    forget_waiter();
    deps_->events.unsubscribe(hub_subscription_);
  }

  void forget_waiter() {
    std::uint64_t waiter = 0;
    {
      std::lock_guard lock(mutex_);
      std::swap(waiter, waiter_);
    }
    deps_->live_logs.forget(waiter);
  }

  const std::shared_ptr<const LogStreamDeps> deps_;
  const ActionKey key_;
  const std::filesystem::path file_;
  std::shared_ptr<EventStream> stream_;
  std::uint64_t hub_subscription_ = 0;
  std::uint64_t end_ = 0;       // the file's bytes before following began
  std::uint64_t position_ = 0;  // the next byte of the file to replay
  std::mutex mutex_;
  LogEventFramer framer_;
  std::string backlog_;
  std::shared_ptr<local::LogSink> sink_;
  std::uint64_t subscription_id_ = 0;
  std::uint64_t waiter_ = 0;  // LiveLogs::when_open, while the log is not open yet
  bool attached_ = false;     // following the sink, or reading the file alone
  bool replayed_ = false;
  bool log_ended_ = false;
  bool log_done_ = false;
  bool status_sent_ = false;
  bool stopped_ = false;
};

// Last-Event-ID: a byte offset we gave, "end" after the status, anything else is ignored.
std::optional<std::uint64_t> resume_offset(std::string_view id) {
  std::uint64_t offset = 0;
  const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), offset);
  if (error != std::errc() || end != id.data() + id.size() || id.empty()) return std::nullopt;
  return offset;
}

HttpResponse stream_head() {
  HttpResponse head{http::status::ok, 11};
  head.set(http::field::content_type, "text/event-stream; charset=utf-8");
  head.set(http::field::cache_control, "no-cache");
  // Tells nginx not to buffer the stream.
  head.set("X-Accel-Buffering", "no");
  return head;
}

}  // namespace

void add_log_stream_route(Router& router, LogStreamDeps deps) {
  auto shared = std::make_shared<const LogStreamDeps>(std::move(deps));
  router.add_stream(
      http::verb::get,
      "/api/v1/pipelines/{name}/executions/{id}/actions/{actionExecutionId}/log/stream",
      [shared](const RouteRequest& request, Respond respond, OpenStream open) {
        if (auto refusal = shared->authorize(request)) return respond(std::move(*refusal));
        ActionKey key{request.parameters.at("name"), request.parameters.at("id"),
                      request.parameters.at("actionExecutionId")};
        const auto action = find_action(shared->executions, key);
        if (!action) {
          return respond(error_response(http::status::not_found,
                                        "No action execution " + key.actionExecutionId +
                                            " in execution " + key.pipelineExecutionId +
                                            " of pipeline " + key.pipeline + "."));
        }
        const std::string_view last_id = request.http["Last-Event-ID"];
        if (last_id == "end" && action->status != engine::ActionExecutionStatus::InProgress) {
          return respond(HttpResponse{http::status::no_content, 11});
        }
        const std::uint64_t resume_at = resume_offset(last_id).value_or(0);
        auto file = shared->workspace.log_file(key.pipelineExecutionId, key.actionExecutionId);
        auto follow =
            std::make_shared<LogFollow>(shared, std::move(key), std::move(file), resume_at);
        auto stream = open(stream_head());
        if (stream) {
          follow->begin(std::move(stream),
                        action->status == engine::ActionExecutionStatus::InProgress);
        }
      });
}

}  // namespace lockstep::server
