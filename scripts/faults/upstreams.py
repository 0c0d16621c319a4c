"""Remote skill endpoints for the harnesses, each a loopback TCP listener speaking just enough HTTP/1.1:

  good       answers every POST with {"output": {"ok": true}} (after `delay` seconds), kept alive
  blackhole  accepts and reads the request, never answers (holds the connection until the peer closes it)
  reset      answers a status line, headers and part of the body, then resets the connection (RST)
  trickle    answers the head at once, then the body one byte every `delay` seconds

Each counts the requests it received (`hits`, with their times), so a scenario can tell when the
dispatcher stopped sending it calls."""
import socket
import struct
import threading
import time

MODES = ("good", "blackhole", "reset", "trickle")


class Upstream:
    def __init__(self, port, mode, delay=0.0):
        if mode not in MODES:
            raise ValueError(mode)
        self.port, self.mode, self.delay = port, mode, delay
        self.hits = []
        self.connections = []
        self.lock = threading.Lock()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(256)
        self.closing = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/call"

    def hit_times(self):
        with self.lock:
            return list(self.hits)

    def close(self):
        """Stops listening and closes the connections it holds (a black hole's too)."""
        self.closing.set()
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        with self.lock:
            connections, self.connections = self.connections, []
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _accept(self):
        while not self.closing.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.connections.append(connection)
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _read_request(self, connection, buffer):
        """Reads one request (head and Content-Length body); returns the bytes left over, or None at EOF."""
        while b"\r\n\r\n" not in buffer:
            chunk = connection.recv(65536)
            if not chunk:
                return None
            buffer += chunk
        head, _, rest = buffer.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(rest) < length:
            chunk = connection.recv(65536)
            if not chunk:
                return None
            rest += chunk
        return rest[length:]

    def _serve(self, connection):
        buffer = b""
        try:
            while not self.closing.is_set():
                buffer = self._read_request(connection, buffer)
                if buffer is None:
                    return
                with self.lock:
                    self.hits.append(time.monotonic())
                if self.mode == "good":
                    if self.delay:
                        time.sleep(self.delay)
                    body = b'{"output": {"ok": true}}'
                    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
                elif self.mode == "blackhole":
                    while connection.recv(65536):
                        pass
                    return
                elif self.mode == "reset":
                    connection.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n{"outp')
                    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
                else:  # trickle
                    body = b'{"output": {"ok": true, "padding": "' + b"x" * 40 + b'"}}'
                    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body))
                    for byte in body:
                        if self.closing.wait(self.delay):
                            return
                        connection.sendall(bytes([byte]))
        except OSError:
            return
        finally:
            connection.close()
