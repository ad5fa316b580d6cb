"""The official Python SDK (`vonage` 4.9.1, pinned in requirements.txt) against the real
verify-server binary over HTTPS.

The SDK builds every URL as ``https://{api_host}{path}``, so the emulator runs with
``--tls`` (its local CA made in a temporary directory) and the SDK is given
``api_host="localhost:PORT"`` and, through ``REQUESTS_CA_BUNDLE``, the CA to trust:
nothing else differs from a program talking to the real API. PINs and codes are read
from the emulator's ``/_sim/deliveries``, as a tester reads the phone.

Some tests use the project's own pytest plugin (``clients/python``, its ``verify_emulator``
fixture: a namespace of an emulator started once per run, over HTTPS as
``pytest.ini`` asks), so that the plugin stays true for the official SDK.
"""

import os
import re
import signal
import subprocess
import uuid
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from vonage import Auth, HttpClientOptions, Vonage
from vonage_verify import SmsChannel, VerifyRequest
from vonage_verify_legacy import VerifyError
from vonage_verify_legacy import VerifyRequest as LegacyRequest
from vonage_http_client import HttpRequestError

ROOT = Path(__file__).resolve().parents[2]
SERVER_BIN = ROOT / "target" / "native" / "verify-server"
LISTENING = re.compile(r"verify-server: listening on https://127\.0\.0\.1:(\d+)")


