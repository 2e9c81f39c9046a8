// One run is a small state machine on a strand: waiting for a slot, running (output pipe, exit
// watch and timers in flight), finished. Every handler runs on the strand, so the process group
// is only ever signalled while its leader is unreaped: a zombie leader keeps the group id from
// being reused, which makes kill(-pgid) safe.
#include "executors/local/process_runner.hpp"

#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <utility>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "executors/local/process_spawn.hpp"
#include "executors/local/secret_masker.hpp"

namespace lockstep::executors::local {

namespace asio = boost::asio;
using boost::system::error_code;

Environment inherited_environment(std::span<const std::string> names) {
  Environment environment;
  for (const std::string& name : names) {
    if (const char* value = std::getenv(name.c_str())) environment[name] = value;
  }
  return environment;
}

std::vector<std::string> shell_command(Shell shell, std::string script) {
  return {shell == Shell::Bash ? "/bin/bash" : "/bin/sh", "-c", std::move(script)};
}

class ProcessRun : public std::enable_shared_from_this<ProcessRun> {
 public:
  ProcessRun(asio::any_io_executor executor, ActionSlots* slots, ProcessRunner::Options options,
             ProcessSpec spec, ProcessCompletion done)
      : strand_(asio::make_strand(executor)),
        slots_(slots),
        options_(options),
        spec_(std::move(spec)),
        done_(std::move(done)),
        masker_(spec_.secrets),
        output_(strand_),
        exit_watch_(strand_),
        timeout_timer_(strand_),
        grace_timer_(strand_),
        drain_timer_(strand_) {}

  void enqueue() {
    asio::post(strand_, [self = shared_from_this()] {
      if (self->slots_ == nullptr) return self->begin(ActionSlots::Slot());
      self->ticket_ = self->slots_->request([self](ActionSlots::Slot slot) {
        asio::post(self->strand_,
                   [self, slot = std::move(slot)]() mutable { self->begin(std::move(slot)); });
      });
    });
  }

  void cancel() {
    asio::post(strand_, [self = shared_from_this()] { self->on_cancel(); });
  }

 private:
  enum class Phase { Waiting, Running, Finished };

  void begin(ActionSlots::Slot slot) {
    if (phase_ != Phase::Waiting) return;  // cancelled while the slot was on its way: hand it on
    slot_ = std::move(slot);
    phase_ = Phase::Running;
    started_at_ = std::chrono::steady_clock::now();
    auto spawned = spawn_child(spec_.argv, spec_.environment, spec_.working_directory);
    if (auto* error = std::get_if<std::string>(&spawned)) {
      result_.error = std::move(*error);
      return finish();
    }
    const SpawnedChild child = std::get<SpawnedChild>(spawned);
    pid_ = child.pid;
    result_.started = true;
    error_code assigned;
    output_.assign(child.output_fd, assigned);
    if (assigned) {  // the reactor refused the pipe: end the child rather than lose track of it
      ::close(child.output_fd);
      ::kill(-pid_, SIGKILL);
      while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
      }
      result_.started = false;
      result_.error =
          "cannot watch the output of " + spec_.argv.front() + ": " + assigned.message();
      return finish();
    }
    read_output();
    watch_exit();
    if (spec_.timeout.count() > 0) {
      timeout_timer_.expires_after(spec_.timeout);
      timeout_timer_.async_wait([self = shared_from_this()](error_code error) {
        if (error || self->exited_) return;
        self->result_.timed_out = true;
        self->terminate();
      });
    }
  }

  void read_output() {
    output_.async_read_some(asio::buffer(buffer_),
                            [self = shared_from_this()](error_code error, std::size_t size) {
                              self->on_output(error, size);
                            });
  }

  void on_output(error_code error, std::size_t size) {
    if (size > 0) write(masker_.mask(std::string_view(buffer_.data(), size)));
    if (!error) return read_output();
    // EOF: every process that held the pipe is gone. Anything else (closed after output_drain)
    // ends the output just the same.
    output_done_ = true;
    drain_timer_.cancel();
    maybe_finish();
  }

