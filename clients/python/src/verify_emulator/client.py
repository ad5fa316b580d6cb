"""The Verify emulator (``verify-server``) as a process, and one namespace of it.

:class:`EmulatorServer` starts the binary (found through ``VERIFY_SERVER_BIN`` or
``PATH``) on a free port with ``--namespaces``, or uses one already running (when
``VERIFY_EMULATOR_URL`` is set, as ``verify-server exec`` sets it). :class:`VerifyEmulator`
is one namespace of it: the credentials that pick it (``api_key``, a JWT's
``application_id``, the ``X-Sim-Namespace`` header) and the test helpers under ``/_sim/``
(deliveries, PINs, the clock, callbacks, faults, the session as a scenario), each sent with
``?ns=`` so that tests sharing one emulator never see each other's messages.

Standard library only: the helpers speak plain JSON over ``urllib``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

#: The variable naming the binary, checked before ``PATH``.
BIN_VARIABLE = "VERIFY_SERVER_BIN"
#: The variable ``verify-server exec`` sets: an emulator already running.
URL_VARIABLE = "VERIFY_EMULATOR_URL"
#: The variable ``verify-server exec --tls`` sets: the CA to trust.
CA_VARIABLE = "VERIFY_EMULATOR_CA"

_LISTENING = re.compile(r"verify-server: listening on (https?://\S+)")
_START_TIMEOUT = 20.0


class EmulatorError(RuntimeError):
    """The emulator could not be found, started or reached, or refused a helper call."""


def find_binary() -> str:
    """The ``verify-server`` to run: ``$VERIFY_SERVER_BIN``, else the one on ``PATH``.

    Raises :class:`EmulatorError` saying exactly what is missing.
    """
    named = os.environ.get(BIN_VARIABLE)
    if named:
        path = Path(named)
        if not path.is_file():
            raise EmulatorError(f"{BIN_VARIABLE}={named}: no such file (build it with `cargo build --profile native -p verify-server`: target/native/verify-server)")
        if not os.access(path, os.X_OK):
            raise EmulatorError(f"{BIN_VARIABLE}={named}: not executable")
        return str(path)
    found = shutil.which("verify-server")
    if found:
        return found
    raise EmulatorError(
        f"verify-server not found: {BIN_VARIABLE} is not set and no verify-server is on PATH. "
        "Build it (`cargo build --profile native -p verify-server`) and set "
        f"{BIN_VARIABLE}=target/native/verify-server, or put it on PATH"
    )


class EmulatorServer:
    """A running emulator: its URL, its CA with TLS, and namespaces handed out to tests.

    ``start()`` runs the binary with ``--port 0 --namespaces --paused`` (and ``--tls`` in a
    temporary CA directory when ``tls``), plus ``args``; ``attach()`` uses an emulator
    already running. Namespaces are reused once a test gives them back (reset first), so a
    long suite never reaches the emulator's bound of 1,024 namespaces.
    """

    def __init__(self, url: str, ca: Optional[str] = None, process: Optional[subprocess.Popen] = None, seed: Optional[int] = None):
        self.url = url.rstrip("/")
        self.ca = ca
        self.seed = seed
        self._process = process
        #: The CA directory this object made (removed by ``stop``).
        self._tls_dir: Optional[str] = None
        self._free: List[str] = []
        self._lock = threading.Lock()
        self._prefix = f"pytest-{uuid.uuid4().hex[:8]}"
        self._made = 0
        self._context = ssl.create_default_context(cafile=ca) if ca else None

    @classmethod
    def start(cls, args: Sequence[str] = (), tls: bool = False, binary: Optional[str] = None) -> "EmulatorServer":
        """Starts ``verify-server`` and waits until it answers ``GET /_sim/clock``."""
        binary = binary or find_binary()
        command = [binary, "--port", "0", "--namespaces", "--paused"]
        ca = None
        tls_dir = None
        if tls:
            tls_dir = tempfile.mkdtemp(prefix="verify-emulator-tls-")
            command += ["--tls", "--tls-dir", tls_dir]
            ca = str(Path(tls_dir) / "ca.pem")
        command += list(args)
        seed = 0
        if "--seed" in args:
            position = list(args).index("--seed")
            seed = int(args[position + 1])
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        url = _read_listening(process)
        server = cls(url, ca, process, seed)
        server._tls_dir = tls_dir
        server._wait_until_answering()
        return server

    @classmethod
    def attach(cls, url: str, ca: Optional[str] = None) -> "EmulatorServer":
        """Uses an emulator already running (started with ``--namespaces``)."""
        server = cls(url, ca)
        server._wait_until_answering()
        return server

    def _wait_until_answering(self) -> None:
        try:
            self.request("GET", "/_sim/clock", namespace=None)
        except EmulatorError as e:
            self.stop()
            raise EmulatorError(f"the emulator at {self.url} does not answer: {e}") from e

    def namespace(self) -> "VerifyEmulator":
        """A namespace nobody else is using: fresh, or given back and reset."""
        with self._lock:
            if self._free:
                name = self._free.pop()
            else:
                self._made += 1
                name = f"{self._prefix}-{self._made}"
        return VerifyEmulator(self, name)

    def give_back(self, emulator: "VerifyEmulator") -> None:
        """Resets ``emulator``'s namespace (a fresh engine with the server's seed when this
        object started the server, its clock at 0, paused, speed 1, no faults) and keeps it
        for the next test."""
        emulator.reset(seed=self.seed)
        emulator._post("/_sim/clock", {"paused": True, "speed": 1})
        with self._lock:
            self._free.append(emulator.namespace)

    def request(self, method: str, path: str, body: Any = None, namespace: Optional[str] = None, raw: bool = False) -> Any:
        """One call to the emulator: JSON in, JSON (or the text, ``raw``) out."""
        if namespace is not None:
            separator = "&" if "?" in path else "?"
            path = f"{path}{separator}ns={urllib.parse.quote(namespace)}"
        data = None
        headers = {}
        if body is not None or method in ("POST", "DELETE"):
            data = json.dumps(body if body is not None else {}).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30, context=self._context) as answer:
                text = answer.read().decode()
        except urllib.error.HTTPError as e:
            raise EmulatorError(f"{method} {path}: {e.code} {e.read().decode(errors='replace')}") from e
        except (urllib.error.URLError, OSError) as e:
            raise EmulatorError(f"{method} {path}: {e}") from e
        if raw:
            return text
        return json.loads(text) if text else None

    def stop(self) -> Optional[int]:
        """Stops the emulator this object started (Ctrl-C, then a kill after 10 s);
        returns its exit status. An attached emulator is left running."""
        process, self._process = self._process, None
        if process is None:
            return None
        if self._tls_dir:
            shutil.rmtree(self._tls_dir, ignore_errors=True)
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()
        return process.returncode


def _read_listening(process: subprocess.Popen) -> str:
    """The URL from the process's ``listening on`` line, within the start timeout."""
    found: Dict[str, str] = {}

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            match = _LISTENING.search(line)
            if match:
                found["url"] = match.group(1)
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(_START_TIMEOUT)
    if "url" in found:
        # The rest of stdout (the TLS lines) is drained so the process never blocks on it.
        threading.Thread(target=lambda: process.stdout and process.stdout.read(), daemon=True).start()
        threading.Thread(target=lambda: process.stderr and process.stderr.read(), daemon=True).start()
        return found["url"]
    if process.poll() is None:
        process.kill()
    stderr = process.stderr.read() if process.stderr else ""
    raise EmulatorError(f"verify-server did not start (exit status {process.wait()}): {stderr.strip()}")


