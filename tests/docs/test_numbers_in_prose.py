"""No stale numbers: every number the README, the model reference, the instructor pages
and the lessons state in prose is computed from the model here, or is declared to be a
setting or not about the model. A model change that moves a number fails this test and
names the document and the number."""

import importlib

import pytest

from tests.docs.claims.helpers import Claim
from tests.docs.prose import ROOT, decimals_of, numbers_in, prose_of, value_of

DOCUMENTS = sorted(
    [
        ROOT / "README.md",
        ROOT / "docs" / "model.md",
        ROOT / "docs" / "noise.md",
        *(ROOT / "docs" / "instructor").glob("*.md"),
        *(ROOT / "notebooks").glob("*.ipynb"),
    ]
)


def claims_of(path) -> dict[str, list[Claim]]:
    module = importlib.import_module(f"tests.docs.claims.{_module(path)}")
    return {literal: c if isinstance(c, list) else [c] for literal, c in module.CLAIMS.items()}


def _module(path) -> str:
    named = {
        ROOT / "README.md": "readme",
        ROOT / "docs" / "model.md": "model_reference",
        ROOT / "docs" / "noise.md": "noise_reference",
    }
    if path in named:
        return named[path]
    prefix = "instructor" if path.suffix == ".md" else "lesson"
    return f"{prefix}_{path.stem.replace('-', '_').lower()}"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_number_in_prose_is_claimed_and_every_claim_is_in_the_prose(path):
    stated = numbers_in(prose_of(path))
    claims = claims_of(path)
    unclaimed = sorted(stated - set(claims))
    orphans = sorted(set(claims) - stated)
    assert not unclaimed, f"{path.name}: numbers with no claim in tests/docs/claims: {unclaimed}"
    assert not orphans, f"{path.name}: claims for numbers no longer in the text: {orphans}"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_claimed_number_matches_the_model(path):
    wrong = []
    for literal, claims in claims_of(path).items():
        for claim in claims:
            if claim.value is None:
                continue
            actual, stated = float(claim.value()), value_of(literal)
            if claim.tol is not None:
                ok = abs(actual - stated) <= claim.tol
            else:
                ok = round(actual, decimals_of(literal)) == round(stated, decimals_of(literal))
            if not ok:
                wrong.append(f"{literal} (model: {actual:.4g})")
    assert not wrong, f"{path.name}: stale numbers: {wrong}"
