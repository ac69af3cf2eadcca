"""Servers that tests start for themselves: a redis-server of their own (to
stop it under the app), and free ports for them.

Ports: with SEND_BOARD_TEST_PORTS=7100-7199 (developers sharing a machine
keep to their own range) a free port in that range; otherwise whatever free
port the system gives (CI). Under pytest-xdist each worker keeps to its own
share of the range (with two workers gw0 the even ports of it, gw1 the
odd ones), so that two workers never pick the same port.
"""

import os
import random
import shutil
import signal
import socket
import subprocess
import time


def _is_free(port):
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port():
    span = os.environ.get("SEND_BOARD_TEST_PORTS")
    if not span:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    low, high = (int(part) for part in span.split("-"))
    ports = list(range(low, high + 1))
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if worker.startswith("gw") and workers > 1:
        ports = ports[int(worker[2:]) :: workers]
    random.shuffle(ports)
    for port in ports:
        if _is_free(port):
            return port
    raise RuntimeError(f"no free port in {span}")


def wait_for_port(port, *, timeout=30, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process for port {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port} in {timeout} s")


def redis_server_missing():
    if shutil.which("redis-server") is None:
        return "redis-server: apt-get install redis-server"
    return None


class RedisServer:
    """A redis-server of the test's own, on a free port, that the test can kill."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, process=self.process)
        return self

    def freeze(self):
        """Stop the process without closing its port: connections are accepted
        and then nothing answers (a hung server, the case timeouts are for)."""
        self.process.send_signal(signal.SIGSTOP)

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
