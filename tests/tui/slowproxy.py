#!/usr/bin/python3
# A TCP proxy that holds back every response, for the TUI's slow-server
# tests: it listens on 127.0.0.1 (a free port, printed as "port N" on its
# first line of output) and forwards each connection to 127.0.0.1:UPSTREAM.
# Requests go through at once; the first bytes of each answer wait DELAY
# seconds. DELAY is a number, or a file holding one (read for every
# answer, so a test can change it while the proxy runs).
#
#   usage: slowproxy.py UPSTREAM_PORT DELAY
import socket
import sys
import threading
import time


def delay_of(spec):
    """The delay in seconds: spec as a number, or the number in file spec."""
    try:
        return float(spec)
    except ValueError:
        pass
    try:
        with open(spec) as f:
            return float(f.read().strip() or 0)
    except (OSError, ValueError):
        return 0.0


def close_quietly(*socks):
    for s in socks:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            s.close()
        except OSError:
            pass


class Link:
    """One client connection and its upstream twin."""

    def __init__(self, client, upstream, spec):
        self.client = client
        self.upstream = upstream
        self.spec = spec
        self.asked = False      # a request went up since the last answer
        self.lock = threading.Lock()

    def up(self):
        try:
            while True:
                data = self.client.recv(65536)
                if not data:
                    break
                with self.lock:
                    self.asked = True
                self.upstream.sendall(data)
        except OSError:
            pass
        close_quietly(self.client, self.upstream)

    def down(self):
        try:
            while True:
                data = self.upstream.recv(65536)
                if not data:
                    break
                with self.lock:
                    hold = self.asked
                    self.asked = False
                if hold:
                    time.sleep(delay_of(self.spec))
                self.client.sendall(data)
        except OSError:
            pass
        close_quietly(self.client, self.upstream)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: slowproxy.py UPSTREAM_PORT DELAY\n")
        return 2
    upstream_port = int(sys.argv[1])
    spec = sys.argv[2]
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    print("port %d" % listener.getsockname()[1], flush=True)
    while True:
        client, _ = listener.accept()
        try:
            upstream = socket.create_connection(("127.0.0.1", upstream_port))
        except OSError:
            close_quietly(client)
            continue
        link = Link(client, upstream, spec)
        threading.Thread(target=link.up, daemon=True).start()
        threading.Thread(target=link.down, daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
