"""A local SMTP server that accepts every mail and counts it, for benchmarks.

It speaks just enough SMTP for Django's backend (EHLO, MAIL, RCPT, DATA,
RSET, NOOP, QUIT) and keeps nothing but a count of messages and of distinct
Message-IDs, so its own CPU stays small beside the site it measures: an
aiosmtpd server parsing every message cost about as much CPU per mail as the
worker sending it (the reason this one exists; the tests use aiosmtpd).

    python bench/smtp_sink.py PORT STATS_FILE

writes "messages distinct_ids" to STATS_FILE once a second.
"""

import asyncio
import sys
import time


class Counter:
    def __init__(self):
        self.messages = 0
        self.ids = set()


class Session(asyncio.Protocol):
    def __init__(self, counter):
        self.counter = counter
        self.buffer = b""
        self.in_data = False
        self.message_id = None

    def connection_made(self, transport):
        self.transport = transport
        transport.write(b"220 sink ESMTP\r\n")

    def data_received(self, data):
        self.buffer += data
        replies = []
        while True:
            end = self.buffer.find(b"\r\n")
            if end < 0:
                break
            line, self.buffer = self.buffer[:end], self.buffer[end + 2 :]
            replies.append(self.line(line))
        answer = b"".join(r for r in replies if r)
        if answer:
            self.transport.write(answer)

    def line(self, line):
        if self.in_data:
            if line == b".":
                self.in_data = False
                self.counter.messages += 1
                if self.message_id:
                    self.counter.ids.add(self.message_id)
                return b"250 OK\r\n"
            if self.message_id is None and line[:11].lower() == b"message-id:":
                self.message_id = line[11:].strip()
            return None
        verb = line[:4].upper()
        if verb == b"EHLO":
            return b"250-sink\r\n250 PIPELINING\r\n"
        if verb == b"DATA":
            self.in_data, self.message_id = True, None
            return b"354 go on\r\n"
        if verb == b"QUIT":
            self.transport.write(b"221 bye\r\n")
            self.transport.close()
            return None
        return b"250 OK\r\n"  # HELO, MAIL, RCPT, RSET, NOOP


async def serve(port, stats_file):
    counter = Counter()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Session(counter), "127.0.0.1", port)
    async with server:
        while True:
            with open(stats_file, "w") as handle:
                handle.write(f"{counter.messages} {len(counter.ids)} {time.time():.3f}\n")
            await asyncio.sleep(1)


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1]), sys.argv[2]))
