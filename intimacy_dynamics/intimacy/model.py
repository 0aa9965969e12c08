r"""The intimacy process model: disclosure, response, trust, and the self inside closeness.

Each partner has eight states, all in ``[0, 1]`` (time in days):

- willingness to **disclose** ``D``, **trust** in the partner ``T``, and **perceived
  partner responsiveness** ``R`` form the loop of the interpersonal process model (Reis
  & Shaver 1988). One partner discloses, the other responds, and the discloser reads
  the response and feels understood, or does not. Willingness follows both trust and
  the responsiveness recently felt, so a partner who meets disclosure with criticism
  is confided in less and less;
- **recent disclosure** ``M`` is a short memory of the conversation: what one has
  revealed over the last day or so. The partner's ``M`` is what one has just been
  told, so a disclosure that is answered with one's own counts as reciprocated;
- felt **intimacy** ``I`` grows from one's own disclosure as far as it is validated
  (through ``R``, as in Laurenceau, Barrett & Pietromonaco 1998), from being confided
  in, and from disclosure that is reciprocated within the conversation;
- **sense of self** ``S`` (differentiation against fusion) and **closeness** ``C``
  (togetherness, a different quantity from intimacy) carry the balance between keeping
  a self and merging with the partner (Bowen; Schnarch);
- **distress** ``X`` rises with stress, less so when intimacy is high (stress
  buffering, Cohen & Wills 1985).

Every rate is written as ``g (1 - x) - h x``, with a gain ``g >= 0`` and a loss
``h >= 0`` for every admissible parameter set and every state in the unit cube, so
every state stays in ``[0, 1]`` (:meth:`IntimacyModel.gains_and_losses` exposes the
pairs). Only smooth functions are used, so the Jacobians are exact and smooth. Every
weight has a name: the mechanism's gains and time scales are shared parameters, and
the fixed shapes are the constants below. ``docs/model.md`` gives the causal diagram,
the meaning and sources of each term, and what the model leaves out.
"""

from __future__ import annotations

import sympy

from intimacy_dynamics.core.model import Model
from intimacy_dynamics.core.quantities import Noise, Output, Param, State

__all__ = ["INPUTS", "PERSON_PARAMETERS", "STRUCTURAL_CONSTANTS", "IntimacyModel"]

#: The fixed shapes of the model and the scales of a person's traits, by name:
#: ``{name: (value, meaning)}``. The weights of the mechanism itself are parameters
#: (below), so they can be varied and are perturbed in the robustness table.
STRUCTURAL_CONSTANTS: dict[str, tuple[sympy.Rational, str]] = {}


def _constant(name: str, value, meaning: str):
    STRUCTURAL_CONSTANTS[name] = (sympy.nsimplify(value), meaning)
    return STRUCTURAL_CONSTANTS[name][0]


