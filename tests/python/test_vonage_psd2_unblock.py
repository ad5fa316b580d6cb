"""The official Python SDK (``vonage`` 4.9.1) against the real verify-server over HTTPS:
PSD2 (``verify_legacy.start_psd2_verification``, ``/verify/psd2/json``, Part A7) and
network unblock (``verify_legacy.request_network_unblock``, ``/verify/network-unblock``,
A8), each test in a namespace of its own (the project's pytest plugin, ``verify_emulator``).
The PIN is read from ``/_sim/deliveries``, as a tester reads the phone.
"""

import re

import pytest
from vonage import Auth, HttpClientOptions, Vonage
from vonage_http_client import NotFoundError
from vonage_verify_legacy import Psd2Request, VerifyError


@pytest.fixture
def client(verify_emulator):
    """The SDK pointed at the plugin's emulator, its calls in this test's namespace."""
    auth = Auth(api_key=verify_emulator.api_key, api_secret=verify_emulator.api_secret)
    options = HttpClientOptions(api_host=verify_emulator.host, rest_host=verify_emulator.host)
    return Vonage(auth, options)


def test_psd2_start_then_check_wrong_and_right(client, verify_emulator):
    number = "447700900301"
    started = client.verify_legacy.start_psd2_verification(
        Psd2Request(number=number, payee="Acme Travel", amount=48, workflow_id=6)
    )
    assert started.status == "0"
    assert re.fullmatch(r"[0-9a-f]{32}", started.request_id)

    [sms] = verify_emulator.deliveries(number)
    assert sms["channel"] == "sms" and sms["request_id"] == started.request_id
    pin = sms["pin"]
    # A7's payment text: payee verbatim, the amount to two decimals, in euros.
    assert sms["text"] == (
        f"Your code {pin} is for payment to Acme Travel in the amount of 48.00\u20ac. Valid for 5 minutes."
    )

    wrong = "1111" if pin == "0000" else "0000"
    with pytest.raises(VerifyError) as refused:
        client.verify_legacy.check_code(started.request_id, wrong)
    assert "'status': '16'" in str(refused.value)
    checked = client.verify_legacy.check_code(started.request_id, pin)
    assert checked.status == "0" and checked.request_id == started.request_id

    # An ordinary request afterwards: search shows it with sender_id "verify".
    found = client.verify_legacy.search(started.request_id)
    assert found.status == "SUCCESS"
    assert found.sender_id == "verify"


def test_psd2_refusals_are_the_apis(client):
    # The SDK checks payee's length itself; the emulator answers what reaches it.
    with pytest.raises(VerifyError) as refused:
        client.verify_legacy.start_psd2_verification(Psd2Request(number="447700900302", payee="Acme", amount=0))
    assert "'status': '3'" in str(refused.value)
    assert "Invalid value for param: amount" in str(refused.value)


def test_network_unblock_404_without_a_block_then_202_after_one(client, verify_emulator):
    # A client of its own for the unblock: vonage 4.9.1 keeps the JSON Content-Type of a
    # JSON call (the unblock) in its headers and sends its next form call (a start)
    # under it, so one client cannot make both.
    unblocker = Vonage(
        Auth(api_key=verify_emulator.api_key, api_secret=verify_emulator.api_secret),
        HttpClientOptions(api_host=verify_emulator.host, rest_host=verify_emulator.host),
    )
    # vonage 4.x sends {"network": "23410", "duration": null}: null is an absent value.
    with pytest.raises(NotFoundError) as missing:
        unblocker.verify_legacy.request_network_unblock("23410")
    problem = missing.value.response.json()
    assert problem["title"] == "Not Found"
    assert problem["detail"] == "The network you provided does not have an active block."

    verify_emulator.fault("network-blocked", network="23410")
    with pytest.raises(VerifyError) as blocked:
        client.verify_legacy.start_psd2_verification(Psd2Request(number="447700900303", payee="Acme", amount=5))
    assert "'status': '7'" in str(blocked.value) and "'network': '23410'" in str(blocked.value)

    unblocked = unblocker.verify_legacy.request_network_unblock("23410", unblock_duration=600)
    assert unblocked.network == "23410"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", unblocked.unblocked_until)
    started = client.verify_legacy.start_psd2_verification(Psd2Request(number="447700900303", payee="Acme", amount=5))
    assert started.status == "0"
    # Unblocked for good: a second unblock finds no block.
    with pytest.raises(NotFoundError):
        unblocker.verify_legacy.request_network_unblock("23410")
