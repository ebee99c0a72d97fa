"""A newsfuse web server on loopback for scripts and browser tests: started on a free
port, waited for until it answers, stopped gracefully."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, timeout: float = 30, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """(process, base URL) of ``newsfuse serve`` on ``db``, once /healthz answers, with
    no map tiles from outside. RuntimeError (with the server's output) when it does not start."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "newsfuse.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "NEWSFUSE_TILE_URL": "", **(env or {})})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).read()
            return proc, base
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"newsfuse serve did not start: {proc.stdout.read().decode(errors='replace')}")
            time.sleep(0.2)


def stop_server(proc: subprocess.Popen) -> None:
    """Terminate, and kill if graceful shutdown (waiting on keep-alive connections) hangs."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