DEPTH_FLOOR = _constant(
    "DEPTH_FLOOR", 0.2, "Weight of the shallowest material, against 1 for the deepest."
)
FACT_WEIGHT = _constant(
    "FACT_WEIGHT",
    0.5,
    "Weight of facts against feelings (1): emotional disclosure predicts intimacy more "
    "than factual disclosure (Laurenceau, Barrett & Pietromonaco 1998).",
)
AUTHENTICITY_FLOOR = _constant(
    "AUTHENTICITY_FLOOR",
    0.3,
    "Share of its value that disclosure keeps when the self is lost: one can only "
    "reveal a self one has.",
)
SIGNAL_FLOOR = _constant(
    "SIGNAL_FLOOR",
    0.4,
    "What a response to small talk says, against a response to the deepest disclosure.",
)
STAKES_REFERENCE = _constant(
    "STAKES_REFERENCE",
    0.5,
    "The weight of material whose response is read at face value (stakes 1); weightier "
    "disclosures amplify what the response says.",
)
IMMEDIACY_FLOOR = _constant(
    "IMMEDIACY_FLOOR",
    0.5,
    "How strongly a response without any immediacy comes across (1 plus this at full immediacy).",
)
CUE_AFFECT_WEIGHT = _constant(
    "CUE_AFFECT_WEIGHT", 0.5, "What warm or cold cues say, against the words they come with."
)
THRESHOLD_RELUCTANCE = _constant(
    "THRESHOLD_RELUCTANCE",
    0.3,
    "Trust needed per unit of learned vulnerability reluctance before disclosing.",
)
THRESHOLD_FEAR = _constant(
    "THRESHOLD_FEAR", 0.35, "Trust needed per unit of fear of intimacy before disclosing."
)
THRESHOLD_DEPENDENCE = _constant(
    "THRESHOLD_DEPENDENCE", 0.15, "Trust needed per unit of fear of dependence."
)
THRESHOLD_MOTIVE = _constant(
    "THRESHOLD_MOTIVE", 0.35, "Trust one does without per unit of intimacy motive."
)
CEILING_RELUCTANCE = _constant(
    "CEILING_RELUCTANCE",
    0.5,
    "Share of the most one would reveal that full vulnerability reluctance holds back.",
)
CEILING_FEAR = _constant(
    "CEILING_FEAR", 0.4, "Share of the most one would reveal that full fear of intimacy holds back."
)
CEILING_DEPENDENCE = _constant(
    "CEILING_DEPENDENCE",
    0.25,
    "Share of the most one would reveal that full fear of dependence holds back.",
)
CEILING_WITHOUT_MOTIVE = _constant(
    "CEILING_WITHOUT_MOTIVE", 0.6, "The most one reveals without any intimacy motive."
)
CONFIDED_TRUST_FLOOR = _constant(
    "CONFIDED_TRUST_FLOOR",
    0.5,
    "How much of a confidence one takes in from a partner one does not trust at all.",
)
CONFIDED_EMPATHY_FLOOR = _constant(
    "CONFIDED_EMPATHY_FLOOR",
    0.5,
    "How much of a confidence a listener without empathic concern takes in.",
)
DISAGREEMENT_FLOOR = _constant(
    "DISAGREEMENT_FLOOR",
    0.1,
    "How hard a disagreement hits a perfectly differentiated person, against a fused "
    "one's 1.1: a fused self cannot withstand pressure (P11).",
)
PULL_CENTRE = _constant(
    "PULL_CENTRE",
    0.5,
    "The level of one's own intimacy, and of the partner's closeness, that neither pulls "
    "toward togetherness nor away from it.",
)
DEPENDENCE_PUSH = _constant(
    "DEPENDENCE_PUSH",
    2,
    "How far full fear of dependence pushes closeness down, on the logit scale.",
)
BUFFERED_RECOVERY = _constant(
    "BUFFERED_RECOVERY",
    2,
    "How many times faster distress recovers at full intimacy and full buffering "
    "(Cohen & Wills 1985).",
)
LONELY_DISTRESS_SHARE = _constant(
    "LONELY_DISTRESS_SHARE",
    0.3,
    "Share of loneliness that distress adds to missing intimacy.",
)


def sigmoid(x):
    """The logistic function written with tanh, which cannot overflow."""
    return (1 + sympy.tanh(x / 2)) / 2


def _unit(default, label, doc, symbol=None, per_partner=True, soft=None, low=0.0):
    return Param(
        default,
        bounds=(low, 1),
        soft=soft,
        step=0.01,
        label=label,
        doc=doc,
        symbol=symbol,
        per_partner=per_partner,
    )


#: The declared intensity of every noise of the model, in 1/sqrt(day): a couple wavers
#: visibly around its attractor from week to week (docs/model.md shows how much).
NOISE_DEFAULT = 0.3
#: The largest intensity allowed: the states still stay in range (they always do), and
#: a couple can be shaken out of its attractor.
NOISE_MAX = 2.0


def _noise(state, label, doc, symbol):
    return Noise(
        NOISE_DEFAULT,
        drives=state,
        bounds=(0, NOISE_MAX),
        soft=(0, 1),
        step=0.01,
        unit="1/sqrt(day)",
        label=label,
        doc=doc,
        symbol=symbol,
        per_partner=True,
    )


