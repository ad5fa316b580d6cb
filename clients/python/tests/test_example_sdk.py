"""The README's example: a sign-up flow tested with the official Python SDK (``vonage``)
against the emulator, one fixture, no phone. Kept here so that it stays true."""

from vonage import Auth, HttpClientOptions, Vonage
from vonage_verify_legacy import VerifyRequest


def test_a_user_verifies_with_the_code_the_phone_received(verify_emulator):
    client = Vonage(
        Auth(api_key=verify_emulator.api_key, api_secret=verify_emulator.api_secret),
        HttpClientOptions(api_host=verify_emulator.host, rest_host=verify_emulator.host),
    )
    started = client.verify_legacy.start_verification(VerifyRequest(number="447700900001", brand="Acme"))

    pin = verify_emulator.last_pin("447700900001")
    assert client.verify_legacy.check_code(started.request_id, pin).status == "0"

    verify_emulator.advance(60)  # a minute later, on the emulator's clock
    assert client.verify_legacy.search(started.request_id).status == "SUCCESS"
