#!/usr/bin/python3
"""An HTTP endpoint for tests that accepts JSON POSTs like a chat's incoming webhook.

Usage: /usr/bin/python3 webhook_sink.py STATUS
Answers every POST with STATUS and reports on stderr, one line each:
  listening on 127.0.0.1:PORT
  received <the body on one line>
"""
import http.server
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        kind = self.headers.get("Content-Type", "")
        print("received %s %s" % (kind, body.replace("\n", " ")), file=sys.stderr, flush=True)
        self.send_response(int(sys.argv[1]))
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print("listening on 127.0.0.1:%d" % server.server_address[1], file=sys.stderr, flush=True)
server.serve_forever()