  void watch_exit() {
#ifdef SYS_pidfd_open
    if (options_.use_pidfd) {
      const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
      error_code assigned;
      if (pidfd >= 0) exit_watch_.assign(pidfd, assigned);
      if (pidfd >= 0 && assigned) ::close(pidfd);
      if (pidfd >= 0 && !assigned) {
        exit_watch_.async_wait(asio::posix::stream_descriptor::wait_read,
                               [self = shared_from_this()](error_code) { self->on_exit(); });
        return;
      }
    }
#endif
    // No pidfd: a thread blocks in waitid. WNOWAIT leaves the child a zombie, so the strand still
    // reaps it and the group id stays reserved until then; the work guard keeps the io_context's
    // run() from returning while only this thread waits.
    std::thread([self = shared_from_this(), pid = pid_,
                 work = asio::make_work_guard(strand_.get_inner_executor())]() mutable {
      siginfo_t info{};
      while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) != 0 &&
             errno == EINTR) {
      }
      // The handler takes this thread's reference, so the run never dies here, after the
      // io_context has perhaps gone.
      auto strand = self->strand_;
      asio::post(strand, [self = std::move(self)] { self->on_exit(); });
      work.reset();
    }).detach();
  }

  void on_exit() {
    if (exited_) return;
    // Background leftovers of the action die with it; this also ends their hold on the pipe.
    ::kill(-pid_, SIGKILL);
    int status = 0;
    pid_t reaped = -1;
    do {
      reaped = ::waitpid(pid_, &status, 0);
    } while (reaped < 0 && errno == EINTR);
    exited_ = true;
    result_.duration = std::chrono::steady_clock::now() - started_at_;
    if (reaped == pid_ && WIFEXITED(status)) {
      result_.exit_code = WEXITSTATUS(status);
    } else if (reaped == pid_ && WIFSIGNALED(status)) {
      result_.signal = WTERMSIG(status);
    } else {
      result_.error = "the exit status was lost (is SIGCHLD ignored in the server?)";
    }
    close_quietly(exit_watch_);
    timeout_timer_.cancel();
    grace_timer_.cancel();
    if (!output_done_) {
      drain_timer_.expires_after(spec_.output_drain);
      drain_timer_.async_wait([self = shared_from_this()](error_code error) {
        if (error || self->output_done_) return;
        self->result_.output_incomplete = true;
        close_quietly(self->output_);  // the pending read ends with operation_aborted
      });
    }
    maybe_finish();
  }

  void on_cancel() {
    if (phase_ == Phase::Finished) return;
    if (phase_ == Phase::Waiting) {
      result_.cancelled = true;
      // Not yet handed a slot: leave the queue now. Already handed one: begin() sees Finished.
      if (slots_ != nullptr && ticket_ != 0) slots_->withdraw(ticket_);
      return finish();
    }
    if (exited_) {
      if (!output_done_) close_quietly(output_);  // only an escaped process still holds the pipe
      return;
    }
    result_.cancelled = true;
    terminate();
  }

  // SIGTERM to the whole group, SIGKILL after the grace period unless the leader has exited by
  // then (on_exit kills what is left of the group anyway).
  void terminate() {
    if (terminating_ || exited_) return;
    terminating_ = true;
    if (spec_.kill_grace.count() <= 0) {
      ::kill(-pid_, SIGKILL);
      return;
    }
    ::kill(-pid_, SIGTERM);
    grace_timer_.expires_after(spec_.kill_grace);
    grace_timer_.async_wait([self = shared_from_this()](error_code error) {
      if (error || self->exited_) return;
      ::kill(-self->pid_, SIGKILL);
    });
  }

  static void close_quietly(asio::posix::stream_descriptor& descriptor) {
    error_code ignored;  // closing a pipe or pidfd cannot lose data; never throw from a handler
    descriptor.close(ignored);
  }

  void write(const std::string& text) {
    if (spec_.log && !text.empty()) spec_.log->write(text);
  }

  void maybe_finish() {
    if (exited_ && output_done_) finish();
  }

  void finish() {
    if (phase_ == Phase::Finished) return;
    phase_ = Phase::Finished;
    write(masker_.flush());
    close_quietly(output_);
    drain_timer_.cancel();
    slot_.release();  // the next waiting run may start while this one reports
    ProcessCompletion done = std::exchange(done_, nullptr);
    if (done) done(std::move(result_));
  }

  asio::strand<asio::any_io_executor> strand_;
  ActionSlots* slots_;
  ProcessRunner::Options options_;
  ProcessSpec spec_;
  ProcessCompletion done_;
  SecretMasker masker_;
  asio::posix::stream_descriptor output_;
  asio::posix::stream_descriptor exit_watch_;
  asio::steady_timer timeout_timer_;
  asio::steady_timer grace_timer_;
  asio::steady_timer drain_timer_;
  std::array<char, 64 * 1024> buffer_{};

  Phase phase_ = Phase::Waiting;
  ActionSlots::Ticket ticket_ = 0;
  ActionSlots::Slot slot_;
  pid_t pid_ = -1;
  bool exited_ = false;
  bool output_done_ = false;
  bool terminating_ = false;
  std::chrono::steady_clock::time_point started_at_;
  ProcessResult result_;
};

void ProcessHandle::cancel() const {
  if (run_) run_->cancel();
}

ProcessRunner::ProcessRunner(asio::any_io_executor executor, ActionSlots* slots)
    : ProcessRunner(std::move(executor), slots, Options()) {}

ProcessRunner::ProcessRunner(asio::any_io_executor executor, ActionSlots* slots, Options options)
    : executor_(std::move(executor)), slots_(slots), options_(options) {}

ProcessHandle ProcessRunner::run(ProcessSpec spec, ProcessCompletion done) {
  auto run =
      std::make_shared<ProcessRun>(executor_, slots_, options_, std::move(spec), std::move(done));
  run->enqueue();
  return ProcessHandle(run);
}

}  // namespace lockstep::executors::local
