#!/usr/bin/env python3
"""Paced Range load: CLIENTS keep-alive connections, each asking for a random 1 MiB range of a
SIZE-byte file RATE times a second on a fixed schedule (open loop: a slow answer does not slow the
schedule down, and its lateness counts), for SECONDS. Prints the time to first byte (from the
moment a request was due to the first byte of its answer) at p50, p99 and the worst, the answers
per second achieved, and how many requests were late to leave because their connection was still
busy with the previous answer.

wrk measures how much a server can push; this measures how quickly it answers when it is not
flooded: 64 pupils streaming lessons at a steady pace, which is what a school sees.

Usage: paced.py URL SIZE [CLIENTS=64] [RATE=1] [SECONDS=20]   (Python 3 standard library only)
"""
import asyncio
import random
import sys
import time
from urllib.parse import urlsplit

RANGE = 1024 * 1024


class Client(asyncio.Protocol):
    def __init__(self, loop):
        self.loop = loop
        self.transport = None
        self.buffer = b""
        self.remaining = None  # body bytes still to come; None while reading headers
        self.first_byte = None
        self.done = None

    def connection_made(self, transport):
        self.transport = transport

    def request(self, raw):
        self.buffer = b""
        self.remaining = None
        self.first_byte = None
        self.done = self.loop.create_future()
        self.transport.write(raw)
        return self.done

    def data_received(self, data):
        if self.first_byte is None:
            self.first_byte = time.perf_counter()
        if self.remaining is None:
            self.buffer += data
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].decode("latin-1").split("\r\n")
            status = int(head[0].split(" ")[1])
            length = 0
            for line in head[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            if status != 206:
                self.done.set_exception(RuntimeError("answer " + head[0]))
                return
            self.remaining = length - (len(self.buffer) - end - 4)
            self.buffer = b""
        else:
            self.remaining -= len(data)
        if self.remaining <= 0 and not self.done.done():
            self.done.set_result(self.first_byte)

    def connection_lost(self, exc):
        if self.done is not None and not self.done.done():
            self.done.set_exception(ConnectionError("connection closed"))


async def client(loop, url, size, rate, until, start, ttfbs, late, rnd):
    parts = urlsplit(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    _, proto = await loop.create_connection(lambda: Client(loop), parts.hostname, parts.port)
    interval = 1.0 / rate
    due = start + rnd.random() * interval  # spread the clients over the first interval
    while due < until:
        now = time.perf_counter()
        if now < due:
            await asyncio.sleep(due - now)
        elif now - due > 0.001:
            late[0] += 1
        off = rnd.randrange(0, size - RANGE)
        raw = (
            f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            f"Range: bytes={off}-{off + RANGE - 1}\r\n\r\n"
        ).encode("latin-1")
        first = await proto.request(raw)
        ttfbs.append(first - due)
        due += interval
    proto.transport.close()


async def main():
    url, size = sys.argv[1], int(sys.argv[2])
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 64
    rate = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
    seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 20.0
    loop = asyncio.get_running_loop()
    rnd = random.Random(42)
    ttfbs, late = [], [0]
    start = time.perf_counter() + 0.5
    until = start + seconds
    await asyncio.gather(
        *(client(loop, url, size, rate, until, start, ttfbs, late, rnd) for _ in range(clients))
    )
    ttfbs.sort()
    n = len(ttfbs)

    def pct(p):
        return ttfbs[min(n - 1, int(n * p))] * 1000

    print(
        f"{clients} clients x {rate:g}/s: {n} answers, {n / seconds:.0f}/s; time to first byte "
        f"p50 {pct(0.5):.2f} ms, p99 {pct(0.99):.2f} ms, worst {ttfbs[-1] * 1000:.2f} ms; "
        f"{late[0]} requests left late"
    )
    print(f"RESULT {n / seconds:.0f} {pct(0.5):.2f} {pct(0.99):.2f} {ttfbs[-1] * 1000:.2f} {late[0]}")


if __name__ == "__main__":
    asyncio.run(main())
