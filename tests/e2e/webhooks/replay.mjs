// Replays every push, pull_request and ping example of @octokit/webhooks-examples at a Lockstep
// server, signed with @octokit/webhooks-methods as GitHub signs deliveries, and prints one JSON
// array: for each delivery its example, the HTTP status and the server's answer.
//
// usage: node replay.mjs <port> <secret>
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import http from "node:http";
import { sign } from "@octokit/webhooks-methods";

const [port, secret] = process.argv.slice(2);
if (!port || !secret) {
  console.error("usage: node replay.mjs <port> <secret>");
  process.exit(2);
}

const require = createRequire(import.meta.url);
const examplesRoot = dirname(require.resolve("@octokit/webhooks-examples/package.json"));
const events = new Set(["push", "pull_request", "ping"]);

function post(headers, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port: Number(port), method: "POST", path: "/webhooks/github", headers },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode, body: text }));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

const results = [];
for (const host of readdirSync(examplesRoot, { withFileTypes: true })) {
  if (!host.isDirectory()) continue;
  const index = JSON.parse(readFileSync(join(examplesRoot, host.name, "index.json"), "utf8"));
  for (const entry of index) {
    if (!events.has(entry.name)) continue;
    for (const [i, payload] of entry.examples.entries()) {
      const body = JSON.stringify(payload);
      const delivery = `${host.name}-${entry.name}-${i}`;
      const response = await post(
        {
          "content-type": "application/json",
          "x-github-event": entry.name,
          "x-github-delivery": delivery,
          "x-hub-signature-256": await sign(secret, body),
        },
        body,
      );
      let answer = null;
      try {
        answer = JSON.parse(response.body);
      } catch {
        answer = { unparsable: response.body };
      }
      results.push({ example: delivery, event: entry.name, payload, status: response.status, answer });
    }
  }
}
process.stdout.write(JSON.stringify(results));
