#!/usr/bin/env python3
"""What an unsigned request crowded with header lines costs each HTTP benchmark server.

Starts each server kind of the HTTP benchmark (JettyServer from the benchmarks jar) in turn and
sends it, over one kept-alive connection, requests of about 8 KB of header lines (Jetty's default
limit on a request's header) spread over a given number of names, then prints the server's CPU time
per request (user + system, from /proc, so Linux only) and the status it answered. The body is
not signed: every request is an attacker's, answered 401 (or 431 when the filter refuses its
headers). Usage, from the repository root, after
  mvn -B -pl benchmarks -am package -DskipTests
  benchmarks/crowded-headers.py [--jar benchmarks/target/benchmarks.jar] [--kinds hookline,floor]
"""
import argparse
import itertools
import os
import socket
import string
import subprocess
import sys
import time

# (distinct names, values per name): about 1,000 lines of 3-letter names, and a plain request.
CASES = [(1, 1000), (10, 100), (30, 33), (95, 10), (1000, 1), (5, 1)]
BODY = b'{"id":"x"}'


def request(names, per_name):
    labels = [''.join(p) for p in itertools.product(string.ascii_lowercase, repeat=3)][:names]
    lines = ''.join(f'{label}: v\r\n' for label in labels for _ in range(per_name))
    head = (f'POST /webhooks/lucca HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n'
            f'Content-Length: {len(BODY)}\r\n{lines}\r\n')
    return head.encode() + BODY


def exchange(connection, payload):
    connection.sendall(payload)
    data = b''
    while b'\r\n\r\n' not in data:
        data += connection.recv(65536)
    head, rest = data.split(b'\r\n\r\n', 1)
    length = 0
    for line in head.split(b'\r\n'):
        if line.lower().startswith(b'content-length:'):
            length = int(line.split(b':')[1])
    while len(rest) < length:
        rest += connection.recv(65536)
    return head.split(b'\r\n')[0].decode()


def cpu_seconds(pid):
    fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def measure(kind, jar, port):
    server = subprocess.Popen(
        ['java', '-Xmx512m', '-cp', jar, 'dev.hookline.benchmarks.http.JettyServer', kind,
         'crowded-headers-secret', str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 30
        while True:
            try:
                connection = socket.create_connection(('127.0.0.1', port))
                break
            except OSError:
                if time.time() > deadline:
                    sys.exit(f'{kind} server did not start on port {port}')
                time.sleep(0.2)
        with connection:
            # Warm-up: every case, so that the JIT has compiled what each one runs.
            for names, per_name in CASES:
                payload = request(names, per_name)
                for _ in range(300):
                    exchange(connection, payload)
            for names, per_name in CASES:
                payload = request(names, per_name)
                count = 1000
                before = cpu_seconds(server.pid)
                for _ in range(count):
                    status = exchange(connection, payload)
                spent = cpu_seconds(server.pid) - before
                print(f'{kind:9} {names:5} names x {per_name:4}  {len(payload):5} B  '
                      f'{1000 * spent / count:6.2f} ms CPU/request  {status}')
    finally:
        server.kill()
        server.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--jar', default='benchmarks/target/benchmarks.jar')
    parser.add_argument('--kinds', default='hookline,floor')
    parser.add_argument('--port', type=int, default=18181)
    options = parser.parse_args()
    for kind in options.kinds.split(','):
        measure(kind, options.jar, options.port)


if __name__ == '__main__':
    main()