def _time(default, bounds, soft, label, doc, symbol):
    return Param(
        default, bounds=bounds, soft=soft, step=0.1, unit="day", label=label, doc=doc, symbol=symbol
    )


def _gain(default, bounds, soft, label, doc, symbol=None, unit="1", step=0.05):
    return Param(
        default, bounds=bounds, soft=soft, step=step, unit=unit, label=label, doc=doc, symbol=symbol
    )


class IntimacyModel(Model):
    """Two partners' intimacy process, fusion and individuation (see the module docs).

    Examples
    --------
    >>> from intimacy_dynamics import IntimacyModel, simulate
    >>> model = IntimacyModel()
    >>> len(model.state_names), model.time_unit
    (16, 'day')
    >>> run = simulate(model)                       # two strangers getting acquainted
    >>> 0.5 < run.tail_mean("intimacy_A") < 0.8
    True
    """

    time_unit = "day"
    t_span = (0.0, 200.0)

    # ---------------------------------------------------------------- states
    disclosure = State(
        0.2,
        bounds=(0, 1),
        per_partner=True,
        symbol="D",
        label="Willingness to disclose",
        doc="Readiness to reveal personal, private, emotional material (0 closed, 1 fully open).",
    )
    trust = State(
        0.2,
        bounds=(0, 1),
        per_partner=True,
        symbol="T",
        label="Trust",
        doc="Expectation that the partner will respond with care.",
    )
    perceived_responsiveness = State(
        0.3,
        bounds=(0, 1),
        per_partner=True,
        symbol="R",
        label="Perceived responsiveness",
        doc="Feeling understood, valued and cared for in the partner's recent responses.",
    )
    intimacy = State(
        0.05,
        bounds=(0, 1),
        per_partner=True,
        symbol="I",
        label="Intimacy",
        doc="Felt intimacy with the partner.",
    )
    sense_of_self = State(
        0.9,
        bounds=(0, 1),
        per_partner=True,
        symbol="S",
        label="Sense of self",
        doc="1: an intact, differentiated self; 0: fused, lost in the partner.",
    )
    closeness = State(
        0.3,
        bounds=(0, 1),
        per_partner=True,
        symbol="C",
        label="Closeness",
        doc="Togetherness: time and attention merged with the partner (not the same as intimacy).",
    )
    distress = State(
        0.1,
        bounds=(0, 1),
        per_partner=True,
        symbol="X",
        label="Distress",
        doc="Emotional distress (stress symptoms).",
    )
    recent_disclosure = State(
        0.05,
        bounds=(0, 1),
        per_partner=True,
        symbol="M",
        label="Recent disclosure",
        doc="What one has revealed in the last day or so: a short memory of the "
        "conversation, which the partner answers or does not.",
    )

    # ------------------------------------------------- day-to-day noise (noisy runs only)
    disclosure_noise = _noise(
        "disclosure",
        "Disclosure noise",
        "Day-to-day wavering of one's willingness to disclose: mood, occasion, what the "
        "day brings to talk about.",
        r"\sigma^{D}",
    )
    reading_noise = _noise(
        "perceived_responsiveness",
        "Reading noise",
        "How subjectively a response is read in the moment: the same answer feels warmer "
        "one day than the next.",
        r"\sigma^{R}",
    )
    feeling_noise = _noise(
        "intimacy",
        "Feeling noise",
        "Feeling close one day and distant the next, around what the exchanges build.",
        r"\sigma^{I}",
    )

    # ------------------------------------------------ what one discloses
    depth = _unit(
        0.5,
        "Disclosure depth",
        "How personal and private the disclosed material is (social penetration depth).",
        r"\delta",
    )
    emotional_content = _unit(
        0.5,
        "Emotional content",
        "Share of feelings rather than facts in what is disclosed; feelings weigh more.",
        r"\epsilon",
    )
    # ------------------------------------------- how one responds (read by the other)
    empathic_concern = _unit(
        0.7,
        "Empathic concern",
        "Capacity and motivation to understand and care when responding.",
        "e",
    )
    response_valence = _unit(
        0.7,
        "Response valence",
        "Tone of responses: +1 supportive, 0 disinterested, -1 critical.",
        "v",
        low=-1.0,
    )
    cue_affect = _unit(
        0.2,
        "Nonverbal affect",
        "Affect carried by one's nonverbal cues (warm +, cold -).",
        "a",
        low=-1.0,
    )
    cue_congruence = _unit(
        0.9,
        "Cue congruence",
        "1: the cues match the words; 0: they contradict them (a sarcastic smirk).",
        r"\kappa",
    )
    immediacy = _unit(
        0.5,
        "Immediacy",
        "Nonverbal immediacy (leaning in, gaze); amplifies what a response says, good or bad.",
        "m",
    )
    # ------------------------------------------------------------ the perceiver
    interpretation_bias = _unit(
        0.0,
        "Interpretation bias",
        "One's own reading of responses: negative reads rejection, positive reads care.",
        "b",
        low=-1.0,
    )
    reciprocity = _unit(
        0.5,
        "Reciprocity",
        "How strongly one's openness and responsiveness follow the partner's.",
        "r",
    )
    trust_propensity = _unit(
        0.4,
        "Trust propensity",
        "Baseline trust in others: what trust returns to without evidence.",
        r"\pi",
    )
    # ------------------------------------- motives, fears, learning, differentiation
    intimacy_motive = _unit(0.5, "Intimacy motive", "Motivation to seek intimate exchange.", r"\mu")
    fear_of_intimacy = _unit(
        0.3, "Fear of intimacy", "Fear of exposure and of losing one's boundaries.", r"\phi"
    )
    fear_of_dependence = _unit(
        0.3, "Fear of dependence", "Fear of needing the partner; pushes closeness down.", r"\psi"
    )
    vulnerability_reluctance = _unit(
        0.3,
        "Vulnerability reluctance",
        "Learned, culture-dependent reluctance to be vulnerable.",
        r"\nu",
    )
    differentiation = _unit(
        0.7,
        "Differentiation of self",
        "Ability to keep one's own identity inside closeness.",
        r"\Delta",
    )
    # --------------------------------------------------------- inputs over time
    speaking = _unit(
        1.0,
        "Speaking share",
        "Share of the floor (1: continuous mutual "
        "exchange; drive it with a Schedule for turn-taking).",
        "u",
    )
    stress = _unit(0.0, "Stress", "External stressor load (drive it with a Pulse).", r"\varsigma")
    disagreement = _unit(
        0.0,
        "Disagreement",
        "A disagreement or pressure shock between the partners (drive it with a Pulse).",
        r"\chi",
        per_partner=False,
    )

    # ---------------------------------------------------------------- time scales
    tau_fast = _time(
        0.5,
        (0.05, 5),
        (0.2, 2),
        "Disclosure time scale",
        "How fast willingness to disclose and reading of responses follow.",
        r"\tau_f",
    )
    tau_memory = _time(
        1.0,
        (0.05, 10),
        (0.2, 4),
        "Conversation memory",
        "How long what one has just revealed stays fresh: the time within which the "
        "partner's own disclosure counts as answering it.",
        r"\tau_M",
    )
    tau_trust = _time(
        3.0,
        (0.2, 20),
        (0.5, 8),
        "Trust time scale",
        "Time for trust to learn from one unit of exposure.",
        r"\tau_T",
    )
    lambda_trust = _gain(
        0.03,
        (0, 1),
        (0, 0.3),
        "Trust relaxation",
        "Rate at which trust returns to its propensity without evidence.",
        r"\lambda",
        unit="1/day",
        step=0.01,
    )
    prior_rate = _gain(
        0.12,
        (0, 2),
        (0, 0.5),
        "Responsiveness prior",
        "Rate at which perceived responsiveness drifts toward trust when one is not "
        "disclosing (expectation stands in for evidence).",
        r"\lambda_R",
        unit="1/day",
        step=0.01,
    )
    tau_intimacy = _time(
        8.0, (0.2, 40), (1, 15), "Intimacy time scale", "Time scale of felt intimacy.", r"\tau_I"
    )
    tau_closeness = _time(
        1.0, (0.1, 10), (0.3, 4), "Closeness time scale", "Time scale of togetherness.", r"\tau_C"
    )
    tau_self = _time(
        4.0,
        (0.5, 80),
        (2, 30),
        "Self time scale",
        "Time scale of fusion of the self and its recovery.",
        r"\tau_S",
    )
    tau_distress = _time(
        1.0, (0.1, 10), (0.3, 4), "Distress time scale", "Time scale of distress.", r"\tau_X"
    )
    # ----------------------------------------------------- the disclosure gate
    disclosure_gain = _gain(
        10.0,
        (0, 30),
        (1, 15),
        "Disclosure gain",
        "Steepness of willingness to disclose against the care one expects: the more one "
        "trusts the partner's response, the more one dares (source text 1); high values "
        "make the loop bistable.",
        "k_D",
    )
    disclosure_threshold = _gain(
        0.34,
        (-1, 2),
        (-0.3, 0.8),
        "Disclosure threshold",
        "Trust needed before disclosing, for a person without fears.",
        r"\theta_0",
        step=0.01,
    )
    responsiveness_in_willingness = _gain(
        0.8,
        (0, 5),
        (0, 3),
        "Felt responsiveness in willingness",
        "Weight of recently felt responsiveness, against trust (weight 1), in "
        "willingness to disclose.",
        r"w_R",
    )
    care_in_openness = _gain(
        0.4,
        (0, 1),
        (0, 1),
        "Felt care in openness",
        "Once one dares to disclose, how far one opens follows the care one expects: the "
        "share of willingness that scales with trust and felt responsiveness.",
        r"a_R",
    )
    reciprocity_gain = _gain(
        6.5,
        (0, 10),
        (0, 8),
        "Disclosure reciprocity",
        "How much the partner's recent disclosure, scaled by one's reciprocity and felt "
        "responsiveness, invites one's own (Sprecher et al. 2013).",
        r"w_M",
    )
    # ------------------------------------------------------- reading a response
    response_gain = _gain(
        5.0,
        (0, 10),
        (0.5, 8),
        "Response gain",
        "Steepness of perceived responsiveness against the response signal.",
        "k_R",
    )
    confided_trust = _gain(
        0.3,
        (0, 3),
        (0, 1.5),
        "Trust from being confided in",
        "How much being confided in builds trust (Collins & Miller 1994).",
        "w_T",
    )
    # ------------------------------------------------------------ felt intimacy
    direct_weight = _gain(
        0.3,
        (0, 3),
        (0, 1.5),
        "Direct disclosure weight",
        "Intimacy from one's own disclosure not mediated by perceived responsiveness.",
        "w_d",
    )
    validation_weight = _gain(
        0.5,
        (0, 5),
        (0, 3),
        "Validation weight",
        "Intimacy from one's own disclosure as far as the partner is felt to understand "
        "and care: perceived responsiveness partly mediates disclosure (Laurenceau, "
        "Barrett & Pietromonaco 1998).",
        "w_v",
    )
    partner_disclosure_weight = _gain(
        3.5,
        (0, 8),
        (0, 6),
        "Partner disclosure weight",
        "Intimacy from being confided in: people like those who disclose to them (Collins "
        "& Miller 1994), and a listener likes a discloser more than the other way round "
        "(Sprecher et al. 2013).",
        "w_p",
    )
    mutual_weight = _gain(
        30.0,
        (0, 80),
        (0, 60),
        "Reciprocated disclosure weight",
        "Intimacy from disclosure that is validated and reciprocated (source text 2; "
        "Sprecher et al. 2013): one's own and the partner's recent disclosure at once, as "
        "far as the partner is felt to care.",
        "w_m",
    )
    intimacy_decay = _gain(
        0.5, (0.01, 3), (0.05, 1), "Intimacy decay", "Loss of intimacy without exchange.", r"\eta"
    )
    # ------------------------------------------------- closeness and the self
    closeness_intimacy_gain = _gain(
        6.0, (0, 20), (0, 12), "Closeness from intimacy", "Pull of intimacy on togetherness.", "g_I"
    )
    closeness_coupling = _gain(
        2.0,
        (0, 10),
        (0, 5),
        "Closeness coupling",
        "Togetherness is mutual: pull toward the partner's closeness.",
        "g_C",
    )
    fusion_gain = _gain(
        6.0,
        (0, 30),
        (0, 15),
        "Compulsive togetherness",
        "Self-reinforcement of closeness in a poorly differentiated person.",
        "g_F",
    )
    engulfment_gain = _gain(
        8.0,
        (0, 30),
        (0, 15),
        "Reactive distancing",
        "Pull away from closeness when the self is lost.",
        "g_E",
    )
    fusion_rate = _gain(
        3.0,
        (0, 10),
        (0, 6),
        "Fusion rate",
        "How fast closeness dissolves a poorly differentiated self.",
        "g_S",
    )
    disagreement_gain = _gain(
        3.0,
        (0, 10),
        (0, 6),
        "Disagreement impact",
        "How hard a disagreement hits (more so when fused).",
        "g_\\chi",
    )
    # --------------------------------------------------------------- well-being
    stress_gain = _gain(
        4.0, (0, 10), (0, 8), "Stress impact", "Distress produced by stress.", "g_X"
    )
    buffering = _gain(
        0.8,
        (0, 1),
        (0, 1),
        "Stress buffering",
        "How much felt intimacy buffers stress and speeds recovery (Cohen & Wills 1985).",
        r"\beta",
    )
    loneliness_distress = _gain(
        0.3,
        (0, 2),
        (0, 1),
        "Distress of loneliness",
        "Chronic distress from a lack of intimacy.",
        r"\ell",
    )

    # --------------------------------------------------------------- outputs
    loneliness = Output(
        bounds=(0, 1),
        per_partner=True,
        symbol="L",
        label="Loneliness",
        doc="Unmet need for intimacy, worse with distress.",
    )
    responsiveness = Output(
        bounds=(0, 1),
        per_partner=True,
        symbol=r"\rho",
        label="Responsiveness shown",
        doc="Responsiveness one actually shows the partner.",
    )
    exposure = Output(
        bounds=(0, 1),
        per_partner=True,
        symbol="E",
        label="Exposure",
        doc="Self-disclosure actually on the table: speaking x willingness x "
        "weight of the material x authenticity.",
    )
    response_reading = Output(
        bounds=(0, 1),
        per_partner=True,
        symbol="Z",
        label="Reading of the partner's response",
        doc="How one reads the partner's response (0 rejecting, 1 caring): the level "
        "perceived responsiveness moves toward while one is exposed.",
    )
    couple_intimacy = Output(
        bounds=(0, 1),
        symbol=r"\bar{I}",
        label="The couple's intimacy",
        doc="The mean of the two partners' felt intimacy: what decides whether a couple "
        "ends intimate or distant.",
    )
    response_conveyed = Output(
        bounds=(0, 1),
        per_partner=True,
        symbol="Z^{0}",
        label="What the partner's response conveys",
        doc="The same reading without one's own interpretation bias: what the "
        "partner's words and cues say to an unbiased listener.",
    )

    # ------------------------------------------------------ algebraic pieces
    @staticmethod
    def disclosure_weight(me):
        """Intimacy potential (and risk) of the material: depth, feelings over facts."""
        return (DEPTH_FLOOR + (1 - DEPTH_FLOOR) * me.depth) * (
            FACT_WEIGHT + (1 - FACT_WEIGHT) * me.emotional_content
        )

    @classmethod
    def exposure_of(cls, me):
        """What is actually disclosed: speaking, willingness, weight, authenticity."""
        authenticity = AUTHENTICITY_FLOOR + (1 - AUTHENTICITY_FLOOR) * me.sense_of_self
        return me.speaking * me.disclosure * cls.disclosure_weight(me) * authenticity

    @staticmethod
    def responsiveness_of(me):
        """Responsiveness ``me`` shows: empathic concern, matched to the perceived partner's."""
        return me.empathic_concern * (
            1 - me.reciprocity + me.reciprocity * me.perceived_responsiveness
        )

    @classmethod
    def response_signal(cls, me, other):
        """What ``me`` reads in ``other``'s responses (before the sigmoid).

        Words times responsiveness, flipped by incongruent cues; nonverbal affect; all
        amplified by immediacy and by the stakes of the disclosure; shifted by ``me``'s
        interpretation bias.
        """
        verbal = other.response_valence * cls.responsiveness_of(other)
        meaning = verbal * (2 * other.cue_congruence - 1) + CUE_AFFECT_WEIGHT * other.cue_affect
        stakes = SIGNAL_FLOOR + (1 - SIGNAL_FLOOR) * cls.disclosure_weight(me) / STAKES_REFERENCE
        return (IMMEDIACY_FLOOR + other.immediacy) * stakes * meaning + me.interpretation_bias

    @staticmethod
    def disclosure_threshold_of(me, p):
        """Trust ``me`` needs before disclosing: raised by reluctance and fears, not motive."""
        return (
            p.disclosure_threshold
            + THRESHOLD_RELUCTANCE * me.vulnerability_reluctance
            + THRESHOLD_FEAR * me.fear_of_intimacy
            + THRESHOLD_DEPENDENCE * me.fear_of_dependence
            - THRESHOLD_MOTIVE * me.intimacy_motive
        )

    @staticmethod
    def disclosure_ceiling_of(me):
        """The most ``me`` is willing to reveal: lowered by reluctance and fears."""
        return (
            (1 - CEILING_RELUCTANCE * me.vulnerability_reluctance)
            * (1 - CEILING_FEAR * me.fear_of_intimacy)
            * (1 - CEILING_DEPENDENCE * me.fear_of_dependence)
            * (CEILING_WITHOUT_MOTIVE + (1 - CEILING_WITHOUT_MOTIVE) * me.intimacy_motive)
        )

    @staticmethod
    def expectation_of(me, p):
        """How much care ``me`` expects: trust and felt responsiveness (weights 1, ``w_R``)."""
        w_R = p.responsiveness_in_willingness
        return (me.trust + w_R * me.perceived_responsiveness) / (1 + w_R)

    @classmethod
    def willingness_of(cls, me, other, p):
        """The willingness ``me`` moves toward: whether one dares, and how far one opens.

        Whether: a graded gate on the care one expects, against one's threshold; the
        partner's recent disclosure invites one's own (reciprocity) as far as one feels
        the partner cares, so a critic's confidences invite little. How far: the care one
        expects (a share ``a_R``) and one's fears and motive (the ceiling).
        """
        expected = cls.expectation_of(me, p)
        invited = (
            p.reciprocity_gain
            * me.reciprocity
            * other.recent_disclosure
            * me.perceived_responsiveness
        )
        dares = sigmoid(
            p.disclosure_gain * (expected + invited - cls.disclosure_threshold_of(me, p))
        )
        how_far = 1 - p.care_in_openness + p.care_in_openness * expected
        return dares * how_far * cls.disclosure_ceiling_of(me)

    @staticmethod
    def letting_in_of(me):
        """How much of a partner's confidence ``me`` takes in: trust, empathy, no fear."""
        return (
            (CONFIDED_TRUST_FLOOR + (1 - CONFIDED_TRUST_FLOOR) * me.trust)
            * (CONFIDED_EMPATHY_FLOOR + (1 - CONFIDED_EMPATHY_FLOOR) * me.empathic_concern)
            * (1 - me.fear_of_intimacy)
        )

    # ------------------------------------------------------------- the rates
    def gains_and_losses(self, me, other, p) -> dict:
        """``{state: (g, h)}``: each rate is ``g (1 - x) - h x`` with ``g, h >= 0``."""
        fused = 1 - me.differentiation
        exposed = self.exposure_of(me)
        heard = other.recent_disclosure
        T, R, felt = me.trust, me.perceived_responsiveness, me.intimacy
        S, C = me.sense_of_self, me.closeness
        hit = p.disagreement * p.disagreement_gain * (DISAGREEMENT_FLOOR + fused)

        read = sigmoid(p.response_gain * self.response_signal(me, other))
        letting_in = self.letting_in_of(me)
        willing = self.willingness_of(me, other, p)
        pairs = {
            "perceived_responsiveness": (
                exposed / p.tau_fast * read + p.prior_rate * T,
                exposed / p.tau_fast * (1 - read) + p.prior_rate * (1 - T) + hit,
            ),
            "trust": (
                (exposed * R + p.confided_trust * (1 - me.fear_of_intimacy) * heard) / p.tau_trust
                + p.lambda_trust * me.trust_propensity,
                exposed * (1 - R) / p.tau_trust
                + p.lambda_trust * (1 - me.trust_propensity)
                + hit * fused,
            ),
            "disclosure": (willing / p.tau_fast, (1 - willing) / p.tau_fast),
            "recent_disclosure": (exposed / p.tau_memory, (1 - exposed) / p.tau_memory),
            "intimacy": (
                (
                    exposed * (p.direct_weight + p.validation_weight * R)
                    + p.partner_disclosure_weight * letting_in * heard
                    + p.mutual_weight * letting_in * R * me.recent_disclosure * heard
                )
                / p.tau_intimacy,
                p.intimacy_decay / p.tau_intimacy + hit,
            ),
        }
        pull = (
            p.closeness_intimacy_gain * (felt - PULL_CENTRE)
            + p.closeness_coupling * (other.closeness - PULL_CENTRE)
            + fused * (p.fusion_gain * C - p.engulfment_gain * (1 - S))
            - DEPENDENCE_PUSH * me.fear_of_dependence
        )
        together = sigmoid(pull)
        pairs["closeness"] = (together / p.tau_closeness, (1 - together) / p.tau_closeness)
        pairs["sense_of_self"] = (
            (me.differentiation + 1 - C) / p.tau_self,
            p.fusion_rate * fused**2 * C**2 / p.tau_self + hit * fused,
        )
        pairs["distress"] = (
            (
                p.stress_gain * me.stress * (1 - p.buffering * felt)
                + p.loneliness_distress * (1 - felt)
            )
            / p.tau_distress,
            (1 + BUFFERED_RECOVERY * p.buffering * felt) / p.tau_distress,
        )
        return pairs

    def rates(self, me, other, p):
        """Each state moves toward 1 at rate ``g`` and toward 0 at rate ``h``."""
        return {
            name: gain * (1 - getattr(me, name)) - loss * getattr(me, name)
            for name, (gain, loss) in self.gains_and_losses(me, other, p).items()
        }

    def outputs(self, me, other, p):
        """Loneliness, responsiveness shown, exposure, and how one reads the partner."""
        signal = self.response_signal(me, other)
        return {
            "response_reading": sigmoid(p.response_gain * signal),
            "response_conveyed": sigmoid(p.response_gain * (signal - me.interpretation_bias)),
            "loneliness": (1 - me.intimacy)
            * (1 - LONELY_DISTRESS_SHARE + LONELY_DISTRESS_SHARE * me.distress),
            "responsiveness": self.responsiveness_of(me),
            "exposure": self.exposure_of(me),
        }

    def shared_outputs(self, x, p):
        """The couple's intimacy: the mean of the partners' felt intimacy."""
        felt = [x[f"intimacy_{partner}"] for partner in self.partners]
        return {"couple_intimacy": sum(felt) / len(felt)}


#: Parameters that are driven over time by scenarios (speaking turns, stress, a
#: disagreement), not properties of a person or of the mechanism.
INPUTS = ("speaking", "stress", "disagreement")
#: What each partner brings: every per-partner parameter that is not an input.
PERSON_PARAMETERS = tuple(
    base
    for base, declaration in IntimacyModel._declarations.items()
    if isinstance(declaration, Param) and declaration.per_partner and base not in INPUTS
)
