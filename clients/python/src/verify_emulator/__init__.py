"""pytest-verify-emulator: the Verify API emulator (``verify-server``) in a pytest run.

The ``verify_emulator`` fixture gives each test a namespace of an emulator started once
per run; see :class:`VerifyEmulator` for its helpers and README.md for an example.
"""

from .client import EmulatorError, EmulatorServer, VerifyEmulator, find_binary

__all__ = ["EmulatorError", "EmulatorServer", "VerifyEmulator", "find_binary"]
