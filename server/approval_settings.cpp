#include "server/approval_settings.hpp"

namespace lockstep::server {

executors::approval::ApprovalNotifications approval_notifications(
    const config::ServerConfig& config, const std::map<std::string, std::string>& environment) {
  executors::approval::ApprovalNotifications notifications;
  notifications.publicUrl = config.server.public_url.empty() ? "http://" + config.server.listen
                                                             : config.server.public_url;
  const std::string url = config::smtp_url(config);
  if (!url.empty()) {
    const auto& smtp = config.notifications.smtp;
    executors::approval::SmtpSettings settings;
    settings.url = url;
    settings.starttls = smtp.starttls == "true";
    settings.username = smtp.username;
    settings.password = config::smtp_password(config, environment);
    settings.from = smtp.from;
    notifications.smtp = std::move(settings);
  }
  notifications.pipelineRecipients = config.notifications.pipeline_emails;
  notifications.webhookUrl = config.notifications.webhook_url;

  // NotificationArn: the configured key pair, else the standard AWS variables of the server's
  // environment, as the AWS CLI would find them.
  executors::aws::AwsCredentials credentials{config.aws.access_key_id,
                                             config.aws.secret_access_key,
                                             config.aws.session_token};
  if (credentials.empty()) {
    const auto variable = [&environment](const char* name) {
      const auto found = environment.find(name);
      return found == environment.end() ? std::string() : found->second;
    };
    credentials = {variable("AWS_ACCESS_KEY_ID"), variable("AWS_SECRET_ACCESS_KEY"),
                   variable("AWS_SESSION_TOKEN")};
  }
  if (!credentials.empty()) {
    notifications.sns =
        executors::aws::SnsSettings{config.aws.endpoint_url, config.aws.region, credentials};
  }
  return notifications;
}

}  // namespace lockstep::server
