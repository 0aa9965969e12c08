"""``intimacy-lab export``: write a standalone page of a lab from the command line.

``intimacy-lab export -o lab.html`` writes the intimacy lab; ``--lab`` picks another
(a classic model's name, such as ``rinaldi_linear``, or a lesson's trajectory explorer,
such as ``trust_spiral``); ``--plotly URL`` references a shared plotly.min.js instead of
holding it. A bad option is one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.standalone.page import check_plotly_src, export_html
from intimacy_dynamics.standalone.targets import lab_named, lab_names

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intimacy-lab export",
        description="Write a lab as one HTML page that runs with no server and no network.",
        allow_abbrev=False,
    )
    parser.add_argument("-o", "--output", required=True, help="the page to write (lab.html)")
    parser.add_argument(
        "--lab",
        default="intimacy",
        metavar="NAME",
        help=f"which lab: {', '.join(lab_names())} (default: intimacy)",
    )
    parser.add_argument(
        "--plotly",
        default="inline",
        help="'inline' (default: the page holds plotly.js) or a relative URL of plotly.min.js",
    )
    return parser


def main(argv: list[str]) -> int:
    """Write the page; 0 on success, 2 for a bad option or a page that cannot be written.

    Examples
    --------
    >>> main(["-o", "lab.html", "--lab", "nonsense"])
    2
    """
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.lab not in lab_names():
            lab_named(args.lab)  # raises, naming the known labs
        if args.plotly != "inline":
            check_plotly_src(args.plotly)
        path = export_html(lab_named(args.lab), args.output, plotly=args.plotly)
    except BadInputError as exc:
        print(f"intimacy-lab export: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"intimacy-lab export: cannot write {args.output!r}: {exc.strerror or exc}",
              file=sys.stderr)  # fmt: skip
        return 2
    size = path.stat().st_size
    print(f"Wrote {path} ({size / 1e6:.1f} MB): open it in a browser; it needs no server.")
    return 0
