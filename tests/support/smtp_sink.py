#!/ usr / bin / python3
"""A real SMTP server for tests (aiosmtpd) that keeps every message it accepts.

Usage: /usr/bin/python3 smtp_sink.py DIRECTORY (Debian's python3-aiosmtpd)
Listens on 127.0.0.1 on a port the system picks and reports on stderr, one line each:
  listening on 127.0.0.1:PORT
  received N FILE        (FILE is JSON: {"from", "to": [...], "data"})
Tests wait on these lines instead of polling the directory.
"""
import asyncio
import json
import os
import sys

from aiosmtpd.smtp import SMTP


class Keep:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.directory, "message-%d.json" % self.count)
        record = {
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "data": envelope.content.decode("utf-8", "replace"),
        }
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.rename(path + ".tmp", path)
        print("received %d %s" % (self.count, path), file=sys.stderr, flush=True)
        return "250 Message accepted for delivery"


async def main(directory):
    handler = Keep(directory)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print("listening on 127.0.0.1:%d" % port, file=sys.stderr, flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
