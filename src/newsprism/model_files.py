"""The one check every shipped model file gets before its fields are read."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["model_object"]


def model_object(raw: bytes | dict[str, Any], fmt: int) -> dict[str, Any]:
    """The JSON object of a model file (its bytes, or the object already parsed), checked to be
    of layout ``fmt``; raises ValueError otherwise (the caller names the model in its error)."""
    d = json.loads(raw) if isinstance(raw, bytes) else raw
    if not isinstance(d, dict):
        raise ValueError("not a JSON object")
    if d.get("format") != fmt:
        raise ValueError(f"format {d.get('format')!r}, expected {fmt}")
    return d
