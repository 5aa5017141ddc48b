"""Typer options shared by the top-level commands (``cli.py``) and the ``rulebook`` commands
(``rulebook_cli.py``): which rulebook, overlays and end-user lists to read."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

RulebookOpt = Annotated[
    Optional[str],
    typer.Option(
        "--rulebook", envvar="MINERALCTL_RULEBOOK", help="Use this rulebook YAML instead of the packaged one."
    ),
]
OverlayOpt = Annotated[
    Optional[list[str]],
    typer.Option(
        "--overlay",
        help="Merge this overlay (a rulebook file of additions) onto the rulebook; repeat for more, "
        "merged in order. Default: $MINERALCTL_OVERLAY (paths separated by ':', ';' on Windows).",
        show_default=False,
    ),
]
EntitiesOpt = Annotated[
    Optional[str],
    typer.Option(
        "--entities",
        envvar="MINERALCTL_ENTITIES",
        help="Use this end-user list file (control and watch lists) instead of the packaged one.",
    ),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")]
