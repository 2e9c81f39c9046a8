// `lockstep serve`: settles the configuration (defaults < file < environment < flags), then
// runs the daemon with it.
#include <fmt/core.h>

#include "config/server_config.hpp"
#include "config/settings.hpp"
#include "server/commands.hpp"
#include "server/daemon.hpp"
#include "server/logging.hpp"
#include "server/problem_output.hpp"

namespace lockstep::server {

int run_serve(const ServeOptions& options) {
  config::LoadedConfig loaded =
      config::load_config(options.config_file, config::process_environment());
  for (const SettingFlag& flag : options.settings) {
    const config::Setting* setting = config::find_setting(flag.key);
    if (setting == nullptr) continue;  // the CLI's table and the settings table disagree
    if (const auto problem = setting->check(flag.value)) {
      loaded.problems.push_back({"", 0, flag.flag, *problem});
    } else {
      setting->field(loaded.config) = flag.value;
    }
  }
  if (!loaded.ok()) {
    for (const auto& problem : loaded.problems) {
      fmt::print(stderr, "{}\n", format_problem(problem));
    }
    return 2;
  }
  const auto format = parse_log_format(loaded.config.log.format);
  configure_logging(format.value_or(LogFormat::Text), loaded.config.log.level);
  return run_daemon(loaded.config);
}

}  // namespace lockstep::server
