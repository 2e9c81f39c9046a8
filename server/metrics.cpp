#include "server/metrics.hpp"

#include <fmt/format.h>

namespace lockstep::server {

std::string prometheus_label(std::string_view value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped.push_back(c);
    }
  }
  return escaped;
}

std::string prometheus_family(std::string_view name, std::string_view type, std::string_view help) {
  return fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void Metrics::count_request(std::string_view route, unsigned status) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), std::to_string(status)}];
}

void Metrics::count_webhook(std::string_view provider, std::string_view result) {
  std::lock_guard lock(mutex_);
  ++webhooks_[{std::string(provider), std::string(result)}];
}

void Metrics::observe_action(std::string_view pipeline, std::string_view action,
                             std::string_view status, double seconds) {
  std::lock_guard lock(mutex_);
  Histogram& histogram =
      actions_[{std::string(pipeline), std::string(action), std::string(status)}];
  for (std::size_t i = 0; i < kActionBuckets.size(); ++i) {
    if (seconds <= kActionBuckets[i]) {
      ++histogram.buckets[i];
      break;
    }
  }
  ++histogram.count;
  histogram.sum += seconds;
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string text;
  text += prometheus_family("lockstep_http_requests_total", "counter",
                            "HTTP requests answered, by route pattern and status code.");
  for (const auto& [labels, count] : requests_) {
    text += fmt::format("lockstep_http_requests_total{{route=\"{}\",code=\"{}\"}} {}\n",
                        prometheus_label(labels.first), labels.second, count);
  }
  text += prometheus_family("lockstep_webhook_deliveries_total", "counter",
                            "Webhook deliveries received, by provider and result.");
  for (const auto& [labels, count] : webhooks_) {
    text += fmt::format("lockstep_webhook_deliveries_total{{provider=\"{}\",result=\"{}\"}} {}\n",
                        prometheus_label(labels.first), prometheus_label(labels.second), count);
  }
  text +=
      prometheus_family("lockstep_action_duration_seconds", "histogram",
                        "Duration of finished action executions, by pipeline, action and status.");
  for (const auto& [labels, histogram] : actions_) {
    const std::string common = fmt::format(
        "pipeline=\"{}\",action=\"{}\",status=\"{}\"", prometheus_label(std::get<0>(labels)),
        prometheus_label(std::get<1>(labels)), prometheus_label(std::get<2>(labels)));
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kActionBuckets.size(); ++i) {
      cumulative += histogram.buckets[i];
      text += fmt::format("lockstep_action_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", common,
                          kActionBuckets[i], cumulative);
    }
    text += fmt::format("lockstep_action_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", common,
                        histogram.count);
    text += fmt::format("lockstep_action_duration_seconds_sum{{{}}} {}\n", common, histogram.sum);
    text +=
        fmt::format("lockstep_action_duration_seconds_count{{{}}} {}\n", common, histogram.count);
  }
  return text;
}

}  // namespace lockstep::server