class Emulator:
    """A running verify-server over HTTPS: its port, its CA, and the helpers' URL."""

    def __init__(self, tls_dir: Path):
        self.process = subprocess.Popen(
            [str(SERVER_BIN), "--port", "0", "--paused", "--seed", "7", "--tls", "--tls-dir", str(tls_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines = []
        for line in self.process.stdout:
            self.lines.append(line)
            match = LISTENING.search(line)
            if match:
                self.port = int(match.group(1))
                break
        else:
            raise RuntimeError(f"verify-server did not start: {self.process.stderr.read()}")
        # The trust lines follow the listening line; the CA's path is in them.
        for line in self.process.stdout:
            self.lines.append(line)
            if "NODE_EXTRA_CA_CERTS=" in line:
                break
        self.ca = tls_dir / "ca.pem"
        self.base = f"https://localhost:{self.port}"

    def deliveries(self, number: str) -> list:
        answer = requests.get(f"{self.base}/_sim/deliveries", params={"number": number}, verify=str(self.ca), timeout=10)
        answer.raise_for_status()
        return answer.json()["deliveries"]

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def emulator(verify_emulator_server):
    # The plugin's local CA, made for this run: one CA for REQUESTS_CA_BUNDLE to name.
    running = Emulator(Path(verify_emulator_server.ca).parent)
    previous = os.environ.get("REQUESTS_CA_BUNDLE")
    os.environ["REQUESTS_CA_BUNDLE"] = str(running.ca)
    yield running
    if previous is None:
        del os.environ["REQUESTS_CA_BUNDLE"]
    else:
        os.environ["REQUESTS_CA_BUNDLE"] = previous
    assert running.stop() == 0, "a clean stop on Ctrl-C"


@pytest.fixture(scope="module")
def client(emulator):
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    auth = Auth(
        api_key="abcd1234",
        api_secret="s3cret",
        application_id=str(uuid.uuid4()),
        private_key=private_key.decode(),
    )
    # The one line that points the SDK at the emulator (rest_host too, for other APIs).
    options = HttpClientOptions(api_host=f"localhost:{emulator.port}", rest_host=f"localhost:{emulator.port}")
    return Vonage(auth, options)


def test_the_emulator_prints_its_ca_for_each_runtime(emulator):
    printed = "".join(emulator.lines)
    for variable in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS"):
        assert f"{variable}={emulator.ca}" in printed, printed
    assert emulator.ca.read_text().startswith("-----BEGIN CERTIFICATE-----")


def test_legacy_start_check_wrong_and_right_and_search(client, emulator):
    number = "447700900101"
    started = client.verify_legacy.start_verification(LegacyRequest(number=number, brand="Acme", workflow_id=6))
    assert started.status == "0"
    assert re.fullmatch(r"[0-9a-f]{32}", started.request_id)

    [sms] = emulator.deliveries(number)
    assert sms["channel"] == "sms" and sms["request_id"] == started.request_id
    pin = sms["pin"]
    wrong = "1111" if pin == "0000" else "0000"
    with pytest.raises(VerifyError) as refused:
        client.verify_legacy.check_code(started.request_id, wrong)
    assert "'status': '16'" in str(refused.value)
    assert "The code provided does not match the expected value" in str(refused.value)

    checked = client.verify_legacy.check_code(started.request_id, pin)
    assert checked.status == "0"
    assert checked.request_id == started.request_id

    found = client.verify_legacy.search(started.request_id)
    assert found.status == "SUCCESS"
    assert found.request_id == started.request_id
    assert [check.status for check in found.checks] == ["INVALID", "VALID"]

    other = client.verify_legacy.start_verification(LegacyRequest(number="447700900102", brand="Acme"))
    both = client.verify_legacy.search([started.request_id, other.request_id])
    assert sorted((r.request_id, r.status) for r in both) == sorted(
        [(started.request_id, "SUCCESS"), (other.request_id, "IN PROGRESS")]
    )


@pytest.fixture
def namespaced_client(verify_emulator):
    """The SDK pointed at the plugin's emulator, its calls in this test's namespace."""
    auth = Auth(api_key=verify_emulator.api_key, api_secret=verify_emulator.api_secret)
    options = HttpClientOptions(api_host=verify_emulator.host, rest_host=verify_emulator.host)
    return Vonage(auth, options)


def test_legacy_trigger_next_event_and_cancel(namespaced_client, verify_emulator):
    client, emulator = namespaced_client, verify_emulator
    number = "447700900103"
    started = client.verify_legacy.start_verification(LegacyRequest(number=number, brand="Acme", workflow_id=1))
    assert len(emulator.deliveries(number)) == 1
    triggered = client.verify_legacy.trigger_next_event(started.request_id)
    assert triggered.status == "0" and triggered.command == "trigger_next_event"
    assert [d["channel"] for d in emulator.deliveries(number)] == ["sms", "tts"]

    # A cancel is refused in the first 30 s, allowed after (the clock is moved by the
    # emulator's helper, over the same HTTPS).
    other = client.verify_legacy.start_verification(LegacyRequest(number="447700900104", brand="Acme"))
    with pytest.raises(VerifyError) as refused:
        client.verify_legacy.cancel_verification(other.request_id)
    assert "'status': '19'" in str(refused.value)
    assert emulator.advance(30)["now"] == 30
    cancelled = client.verify_legacy.cancel_verification(other.request_id)
    assert cancelled.status == "0" and cancelled.command == "cancel"
    assert client.verify_legacy.search(other.request_id).status == "CANCELLED"


def test_legacy_errors_come_back_as_the_api_words_them(client):
    with pytest.raises(VerifyError) as refused:
        client.verify_legacy.check_code("0" * 32, "1234")
    assert "'status': '6'" in str(refused.value)
    with pytest.raises(VerifyError) as missing:
        client.verify_legacy.search("f" * 32)
    assert "No response found" in str(missing.value)


def test_v2_over_jwt_start_check_wrong_and_right_then_cancel(client, emulator):
    to = "447700900201"
    started = client.verify.start_verification(VerifyRequest(brand="Acme", workflow=[SmsChannel(to=to)]))
    assert re.fullmatch(r"[0-9a-f-]{36}", started.request_id)

    [text] = emulator.deliveries(to)
    assert text["request_id"] == started.request_id
    code = text["pin"]
    with pytest.raises(HttpRequestError) as refused:
        client.verify.check_code(started.request_id, "1111" if code == "0000" else "0000")
    assert refused.value.response.status_code == 400
    checked = client.verify.check_code(started.request_id, code)
    assert checked.status == "completed"
    assert checked.request_id == started.request_id

    second = client.verify.start_verification(VerifyRequest(brand="Acme", workflow=[SmsChannel(to="447700900202")]))
    assert client.verify.cancel_verification(second.request_id) is None
    with pytest.raises(HttpRequestError) as gone:
        client.verify.check_code(second.request_id, "1234")
    assert gone.value.response.status_code == 404
