"""The named scenarios of the intimacy model: at least one for every phenomenon P01–P16.

Every scenario is plain data (:class:`Scenario`); the people in them come from the
profiles in :mod:`intimacy_dynamics.intimacy.traits`. Use :func:`names`, :func:`load`
and :func:`for_phenomenon`, or save a scenario to a JSON file and load it back with
:func:`save` and :func:`load_file`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from intimacy_dynamics.core.jsondata import read_json_file
from intimacy_dynamics.core.validation import check_known_name
from intimacy_dynamics.errors import BadInputError
from intimacy_dynamics.intimacy.traits import (
    NEGATIVE_TRAITS,
    POSITIVE_TRAITS,
    Person,
    learned_reluctance,
    profile,
)
from intimacy_dynamics.simulation.inputs import Hold, Pulse, Schedule
from intimacy_dynamics.simulation.scenario import Scenario, ScenarioError

__all__ = [
    "MODEL",
    "TURN_LENGTHS",
    "for_phenomenon",
    "load",
    "load_file",
    "names",
    "save",
    "speaking_turns",
]

MODEL = "IntimacyModel"
LONG = (0.0, 200.0)
#: acquaintances: some trust and openness already, little intimacy yet
ACQUAINTED = {"trust": 0.3, "disclosure": 0.3, "perceived_responsiveness": 0.4, "intimacy": 0.1}
#: a conversation of 20 days of exchange, each partner holding the floor for half of it
SESSION = 20.0


#: Turn lengths (days) that split the session into equal turns for each partner.
TURN_LENGTHS = (0.25, 0.5, 1.0, 2.0, 2.5, 5.0, SESSION / 2)


def speaking_turns(turn_length: float) -> dict[str, Schedule]:
    """Speaking schedules of a ``SESSION``-day conversation in turns of ``turn_length`` days.

    Each partner holds the floor for half the session; A speaks first. The P06 scenarios
    use quarter-day turns and one block of half the session each. The turn length must
    be one of :data:`TURN_LENGTHS`, so that the turns are equal.

    Examples
    --------
    >>> speaking_turns(10.0)["speaking_B"]
    Schedule(times=(0.0, 10.0), values=(0.0, 1.0))
    >>> speaking_turns(3.0)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: turn length 3.0 does not split the session ...
    """
    if turn_length not in TURN_LENGTHS:
        choices = ", ".join(f"{x:g}" for x in TURN_LENGTHS)
        raise BadInputError(
            f"turn length {turn_length!r} does not split the session into equal turns; "
            f"choose one of {choices} (days)"
        )
    n_turns = round(SESSION / (2 * turn_length))
    return {
        "speaking_A": Schedule.alternating(turn_length, n_turns, 1.0, 0.0),
        "speaking_B": Schedule.alternating(turn_length, n_turns, 0.0, 1.0),
    }


def both(**values: float) -> dict[str, float]:
    """The same value for partner A and partner B: ``both(trust=0.5)``."""
    return {f"{k}_{p}": v for k, v in values.items() for p in "AB"}


def couple(a: Person, b: Person) -> dict[str, float]:
    """Parameters of a couple of people."""
    return {**a.parameters("A"), **b.parameters("B")}


def _make(name, title, phenomena, description="", **fields) -> Scenario:
    return Scenario(
        name,
        title=title,
        description=description,
        model=MODEL,
        phenomena=tuple(phenomena.split()),
        **fields,
    )


def _responses():
    for label, valence in (("supportive", 0.7), ("disinterested", 0.0), ("critical", -0.7)):
        yield _make(
            f"P01_{label}_partner",
            f"A {label} partner",
            "P01",
            f"B answers A's disclosures with a {label} tone (valence {valence:+}).",
            params={"response_valence_B": valence},
            t_span=LONG,
        )


def _disclosures():
    for depth_name, depth in (("shallow", 0.2), ("deep", 0.8)):
        for kind, emotion in (("factual", 0.1), ("emotional", 0.9)):
            yield _make(
                f"P02_{depth_name}_{kind}",
                f"{depth_name} {kind} disclosure",
                "P02",
                params={"depth_A": depth, "emotional_content_A": emotion},
                t_span=LONG,
            )
        yield _make(
            f"P02_{depth_name}_to_a_critic",
            f"{depth_name} disclosure to a critic",
            "P02",
            "A week of disclosing to a critical partner, from moderate trust.",
            params={"depth_A": depth, "response_valence_B": -0.7},
            y0={"trust_A": 0.6, "disclosure_A": 0.6, "perceived_responsiveness_A": 0.6},
            t_span=(0.0, 7.0),
        )


def _cues():
    held = {"disclosure_A": 0.8}
    cases = {
        "P03_congruent_cues": ({"cue_congruence_B": 1.0}, "Words and cues agree."),
        "P03_sarcastic_smirk": ({"cue_congruence_B": 0.0}, "Kind words, a sarcastic smirk."),
        "P03_supportive_high_immediacy": ({"immediacy_B": 0.9}, "Supportive, leaning in."),
        "P03_supportive_low_immediacy": ({"immediacy_B": 0.1}, "Supportive, distant."),
        "P03_critical_high_immediacy": (
            {"immediacy_B": 0.9, "response_valence_B": -0.7},
            "Critical, leaning in.",
        ),
        "P03_critical_low_immediacy": (
            {"immediacy_B": 0.1, "response_valence_B": -0.7},
            "Critical, distant.",
        ),
        "P04_responsive_partner": ({"empathic_concern_B": 0.9}, "B cares a lot."),
        "P04_unresponsive_partner": ({"empathic_concern_B": 0.3}, "B cares little."),
        "P04_negative_reader": ({"interpretation_bias_A": -0.5}, "A reads rejection in answers."),
    }
    for name, (params, description) in cases.items():
        yield _make(
            name,
            description,
            name[:3],
            description + " A keeps disclosing (0.8).",
            params=params,
            y0=held,
            t_span=(0.0, 10.0),
        )


def _recursion():
    guarded = couple(profile("guarded"), profile("guarded"))
    for level, trust in (("high", 0.8), ("low", 0.2)):
        yield _make(
            f"P05_guarded_{level}_trust",
            f"A guarded couple starting at {level} trust",
            "P05 P16",
            "Same couple, same everything but the initial trust of both.",
            params=guarded,
            y0=both(trust=trust),
            t_span=(0.0, 300.0),
        )
    wary_a = profile("guarded").parameters("A")
    for level, depth in (("shallow", 0.2), ("deep", 0.9)):
        yield _make(
            f"P06_B_discloses_{level}",
            f"B's disclosures are {level}",
            "P06",
            params={**wary_a, "depth_B": depth},
            y0=both(**ACQUAINTED),
            t_span=(0, 60),
        )
    for level, care in (("little", 0.4), ("much", 0.9)):
        yield _make(
            f"P06_B_cares_{level}",
            f"B cares {level}",
            "P06",
            params={"empathic_concern_B": care},
            t_span=LONG,
        )
    turns, blocks = speaking_turns(0.25), speaking_turns(SESSION / 2)
    for label, inputs in (("alternating_turns", turns), ("long_blocks", blocks)):
        yield _make(
            f"P06_{label}",
            label.replace("_", " "),
            "P06",
            "Equal speaking time for both partners, split into short alternating turns "
            "or one long block each (Sprecher et al. 2013).",
            y0=both(**ACQUAINTED),
            t_span=(0.0, SESSION),
            inputs=inputs,
        )
    for level, depth in (("shallow", 0.2), ("deep", 0.8)):
        yield _make(
            f"P07_{level}_disclosure",
            f"A's disclosure is {level}",
            "P07",
            params={"depth_A": depth},
            t_span=LONG,
        )


def _people():
    neutral = profile("neutral").parameters("A")
    yield _make("P08_neutral_person", "A neutral person", "P08", params=neutral, t_span=LONG)
    for trait in POSITIVE_TRAITS + NEGATIVE_TRAITS:
        person = Person(f"high_{trait}", {trait: 0.9})
        yield _make(
            f"P08_high_{trait}",
            f"High {trait.replace('_', ' ')}",
            "P08",
            "Every other trait neutral.",
            params=person.parameters("A"),
            t_span=LONG,
        )
    for label, direct in (
        ("differentiation", {"differentiation": 0.9}),
        ("vulnerability_reluctance", {"vulnerability_reluctance": 0.7}),
    ):
        person = Person(f"high_{label}", **direct)
        yield _make(
            f"P08_high_{label}",
            f"High {label.replace('_', ' ')}",
            "P08",
            params=person.parameters("A"),
            t_span=LONG,
        )
    for culture, taught in (("western", 1.0), ("non_western", 0.1)):
        for pair, (a_man, b_man) in (
            ("women", (False, False)),
            ("men", (True, True)),
            ("mixed", (False, True)),
        ):
            yield _make(
                f"P09_{culture}_{pair}",
                f"{pair} ({culture.replace('_', '-')})",
                "P09",
                "Vulnerability reluctance learned from what the culture teaches those "
                "raised as men; no parameter is labelled as sex.",
                params={
                    "vulnerability_reluctance_A": learned_reluctance(taught, a_man),
                    "vulnerability_reluctance_B": learned_reluctance(taught, b_man),
                },
                t_span=LONG,
            )


def _self():
    for label, level in (("well_differentiated", 0.85), ("poorly_differentiated", 0.29)):
        yield _make(
            f"P10_{label}",
            label.replace("_", " ") + " couple",
            "P10",
            params=both(differentiation=level),
            t_span=(0.0, 800.0),
        )
    shock = {"disagreement": Pulse(start=150.0, duration=2.0, amplitude=0.5)}
    for label, level in (("fused", 0.4), ("differentiated", 0.85)):
        yield _make(
            f"P11_{label}_disagreement",
            f"A disagreement in a {label} couple",
            "P11",
            params=both(differentiation=level),
            inputs=shock,
            t_span=(0.0, 260.0),
        )
    for label, person in (
        ("tolerates_separateness", "well_differentiated"),
        ("trades_disclosure_for_closeness", "fused"),
    ):
        yield _make(
            f"P12_{label}",
            label.replace("_", " "),
            "P12",
            params=profile(person).parameters("A"),
            t_span=LONG,
        )
    yield _make(
        "P13_instant_intimacy",
        "Instant intimacy",
        "P13",
        "Pours out deep secrets from day one, before any trust exists.",
        params=profile("instant_intimacy_seeker").parameters("A"),
        y0={"disclosure_A": 0.9, "trust_A": 0.15},
        t_span=(0.0, 300.0),
    )
    steps = Schedule(
        times=tuple(float(t) for t in range(0, 80, 10)),
        values=tuple(round(0.3 + 0.65 * k / 7, 4) for k in range(8)),
    )
    yield _make(
        "P13_gradual_escalation",
        "Gradual escalation",
        "P13",
        "Wants intimacy as much, but deepens the disclosures step by step.",
        params=profile("gradual_seeker").parameters("A"),
        inputs={"depth_A": steps},
        t_span=(0.0, 300.0),
    )
    fearful = profile("fearful_of_intimacy").parameters("A")
    yield _make(
        "P14_fear_of_intimacy",
        "Fear of intimacy",
        "P14",
        "A fearful person makes four two-day attempts to open up: each time every fear "
        "and reluctance is set aside and the wish for closeness is at its fullest.",
        params=fearful,
        inputs=_attempts(ATTEMPTS, ATTEMPT_DAYS),
        t_span=(0.0, 200.0),
    )
    yield _make("P14_reference_person", "A reference person", "P14 P15", t_span=(0.0, 200.0))
    stress = {"stress_A": Pulse(start=150.0, duration=3.0, amplitude=1.0)}
    guarded = couple(profile("guarded"), profile("guarded"))
    yield _make(
        "P15_stress_high_intimacy",
        "Stress in an intimate couple",
        "P15",
        inputs=stress,
        t_span=(0.0, 200.0),
    )
    yield _make(
        "P15_stress_low_intimacy",
        "Stress in a distant couple",
        "P15",
        params=guarded,
        y0=both(trust=0.1),
        inputs=stress,
        t_span=(0.0, 200.0),
    )
    yield _make(
        "P16_strangers",
        "Strangers getting to know each other",
        "P16",
        "Low trust, little disclosure: how fast does intimacy come?",
        t_span=(0.0, 120.0),
    )


#: When the fearful person of P14 tries to open up, and for how long each time.
ATTEMPTS = (30.0, 60.0, 90.0, 120.0)
ATTEMPT_DAYS = 2.0


def _attempts(starts, days) -> dict:
    """Holds that, while they last, set every fear and reluctance to 0 and the motive to 1."""
    targets = {
        "intimacy_motive_A": 1.0,
        "fear_of_intimacy_A": 0.0,
        "fear_of_dependence_A": 0.0,
        "vulnerability_reluctance_A": 0.0,
    }
    inputs = {}
    for name, level in targets.items():
        holds = [Hold(start=s, duration=days, level=level) for s in starts]
        inputs[name] = sum(holds[1:], start=holds[0])
    return inputs


@cache
def _catalog() -> dict[str, Scenario]:
    scenarios = {}
    for group in (_responses, _disclosures, _cues, _recursion, _people, _self):
        for scenario in group():
            scenarios[scenario.name] = scenario
    return scenarios


def names() -> list[str]:
    """Every named scenario, in phenomenon order.

    Examples
    --------
    >>> "P05_guarded_high_trust" in names()
    True
    """
    return list(_catalog())


def load(name: str) -> Scenario:
    """The named scenario.

    Examples
    --------
    >>> load("P16_strangers").t_span
    (0.0, 120.0)
    """
    return _catalog()[check_known_name(name, _catalog(), "scenario", "the catalog", ScenarioError)]


def for_phenomenon(phenomenon: str) -> list[Scenario]:
    """The scenarios that show ``phenomenon`` (``"P05"``).

    Examples
    --------
    >>> [s.name for s in for_phenomenon("P05")]
    ['P05_guarded_high_trust', 'P05_guarded_low_trust']
    """
    found = [s for s in _catalog().values() if phenomenon in s.phenomena]
    if not found:
        raise ScenarioError(f"no scenario shows {phenomenon!r}; phenomena are P01 to P16")
    return found


def save(scenario: Scenario, path: str | Path) -> Path:
    """Write ``scenario`` to a JSON file."""
    path = Path(path)
    path.write_text(scenario.to_json())
    return path


def load_file(path: str | Path) -> Scenario:
    """Read a scenario from a JSON file (parsed as data, never executed).

    Every error names the file: one that cannot be read, is not UTF-8 text, is too large
    or is not a valid scenario (see :func:`~intimacy_dynamics.core.jsondata.parse_json`).
    """
    source = f"scenario file {str(path)!r}"
    return Scenario.from_dict(read_json_file(path, "scenario file", ScenarioError), source)
