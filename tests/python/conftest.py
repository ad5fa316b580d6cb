"""The binary the ``verify_emulator`` fixture (clients/python's plugin) starts: the one
``cargo build --profile native -p verify-server`` writes, unless VERIFY_SERVER_BIN names
another."""

import os
from pathlib import Path

os.environ.setdefault("VERIFY_SERVER_BIN", str(Path(__file__).resolve().parents[2] / "target" / "native" / "verify-server"))
