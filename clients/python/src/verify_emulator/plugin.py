"""The pytest plugin: ``verify_emulator`` (one namespace per test) over
``verify_emulator_server`` (the emulator, started once per run).

Options (command line or ini): ``--verify-emulator-tls`` / ``verify_emulator_tls = true``
serves HTTPS with a local CA (what Python's ``vonage`` SDK needs; ``REQUESTS_CA_BUNDLE``
then names that CA for the run), and ``--verify-emulator-args`` /
``verify_emulator_args`` adds options to ``verify-server`` (``--seed 7``). Under
``verify-server exec --namespaces -- pytest``, the emulator ``exec`` started is used
(``VERIFY_EMULATOR_URL``, ``VERIFY_EMULATOR_CA``) instead of a new one.
"""

from __future__ import annotations

import os
import shlex
from typing import Iterator

import pytest

from .client import CA_VARIABLE, URL_VARIABLE, EmulatorError, EmulatorServer, VerifyEmulator


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("verify-emulator", "the Verify API emulator (verify-server)")
    group.addoption("--verify-emulator-tls", action="store_true", default=None, help="serve the emulator over HTTPS (a local CA made for the run)")
    group.addoption("--verify-emulator-args", default=None, help="more verify-server options, e.g. '--seed 7'")
    parser.addini("verify_emulator_tls", "serve the emulator over HTTPS", type="bool", default=False)
    parser.addini("verify_emulator_args", "more verify-server options", default="")


@pytest.fixture(scope="session")
def verify_emulator_server(pytestconfig: pytest.Config) -> Iterator[EmulatorServer]:
    """The emulator for the whole run: started once (``--port 0 --namespaces --paused``),
    stopped at the end; or the one ``verify-server exec`` runs this session under."""
    url = os.environ.get(URL_VARIABLE)
    if url:
        server = EmulatorServer.attach(url, os.environ.get(CA_VARIABLE))
        yield server
        return
    tls = pytestconfig.getoption("verify_emulator_tls")
    if tls is None:
        tls = pytestconfig.getini("verify_emulator_tls")
    args = pytestconfig.getoption("verify_emulator_args")
    if args is None:
        args = pytestconfig.getini("verify_emulator_args")
    try:
        server = EmulatorServer.start(shlex.split(args), tls=bool(tls))
    except EmulatorError as e:
        pytest.fail(str(e), pytrace=False)
    previous = os.environ.get("REQUESTS_CA_BUNDLE")
    if server.ca:
        os.environ["REQUESTS_CA_BUNDLE"] = server.ca
    try:
        yield server
    finally:
        if server.ca:
            if previous is None:
                os.environ.pop("REQUESTS_CA_BUNDLE", None)
            else:
                os.environ["REQUESTS_CA_BUNDLE"] = previous
        server.stop()


@pytest.fixture
def verify_emulator(verify_emulator_server: EmulatorServer) -> Iterator[VerifyEmulator]:
    """A namespace of the emulator for this test alone: give the SDK its ``api_key``
    (v1) or ``application_id`` (v2) and read its PINs with ``last_pin(to)``."""
    emulator = verify_emulator_server.namespace()
    yield emulator
    verify_emulator_server.give_back(emulator)
