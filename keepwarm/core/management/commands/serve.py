"""`keepwarm serve`: waitress in several processes on one port, so pages use every core (issue 15).

One waitress process runs Python on one core at a time (the GIL): at 20 ms of CPU a page it answers 50 pages a
second whatever the threads. Each process here gets its own listening socket bound to the same address with
SO_REUSEPORT, and the kernel spreads new connections over them. Linux and other Unixes (fork)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import time
import traceback
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.wsgi import get_wsgi_application
from django.db import connections

from keepwarm.core.serving import settle


def listen_address(text: str) -> tuple[str, int]:
    """HOST:PORT, with an IPv6 host in brackets ([::1]:8000)."""
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise CommandError(f"--listen={text!r}: expected HOST:PORT, e.g. 127.0.0.1:8000")
    return host.strip("[]"), int(port)


def shared_socket(host: str, port: int) -> socket.socket:
    """A socket bound to the address beside the other processes' (SO_REUSEPORT); waitress listens on it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


class Command(BaseCommand):
    help = "Serve KeepWarm with waitress, one process per core sharing one port (the production server)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--listen", default="127.0.0.1:8000", help="HOST:PORT (default 127.0.0.1:8000)")
        parser.add_argument("--processes", type=int, default=os.cpu_count() or 1, help="default: one per core")
        parser.add_argument("--threads", type=int, default=4, help="threads per process (default 4)")
        parser.add_argument("--trusted-proxy", default=None, help="as waitress-serve's --trusted-proxy")
        parser.add_argument("--trusted-proxy-headers", default=None, help="as waitress-serve's")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = listen_address(options["listen"])
        if options["processes"] < 1 or options["threads"] < 1:
            raise CommandError("--processes and --threads must be at least 1.")
        first = shared_socket(host, port)  # a port in use fails here, before any process starts
        port = first.getsockname()[1]  # port 0: the one the system gave, for every process
        sockets = [first, *(shared_socket(host, port) for _ in range(options["processes"] - 1))]
        application = get_wsgi_application()
        settle()  # the URL patterns loaded once here, and all of it frozen, shared by the processes
        waitress_options = {
            "threads": options["threads"],
            "trusted_proxy": options["trusted_proxy"],
            "trusted_proxy_headers": options["trusted_proxy_headers"] or set(),
        }
        self.stdout.write(f"Serving on http://{host}:{port} in {len(sockets)} processes", ending="\n")
        self.stdout.flush()
        children: dict[int, int] = {}  # pid -> the index of its socket
        stopping = False

        def start(index: int, sock: socket.socket) -> None:
            connections.close_all()  # a process never shares a database connection with another
            pid = os.fork()
            if pid == 0:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                try:
                    from waitress import serve

                    serve(application, sockets=[sock], **waitress_options)
                except Exception:  # the parent reports the exit and starts another process
                    traceback.print_exc()
                    os._exit(1)
                os._exit(0)
            children[pid] = index

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True
            for pid in list(children):
                with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
                    os.kill(pid, signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        for index, sock in enumerate(sockets):
            start(index, sock)
        while children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            index = children.pop(pid, -1)
            if index >= 0 and not stopping:
                sys.stderr.write(f"serve: process {pid} ended ({status}); starting another\n")
                time.sleep(1)  # a process that cannot start is not restarted in a busy loop
                start(index, sockets[index])
