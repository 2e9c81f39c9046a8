// Runs AWS/S3 deploy actions locally: a bucket is a folder, and the input artifact is either
// extracted into it under ObjectKey or written to it as the zip file ObjectKey.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "engine/executor.hpp"
#include "executors/local/workspace.hpp"

namespace lockstep::executors::local {

struct S3DeployOptions {
  // deploy.buckets.<BucketName>.root; a bucket not listed is <data-dir>/s3/<BucketName>.
  std::map<std::string, std::filesystem::path> bucket_roots;
};

class S3DeployExecutor final : public engine::Executor {
 public:
  // Copies run on `executor`: give it one that may block (a thread pool). `workspace` must
  // outlive the executor.
  S3DeployExecutor(boost::asio::any_io_executor executor, const Workspace& workspace,
                   S3DeployOptions options);

  void start(const engine::StartAction& action, engine::CompletionHandler done) override;
  // A deploy is a short copy; it is not interrupted half-way.
  void cancel(const engine::CancelAction&) override {}
  bool resumes(const engine::StartAction&) const override { return false; }

  // Where BucketName lives on this server.
  std::filesystem::path bucket_root(const std::string& bucket) const;

 private:
  engine::ActionCompleted deploy(const engine::StartAction& action) const;

  boost::asio::any_io_executor executor_;
  const Workspace& workspace_;
  const S3DeployOptions options_;
};

// S3's naming rules: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending
// with a letter or digit. Keeps a bucket name from naming any other folder.
bool valid_bucket_name(const std::string& name);

}  // namespace lockstep::executors::local
