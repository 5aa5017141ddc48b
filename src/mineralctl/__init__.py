"""mineralctl: what China's export-control regime says about a critical mineral on a date,
for a destination and end use, and why.

A research aid, not legal advice. The Python API::

    from mineralctl import load_rulebook
    rulebook = load_rulebook()
    rulebook.status("gallium", "2026-01-01", destination="US").status
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "load_rulebook",
    "load_entities",
    "parse_rulebook",
    "Status",
    "EndUse",
    "Resolution",
    "Rulebook",
]

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

    from mineralctl.api import Rulebook, load_entities, load_rulebook, parse_rulebook
    from mineralctl.model import EndUse, Resolution, Status


def __getattr__(name: str) -> Any:
    # Lazy: ``import mineralctl`` stays cheap for the CLI's start-up.
    if name in ("load_rulebook", "load_entities", "parse_rulebook", "Rulebook"):
        from mineralctl import api

        return getattr(api, name)
    if name in ("Status", "EndUse", "Resolution"):
        from mineralctl import model

        return getattr(model, name)
    raise AttributeError(f"module 'mineralctl' has no attribute {name!r}")
