"""How robust the predictions are: in what share of perturbed models each of P01–P16 holds.

Each draw multiplies every shared parameter of :class:`IntimacyModel` (the time scales
and the weights of the mechanism, not the people) by its own factor, uniform in
``[0.8, 1.2]`` (±20 %), underneath every scenario, and checks every signature of
:mod:`~intimacy_dynamics.intimacy.signatures` on the perturbed model (P10 locates its
Hopf bifurcation in each draw by continuation). The table in ``docs/model.md`` and its
data in ``docs/robustness.json`` are written by::

    python -m intimacy_dynamics.intimacy.robustness --draws 50 --write docs

(``make robustness``), and the tests check that they belong to the current model and
rerun some of its draws.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from intimacy_dynamics.analysis.robustness import Robustness, robustness
from intimacy_dynamics.intimacy import catalog, phenomena
from intimacy_dynamics.intimacy.signatures import SIGNATURES

__all__ = ["SEED", "SPREAD", "fingerprint", "load", "phenomena_robustness", "save", "write_table"]

#: Factors are uniform in [1 - SPREAD, 1 + SPREAD]: ±20 %.
SPREAD = 0.2
#: The root of the draws' random streams for the published table.
SEED = 2026
BEGIN = "<!-- robustness table: begin -->"
END = "<!-- robustness table: end -->"


def phenomena_robustness(
    n_draws: int = 50, *, seed: int = SEED, executor=None, progress: bool = False, model=None
) -> Robustness:
    """Check every phenomenon on ``n_draws`` models with perturbed shared parameters.

    Examples
    --------
    >>> result = phenomena_robustness(n_draws=1)
    >>> sorted(result.share()) == sorted(SIGNATURES)
    True
    """
    return robustness(
        model or phenomena.model(),
        SIGNATURES,
        n_draws=n_draws,
        spread=SPREAD,
        seed=seed,
        executor=executor,
        progress=progress,
    )


def fingerprint(model=None) -> str:
    """A hash of what the table depends on: equations, defaults and scenarios."""
    model = model or phenomena.model()
    parts = [
        *(f"{n}={e!r}" for n, e in model._equation_table().items()),
        *(f"{n}={s.default!r}" for n, s in model.param_specs.items()),
        *(catalog.load(name).to_json(indent=None) for name in catalog.names()),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def save(result: Robustness, path: str | Path) -> Path:
    """Write the per-draw verdicts and how they were made to a JSON file."""
    data = {
        "fingerprint": fingerprint(),
        "seed": result.seed,
        "spread": result.spread,
        "checks": result.checks,
        "parameters": result.parameters,
        "holds": result.holds.astype(int).tolist(),
        "slack": [
            [None if not np.isfinite(v) else round(float(v), 6) for v in row]
            for row in result.slack
        ],
        "errors": [[draw, check, message] for (draw, check), message in result.errors.items()],
    }
    path = Path(path)
    path.write_text(json.dumps(data, indent=1) + "\n")
    return path


def load(path: str | Path) -> tuple[Robustness, str]:
    """Read a result written by :func:`save`, and the fingerprint it was made for."""
    data = json.loads(Path(path).read_text())
    from intimacy_dynamics.analysis.robustness import draw_factors

    holds = np.array(data["holds"], dtype=bool)
    slack = np.array([[np.nan if v is None else v for v in row] for row in data["slack"]])
    factors = draw_factors(len(data["parameters"]), holds.shape[0], data["spread"], data["seed"])
    errors = {(draw, check): message for draw, check, message in data["errors"]}
    result = Robustness(
        data["checks"],
        data["parameters"],
        factors,
        holds,
        slack,
        errors,
        data["seed"],
        data["spread"],
    )
    return result, data["fingerprint"]


def write_table(result: Robustness, markdown: str | Path) -> None:
    """Replace the robustness table between its markers in a markdown file."""
    path = Path(markdown)
    head, rest = path.read_text().split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n\n{result.to_markdown()}\n{END}{tail}")


def main(argv=None) -> int:
    """Print the table; with ``--write DOCS``, update ``DOCS/model.md`` and its data."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=50, help="perturbed parameter sets")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--write", metavar="DOCS", help="update DOCS/model.md and DOCS/robustness.json"
    )
    args = parser.parse_args(argv)
    if args.workers > 1:
        with ProcessPoolExecutor(args.workers) as pool:
            result = phenomena_robustness(args.draws, seed=args.seed, executor=pool, progress=True)
    else:
        result = phenomena_robustness(args.draws, seed=args.seed, progress=True)
    print(result.to_markdown())
    for (draw, check), message in sorted(result.errors.items()):
        print(f"draw {draw}, {check}: {message}")
    if args.write:
        save(result, Path(args.write) / "robustness.json")
        write_table(result, Path(args.write) / "model.md")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
