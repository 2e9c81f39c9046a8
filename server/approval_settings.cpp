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
  return notifications;
}

}  // namespace lockstep::server
