"""The plugin against the real binary: every helper, a namespace per test, two tests at
once in separate namespaces (two pytest processes sharing one emulator), and what it says
when the binary is missing."""

import base64
import json
import os
import subprocess
import sys
import textwrap
import threading
import urllib.error
import urllib.request

import pytest

from verify_emulator import EmulatorError, VerifyEmulator, find_binary

NUMBER = "447700900123"


def call(emulator: VerifyEmulator, path: str, body: dict, headers: dict = None) -> tuple:
    """A raw API call in ``emulator``'s namespace: (status, JSON body)."""
    request = urllib.request.Request(
        emulator.url + path,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **(headers or emulator.headers)},
    )
    import ssl

    context = ssl.create_default_context(cafile=emulator.ca) if emulator.ca else None
    try:
        with urllib.request.urlopen(request, timeout=10, context=context) as answer:
            text = answer.read().decode()
            return answer.status, json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def start(emulator: VerifyEmulator, number: str = NUMBER) -> str:
    status, body = call(emulator, "/verify/json", {"number": number, "brand": "Acme", "api_key": emulator.api_key, "api_secret": "s"})
    assert status == 200 and body["status"] == "0", body
    return body["request_id"]


def test_deliveries_pins_and_the_clock(verify_emulator):
    assert verify_emulator.url.startswith("https://127.0.0.1:")
    assert verify_emulator.clock()["now"] == 0 and verify_emulator.clock()["paused"] is True
    request_id = start(verify_emulator)
    [sms] = verify_emulator.deliveries(NUMBER)
    assert sms["request_id"] == request_id and sms["channel"] == "sms"
    assert verify_emulator.last_pin("+44 7700 900123") == sms["pin"], "normalised as the API does"
    with pytest.raises(LookupError):
        verify_emulator.last_pin("447700900999")
    moved = verify_emulator.advance(125)
    assert moved["now"] == 125
    assert [d["channel"] for d in verify_emulator.deliveries(NUMBER)] == ["sms", "tts"]
    nxt = verify_emulator.clock()["next"]
    assert verify_emulator.to_next()["now"] == nxt
    assert '"verify"' in verify_emulator.scenario().splitlines()[1]


def test_a_test_starts_in_a_clean_namespace(verify_emulator):
    # The test before used NUMBER and moved the clock: none of it is here.
    assert verify_emulator.deliveries(NUMBER) == []
    assert verify_emulator.clock()["now"] == 0


def test_reset_and_the_seed(verify_emulator):
    first = start(verify_emulator)
    verify_emulator.reset()
    assert verify_emulator.deliveries() == []
    assert start(verify_emulator) == first, "the same seed gives the same id"
    verify_emulator.reset(seed=99)
    assert start(verify_emulator) != first


def test_v2_callbacks(verify_emulator):
    payload = base64.urlsafe_b64encode(json.dumps({"application_id": verify_emulator.application_id}).encode()).rstrip(b"=").decode()
    jwt = {"Authorization": f"Bearer eyJhbGciOiJSUzI1NiJ9.{payload}.x"}
    status, started = call(verify_emulator, "/v2/verify", {"brand": "Acme", "workflow": [{"channel": "sms", "to": NUMBER}]}, jwt)
    assert status == 202, started
    code = verify_emulator.last_pin(NUMBER)
    status, checked = call(verify_emulator, f"/v2/verify/{started['request_id']}", {"code": code}, jwt)
    assert (status, checked["status"]) == (200, "completed")
    [summary] = verify_emulator.callbacks()
    assert summary["body"]["request_id"] == started["request_id"] and summary["body"]["status"] == "completed"


def test_faults(verify_emulator):
    fault = verify_emulator.fault("http:503", times=1)
    assert isinstance(fault, str) and fault
    status, _ = call(verify_emulator, "/verify/json", {"number": NUMBER, "brand": "Acme"})
    assert status == 503
    start(verify_emulator)  # `times` ran out
    verify_emulator.fault("http:500")
    verify_emulator.clear_faults()
    start(verify_emulator, "447700900124")


def test_two_namespaces_at_once_do_not_see_each_other(verify_emulator_server):
    first, second = verify_emulator_server.namespace(), verify_emulator_server.namespace()
    ids = {}
    threads = [threading.Thread(target=lambda e=e: ids.__setitem__(e.namespace, start(e))) for e in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for emulator in (first, second):
        [only] = emulator.deliveries(NUMBER)
        assert only["request_id"] == ids[emulator.namespace]
        verify_emulator_server.give_back(emulator)


PARALLEL_TEST = textwrap.dedent(
    """
    import json, os, time, urllib.request, ssl

    def test_only_my_own_delivery(verify_emulator):
        body = json.dumps({"number": "447700900555", "brand": "Acme"}).encode()
        context = ssl.create_default_context(cafile=verify_emulator.ca) if verify_emulator.ca else None
        request = urllib.request.Request(verify_emulator.url + "/verify/json", data=body, method="POST",
            headers={"Content-Type": "application/json", **verify_emulator.headers})
        mine = json.loads(urllib.request.urlopen(request, context=context).read())["request_id"]
        # Both processes have sent theirs before either looks.
        open(os.environ["MARK"], "w").close()
        while not all(os.path.exists(p) for p in os.environ["MARKS"].split(":")):
            time.sleep(0.02)
        assert [d["request_id"] for d in verify_emulator.deliveries("447700900555")] == [mine]
    """
)


def test_two_test_runs_in_parallel_share_one_emulator_in_separate_namespaces(verify_emulator_server, tmp_path):
    (tmp_path / "test_parallel.py").write_text(PARALLEL_TEST)
    marks = [str(tmp_path / "a.mark"), str(tmp_path / "b.mark")]
    runs = []
    for mark in marks:
        env = dict(os.environ, VERIFY_EMULATOR_URL=verify_emulator_server.url, VERIFY_EMULATOR_CA=verify_emulator_server.ca or "", MARK=mark, MARKS=":".join(marks))
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path / "test_parallel.py")]
        runs.append(subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    for run in runs:
        output, _ = run.communicate(timeout=120)
        assert run.returncode == 0, output
        assert "1 passed" in output, output


def test_a_missing_binary_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("VERIFY_SERVER_BIN", str(tmp_path / "nowhere"))
    with pytest.raises(EmulatorError, match="VERIFY_SERVER_BIN=.*nowhere: no such file"):
        find_binary()
    monkeypatch.delenv("VERIFY_SERVER_BIN")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(EmulatorError, match="VERIFY_SERVER_BIN is not set and no verify-server is on PATH"):
        find_binary()
