#include "executors/local/s3_deploy_executor.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <cctype>
#include <memory>
#include <stdexcept>
#include <utility>

#include "executors/local/contained_path.hpp"
#include "executors/local/log_sink.hpp"
#include "executors/local/zip_archive.hpp"

namespace lockstep::executors::local {

namespace fs = std::filesystem;

namespace {

std::string value_of(const engine::StartAction& action, const std::string& key) {
  const auto it = action.resolvedConfiguration.find(key);
  return it == action.resolvedConfiguration.end() ? "" : it->second;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::size_t count_files(const fs::path& folder) {
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (!entry.is_directory()) ++files;
  }
  return files;
}

}  // namespace

bool valid_bucket_name(const std::string& name) {
  if (name.size() < 3 || name.size() > 63) return false;
  const auto edge = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!edge(name.front()) || !edge(name.back())) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return edge(c) || c == '.' || c == '-'; }) &&
         name.find("..") == std::string::npos;
}

S3DeployExecutor::S3DeployExecutor(boost::asio::any_io_executor executor,
                                   const Workspace& workspace, S3DeployOptions options)
    : executor_(std::move(executor)), workspace_(workspace), options_(std::move(options)) {}

fs::path S3DeployExecutor::bucket_root(const std::string& bucket) const {
  const auto it = options_.bucket_roots.find(bucket);
  if (it != options_.bucket_roots.end()) return fs::absolute(it->second);
  return workspace_.data_dir() / "s3" / bucket;
}

void S3DeployExecutor::start(const engine::StartAction& action, engine::CompletionHandler done) {
  boost::asio::post(executor_, [this, action, done = std::move(done)] {
    engine::ActionCompleted report = deploy(action);
    report.pipelineName = action.pipelineName;
    report.pipelineExecutionId = action.pipelineExecutionId;
    report.actionExecutionId = action.actionExecutionId;
    done(std::move(report));
  });
}

engine::ActionCompleted S3DeployExecutor::deploy(const engine::StartAction& action) const {
  engine::ActionCompleted report;
  std::shared_ptr<LogSink> log;
  const auto failed = [&](const std::string& message) {
    if (log) log->write("[S3] Failed: " + message + "\n");
    report.outcome = engine::ActionOutcome::Failed;
    report.summary = message;
    report.errorDetails = engine::ErrorDetails{"JobFailed", message};
    return report;
  };
  // The router keys on owner and provider, and AWS/S3 is a source provider too.
  if (action.action.actionTypeId.category != engine::ActionCategory::Deploy) {
    return failed("The local S3 executor runs AWS/S3 deploy actions only, not S3 source actions");
  }
  try {
    log = workspace_.open_log(action.pipelineExecutionId, action.actionExecutionId);

    const std::string bucket = value_of(action, "BucketName");
    const std::string extract = lower(value_of(action, "Extract"));
    const std::string raw_key = value_of(action, "ObjectKey");
    if (!valid_bucket_name(bucket)) {
      return failed("BucketName " + bucket +
                    " is not a valid bucket name (3 to 63 lower-case letters, digits, dots and "
                    "hyphens)");
    }
    if (extract != "true" && extract != "false") {
      return failed("Extract must be true or false, not " + value_of(action, "Extract"));
    }
    if (action.inputArtifacts.size() != 1) {
      return failed("An S3 deploy action takes exactly one input artifact");
    }
    const auto key = contained_path(raw_key);
    if (!key) return failed("ObjectKey " + raw_key + " climbs out of the bucket with ..");
    if (extract == "false" && key->empty()) {
      return failed("ObjectKey is required when Extract is false: it names the zip file");
    }
    const fs::path root = bucket_root(bucket);
    const fs::path target = key->empty() ? root : root / *key;
    const std::string where = "s3://" + bucket + "/" + *key;
    const engine::ArtifactInstance& artifact = action.inputArtifacts.front();

    if (extract == "true") {
      log->write("[S3] Extracting " + artifact.name + " to " + where + " (" + target.string() +
                 ")\n");
      copy_artifact(artifact, target);
      const std::size_t files = count_files(fs::path(artifact.location));
      report.summary =
          "Extracted " + std::to_string(files) + " files of " + artifact.name + " to " + where;
    } else {
      log->write("[S3] Uploading " + artifact.name + " as the zip " + where + " (" +
                 target.string() + ")\n");
      if (!fs::is_directory(artifact.location)) {
        return failed("The artifact " + artifact.name + " is no longer stored");
      }
      fs::create_directories(target.parent_path());
      // Written aside and renamed, so a reader never sees half a zip.
      const fs::path staged = target.string() + ".lockstep-partial";
      write_zip(artifact.location, staged);
      fs::rename(staged, target);
      report.summary = "Uploaded " + artifact.name + " as " + where;
    }
    log->write("[S3] " + report.summary + "\n");
    log->close();
    report.externalExecutionId = where;
    return report;
  } catch (const std::exception& error) {
    return failed(error.what());
  }
}

}  // namespace lockstep::executors::local
