#include "server/cli.hpp"

#include <fmt/core.h>

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "server/commands.hpp"

namespace lockstep::server {
namespace {

struct OptionSpec {
  std::string_view flag;        // "--listen"
  std::string_view value_name;  // "HOST:PORT"; every option takes a value
  std::string_view help;
  std::string_view setting;  // the configuration key it overrides; empty for --config
};

struct CommandSpec {
  std::string_view name;
  std::string_view operands;  // "FILE..." or empty
  std::string_view summary;
  std::span<const OptionSpec> options;
};

constexpr std::array<OptionSpec, 6> kServeOptions{{
    {"--config", "FILE", "server configuration (YAML), see config/examples/lockstep.yaml", ""},
    {"--listen", "HOST:PORT",
     "address to listen on; port 0 picks a free one (default 127.0.0.1:8080)", "server.listen"},
    {"--data-dir", "DIR", "where state is kept: DIR/lockstep.db (default .lockstep)", "data_dir"},
    {"--pipelines", "DIR", "create or update the pipelines declared in DIR/*.{json,yaml,yml}",
     "pipelines_dir"},
    {"--log-format", "FORMAT", "text or json (default text)", "log.format"},
    {"--log-level", "LEVEL", "trace, debug, info, warn or error (default info)", "log.level"},
}};

constexpr std::array<CommandSpec, 3> kCommands{{
    {"serve", "", "Run the server until SIGINT or SIGTERM.", kServeOptions},
    {"validate", "FILE...", "Check pipeline declarations (JSON or YAML); print every problem.", {}},
    {"version", "", "Print the version.", {}},
}};

constexpr std::string_view kHelpOption = "  -h, --help              print this help\n";

std::string option_lines(std::span<const OptionSpec> options) {
  std::string text;
  for (const OptionSpec& option : options) {
    text += fmt::format("  {:<22}  {}\n", fmt::format("{} {}", option.flag, option.value_name),
                        option.help);
  }
  return text;
}

// "serve [options]", "validate FILE..."
std::string synopsis(const CommandSpec& command) {
  std::string text(command.name);
  if (!command.options.empty()) text += " [options]";
  if (!command.operands.empty()) text += fmt::format(" {}", command.operands);
  return text;
}

std::string command_usage(const CommandSpec& command) {
  return fmt::format("usage: lockstep {}\n\n{}\n\noptions:\n{}{}", synopsis(command),
                     command.summary, option_lines(command.options), kHelpOption);
}

std::string program_usage() {
  std::string text =
      "usage: lockstep <command> [options]\n\n"
      "Lockstep runs AWS CodePipeline pipelines on your own machine.\n\ncommands:\n";
  for (const CommandSpec& command : kCommands) {
    text += fmt::format("  {:<22}  {}\n", synopsis(command), command.summary);
  }
  text += "\noptions:\n";
  text += kHelpOption;
  text += "  --version               print the version\n";
  for (const CommandSpec& command : kCommands) {
    if (command.options.empty()) continue;
    text +=
        fmt::format("\noptions of lockstep {}:\n{}", command.name, option_lines(command.options));
  }
  text +=
      "\nSettings come from, lowest first: defaults, the --config file, LOCKSTEP_* environment\n"
      "variables, command-line options.\n"
      "Exit status: 0 success; 1 invalid declarations or the server could not run; 2 usage or\n"
      "configuration errors.\n";
  return text;
}

int usage_error(std::string_view message, std::string_view help_hint) {
  fmt::print(stderr, "lockstep: {}\nRun '{} --help' for usage.\n", message, help_hint);
  return 2;
}

struct ParsedCommand {
  bool help = false;
  std::vector<std::pair<const OptionSpec*, std::string>> options;
  std::vector<std::string> operands;
};

// Options come as "--name VALUE" or "--name=VALUE"; "--" ends them. Returns the error text.
std::optional<std::string> parse_command(const CommandSpec& command,
                                         std::span<const std::string> args, ParsedCommand& out) {
  bool options_ended = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_ended || !arg.starts_with('-') || arg == "-") {
      out.operands.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      out.help = true;
      continue;
    }
    const auto equals = arg.find('=');
    const std::string_view name = std::string_view(arg).substr(0, equals);
    const OptionSpec* spec = nullptr;
    for (const OptionSpec& option : command.options) {
      if (option.flag == name) spec = &option;
    }
    if (spec == nullptr) return fmt::format("unknown option '{}' for {}", name, command.name);
    if (equals != std::string::npos) {
      out.options.emplace_back(spec, arg.substr(equals + 1));
    } else if (i + 1 < args.size()) {
      out.options.emplace_back(spec, args[++i]);
    } else {
      return fmt::format("option {} needs a value ({})", name, spec->value_name);
    }
  }
  return std::nullopt;
}

int dispatch(const CommandSpec& command, const ParsedCommand& parsed) {
  const std::string hint = fmt::format("lockstep {}", command.name);
  if (command.name == "serve") {
    if (!parsed.operands.empty()) {
      return usage_error(fmt::format("serve takes no arguments, got '{}'", parsed.operands[0]),
                         hint);
    }
    ServeOptions options;
    for (const auto& [spec, value] : parsed.options) {
      if (spec->setting.empty()) {
        options.config_file = value;
      } else {
        options.settings.push_back({std::string(spec->flag), std::string(spec->setting), value});
      }
    }
    return run_serve(options);
  }
  if (command.name == "validate") {
    if (parsed.operands.empty()) return usage_error("validate needs at least one FILE", hint);
    return run_validate(parsed.operands);
  }
  if (!parsed.operands.empty()) {
    return usage_error(
        fmt::format("{} takes no arguments, got '{}'", command.name, parsed.operands[0]), hint);
  }
  return run_version();
}

}  // namespace

int run_cli(int argc, const char* const* argv) {
  const std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  if (args.empty()) return usage_error("no command given", "lockstep");
  const std::string& first = args[0];
  if (first == "-h" || first == "--help") {
    fmt::print("{}", program_usage());
    return 0;
  }
  if (first == "--version") return run_version();
  if (first.starts_with('-')) {
    return usage_error(fmt::format("unknown option '{}'", first), "lockstep");
  }
  for (const CommandSpec& command : kCommands) {
    if (command.name != first) continue;
    ParsedCommand parsed;
    if (const auto error = parse_command(command, std::span(args).subspan(1), parsed)) {
      return usage_error(*error, fmt::format("lockstep {}", command.name));
    }
    if (parsed.help) {
      fmt::print("{}", command_usage(command));
      return 0;
    }
    return dispatch(command, parsed);
  }
  return usage_error(fmt::format("unknown command '{}'", first), "lockstep");
}

}  // namespace lockstep::server