class VerifyEmulator:
    """One namespace of a running emulator, for one test.

    Point the SDK at :attr:`url` with :attr:`api_key`/:attr:`api_secret` (v1) or a JWT
    naming :attr:`application_id` (v2): its calls then land in this namespace, and the
    helpers below read and drive that namespace only.
    """

    def __init__(self, server: EmulatorServer, namespace: str):
        self._server = server
        #: The namespace's name (also its ``api_key`` and ``application_id``).
        self.namespace = namespace

    @property
    def url(self) -> str:
        """The emulator's base URL, ``http://127.0.0.1:PORT`` (``https`` with TLS)."""
        return self._server.url

    @property
    def host(self) -> str:
        """``HOST:PORT`` of :attr:`url`, for SDKs that take a host (Python's ``api_host``)."""
        return urllib.parse.urlsplit(self._server.url).netloc

    @property
    def ca(self) -> Optional[str]:
        """The CA certificate (PEM) to trust with TLS; ``None`` over plain HTTP."""
        return self._server.ca

    @property
    def api_key(self) -> str:
        """The ``api_key`` whose calls reach this namespace."""
        return self.namespace

    @property
    def api_secret(self) -> str:
        """Any secret: the emulator checks none unless started with ``--credentials``."""
        return "secret"

    @property
    def application_id(self) -> str:
        """The JWT ``application_id`` whose v2 calls reach this namespace."""
        return self.namespace

    @property
    def headers(self) -> Dict[str, str]:
        """The header that picks this namespace for raw HTTP calls."""
        return {"X-Sim-Namespace": self.namespace}

    def _get(self, path: str) -> Any:
        return self._server.request("GET", path, namespace=self.namespace)

    def _post(self, path: str, body: Any) -> Any:
        return self._server.request("POST", path, body, namespace=self.namespace)

    def deliveries(self, to: Optional[str] = None) -> List[Dict[str, Any]]:
        """Every SMS, call, email... of this namespace's requests still known, oldest
        first; only those to ``to`` (a number, normalised as the API does, or an email
        address) if given."""
        path = "/_sim/deliveries"
        if to is not None:
            path += "?number=" + urllib.parse.quote(to)
        return self._get(path)["deliveries"]

    def last_pin(self, to: str) -> str:
        """The PIN (or v2 code) last delivered to ``to``. Raises :class:`LookupError` when
        nothing carrying one reached it."""
        for delivery in reversed(self.deliveries(to)):
            if delivery.get("pin"):
                return delivery["pin"]
        raise LookupError(f"no PIN has been delivered to {to} in namespace {self.namespace}")

    def clock(self) -> Dict[str, Any]:
        """``{"now", "speed", "paused", "next"}``, in simulated seconds."""
        return self._get("/_sim/clock")

    def advance(self, seconds: float) -> Dict[str, Any]:
        """Moves simulated time ``seconds`` on, running what falls due; returns the clock
        and ``happened`` (as ``verify-sim`` prints it)."""
        return self._post("/_sim/clock", {"advance": seconds})

    def to_next(self) -> Dict[str, Any]:
        """Moves simulated time to the next scheduled thing (a call, an expiry)."""
        return self._post("/_sim/clock", {"to_next": True})

    def reset(self, seed: Optional[int] = None) -> Dict[str, Any]:
        """A fresh engine for this namespace (with ``seed`` if given), the clock at 0."""
        return self._post("/_sim/reset", {} if seed is None else {"seed": seed})

    def callbacks(self) -> List[Dict[str, Any]]:
        """Every v2 callback of this namespace's requests, sent or not, oldest first."""
        return self._get("/_sim/callbacks")["callbacks"]

    def fault(self, fault: str, number: Optional[str] = None, times: Optional[int] = None, network: Optional[str] = None, path: Optional[str] = None) -> str:
        """Sets a fault in this namespace (``POST /_sim/faults``: ``http:503``,
        ``delay:2000``, ``drop``...), for ``number``/``network``/``path`` if given, ``times``
        times if given. Returns its id."""
        body: Dict[str, Any] = {"fault": fault}
        for name, value in (("number", number), ("times", times), ("network", network), ("path", path)):
            if value is not None:
                body[name] = value
        return self._post("/_sim/faults", body)["id"]

    def clear_faults(self) -> None:
        """Clears every fault of this namespace."""
        self._server.request("DELETE", "/_sim/faults", namespace=self.namespace)

    def scenario(self) -> str:
        """This namespace's session as a scenario file (``verify-sim`` replays it, and
        ``verify-server --import`` starts from it)."""
        return self._server.request("GET", "/_sim/scenario", namespace=self.namespace, raw=True)
