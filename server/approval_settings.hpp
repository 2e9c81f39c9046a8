// The approval executor's notification settings, taken from the server's configuration.
#pragma once

#include <map>
#include <string>

#include "config/server_config.hpp"
#include "executors/approval/approval_executor.hpp"

namespace lockstep::server {

// publicUrl is server.public_url, or http://<server.listen> when that is empty. The SMTP
// password comes from notifications.smtp.password or the variable password_env names. SNS
// (NotificationArn) is published with aws.access_key_id and aws.secret_access_key, else with
// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from `environment`; with neither, not at all.
executors::approval::ApprovalNotifications approval_notifications(
    const config::ServerConfig& config, const std::map<std::string, std::string>& environment);

}  // namespace lockstep::server
