"""Crash injection for the kill -9 tests: ``MODELMARKET_GATEWAY_CRASH=<point>:<n>`` makes the
process SIGKILL itself the ``n``-th time it reaches ``<point>`` (``after-persist``: a voucher is
committed but not answered; ``after-redeem``: a redemption is mined but not recorded).

Unset (always, outside tests) it costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

__all__ = ["crash_point"]

_SPEC = os.environ.get("MODELMARKET_GATEWAY_CRASH", "")
_POINT, _, _COUNT = _SPEC.partition(":")
_seen = 0


def crash_point(name: str) -> None:
    """SIGKILL this process if the environment asks to crash here now."""
    global _seen
    if not _SPEC or name != _POINT:
        return
    _seen += 1
    if _seen >= int(_COUNT or 1):
        os.kill(os.getpid(), signal.SIGKILL)
