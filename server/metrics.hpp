// The daemon's counters and histograms, and their Prometheus text exposition for /metrics.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

namespace lockstep::server {

// Thread-safe. Families are created on first use; labels are escaped on output.
class Metrics {
 public:
  // lockstep_http_requests_total{route,code}: `route` is the route's pattern, not the raw path,
  // so that ids in paths cannot grow the label set without bound.
  void count_request(std::string_view route, unsigned status);
  // lockstep_webhook_deliveries_total{provider,result}
  void count_webhook(std::string_view provider, std::string_view result);
  // lockstep_action_duration_seconds{pipeline,action,status}, a histogram.
  void observe_action(std::string_view pipeline, std::string_view action, std::string_view status,
                      double seconds);

  // The families above in the text format (version 0.0.4).
  std::string render() const;

  static constexpr std::array<double, 11> kActionBuckets{0.1, 0.5, 1,   5,    10,  30,
                                                         60,  300, 900, 1800, 3600};

 private:
  struct Histogram {
    std::array<std::uint64_t, kActionBuckets.size()> buckets{};  // cumulative on output
    std::uint64_t count = 0;
    double sum = 0;
  };
  using Labels = std::pair<std::string, std::string>;

  mutable std::mutex mutex_;
  std::map<Labels, std::uint64_t> requests_;
  std::map<Labels, std::uint64_t> webhooks_;
  std::map<std::tuple<std::string, std::string, std::string>, Histogram> actions_;
};

// A label value escaped as the text format requires (backslash, double quote, newline).
std::string prometheus_label(std::string_view value);

// "# HELP" and "# TYPE" lines of one family.
std::string prometheus_family(std::string_view name, std::string_view type, std::string_view help);

}  // namespace lockstep::server
