"""The readouts' verdicts in words on the intimacy model's quantities, by named cut-offs.

Where a couple *ends* is judged in :mod:`~intimacy_dynamics.intimacy.endings`. This
module holds the smaller verdicts the explorers say in words: how A reads B's response,
whether a change a student made is big enough to call, what B's words and cues convey,
and how much of a gap a culture leaves. Each cut-off is a named constant here, so that a
widget only words what the model's package decides, and a lesson or a test can ask for
the same verdict.

Examples
--------
>>> reading_in_words(0.8), reading_in_words(0.5), reading_in_words(0.2)
('caring', 'lukewarm', 'rejecting')
>>> direction(0.3, CHANGE_A_STUDENT_SEES)
'up'
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "BIAS_SHOWS",
    "CHANGE_A_STUDENT_SEES",
    "COLD_CUES_BELOW",
    "CONTRADICTING_CUES_BELOW",
    "CRITICAL_WORDS_BELOW",
    "DISINTERESTED_WORDS_BELOW",
    "GAP_HALVED_BELOW",
    "GAP_NEARLY_GONE_BELOW",
    "KEEPING_DISTANCE_BELOW",
    "LEANING_IN_ABOVE",
    "NO_EFFECT_BELOW",
    "READS_AS_CARING",
    "READS_AS_REJECTING",
    "TREND_A_STUDENT_SEES",
    "direction",
    "gap_left",
    "reading_bias_in_words",
    "reading_in_words",
    "what_comes_across",
]

#: A reading of the partner's response (0 rejecting, 1 caring) at or above this is caring.
READS_AS_CARING = 0.7
#: A reading at or below this is rejecting; between the two cut-offs it is lukewarm.
READS_AS_REJECTING = 0.4

#: A change of a level (0 to 1) that a student can see on a plot: smaller reads "the same".
CHANGE_A_STUDENT_SEES = 0.05
#: A drift of trust over a run worth calling up or down in a readout.
TREND_A_STUDENT_SEES = 0.02
#: A total effect (on intimacy, 0 to 1) below which there is nothing to split into paths.
NO_EFFECT_BELOW = 0.005

#: Response valence (-1 to 1) below which B's words are critical ...
CRITICAL_WORDS_BELOW = -0.1
#: ... and below which, if not critical, they are disinterested.
DISINTERESTED_WORDS_BELOW = 0.1
#: Cue congruence (0 to 1) below which the cues contradict the words (a sarcastic smirk).
CONTRADICTING_CUES_BELOW = 0.5
#: Cue affect (-1 to 1) below which the nonverbal cues are cold.
COLD_CUES_BELOW = -0.1
#: Immediacy (0 to 1) above which the responder leans in, amplifying the message ...
LEANING_IN_ABOVE = 0.7
#: ... and below which the responder keeps a distance, muting it.
KEEPING_DISTANCE_BELOW = 0.3
#: How far the reading may sit from what is conveyed before the reader's bias is named.
BIAS_SHOWS = 0.05

#: A group gap, as a share of the reference gap, below which it is "nearly gone" ...
GAP_NEARLY_GONE_BELOW = 0.25
#: ... and below which it is "about half as big"; at or above, "about as big".
GAP_HALVED_BELOW = 0.75


def reading_in_words(reading: float) -> str:
    """Name a reading of the partner's response (``response_reading``) in words.

    Parameters
    ----------
    reading : float
        The reading, 0 (rejecting) to 1 (caring).

    Returns
    -------
    str
        ``"caring"`` at or above :data:`READS_AS_CARING`, ``"rejecting"`` at or below
        :data:`READS_AS_REJECTING`, otherwise ``"lukewarm"``.

    Examples
    --------
    >>> reading_in_words(READS_AS_CARING)
    'caring'
    """
    if reading >= READS_AS_CARING:
        return "caring"
    if reading <= READS_AS_REJECTING:
        return "rejecting"
    return "lukewarm"


def direction(change: float, threshold: float, words=("down", "same", "up")) -> str:
    """Call a change down, the same or up, ignoring changes within ``threshold``.

    Parameters
    ----------
    change : float
        The change (new minus old).
    threshold : float
        Changes of at most this size, either way, count as no change.
    words : tuple of three str
        The words for down, no change and up.

    Returns
    -------
    str
        One of ``words``.

    Examples
    --------
    >>> direction(-0.01, TREND_A_STUDENT_SEES, ("down", "about level", "up"))
    'about level'
    """
    down, same, up = words
    if change > threshold:
        return up
    if change < -threshold:
        return down
    return same


def what_comes_across(params: Mapping[str, float], responder: str = "B") -> list[str]:
    """Plain reasons, from the responder's words and cues, for what the response conveys.

    Parameters
    ----------
    params : mapping
        The run's parameters (``response_valence_B``, ``cue_congruence_B``,
        ``cue_affect_B`` and ``immediacy_B`` for responder B).
    responder : {"A", "B"}
        Whose response.

    Returns
    -------
    list of str
        Clauses such as ``"B's words are critical"``; empty when nothing stands out.

    Examples
    --------
    >>> what_comes_across({"response_valence_B": -0.5, "cue_congruence_B": 1.0,
    ...                    "cue_affect_B": 0.0, "immediacy_B": 0.5})
    ["B's words are critical"]
    """
    r = responder
    valence, congruence = params[f"response_valence_{r}"], params[f"cue_congruence_{r}"]
    reasons = []
    if valence < CRITICAL_WORDS_BELOW:
        reasons.append(f"{r}'s words are critical")
    elif valence < DISINTERESTED_WORDS_BELOW:
        reasons.append(f"{r}'s words are disinterested")
    if congruence < CONTRADICTING_CUES_BELOW:
        reasons.append(
            f"{r}'s cues contradict the words (like a sarcastic smirk), turning them around"
        )
    if params[f"cue_affect_{r}"] < COLD_CUES_BELOW:
        reasons.append(f"{r}'s nonverbal cues are cold")
    immediacy = params[f"immediacy_{r}"]
    if immediacy > LEANING_IN_ABOVE:
        reasons.append(f"{r} leans in (high immediacy), which amplifies the message")
    elif immediacy < KEEPING_DISTANCE_BELOW:
        reasons.append(f"{r} keeps a distance (low immediacy), which mutes the message")
    return reasons


def reading_bias_in_words(read: float, conveyed: float, bias: float, reader: str = "A"):
    """Say how the reader's interpretation bias bends what is conveyed, or None.

    Parameters
    ----------
    read, conveyed : float
        The reader's reading of the response, and what the response conveys (0 to 1).
    bias : float
        The reader's interpretation bias, quoted in the sentence.
    reader : {"A", "B"}
        Who reads.

    Returns
    -------
    str or None
        A sentence when the two differ by more than :data:`BIAS_SHOWS`.

    Examples
    --------
    >>> reading_bias_in_words(0.3, 0.6, -0.5)[:30]
    'A reads rejection into respons'
    """
    if read < conveyed - BIAS_SHOWS:
        return (
            f"{reader} reads rejection into responses (bias {bias:+.2f}): the same response "
            f"feels colder to {reader} than it is meant."
        )
    if read > conveyed + BIAS_SHOWS:
        partner = "B" if reader == "A" else "A"
        return (
            f"{reader} gives {partner} the benefit of the doubt (bias {bias:+.2f}): the "
            f"response feels warmer to {reader} than it is meant."
        )
    return None


def gap_left(ratio: float) -> int:
    """How much of a reference gap is left: 0 about as big, 1 about half, 2 nearly gone.

    Parameters
    ----------
    ratio : float
        The gap as a share of the reference gap (its absolute value is used).

    Returns
    -------
    int
        2 below :data:`GAP_NEARLY_GONE_BELOW`, 1 below :data:`GAP_HALVED_BELOW`, else 0.

    Examples
    --------
    >>> [gap_left(r) for r in (1.0, 0.5, 0.1)]
    [0, 1, 2]
    """
    ratio = abs(ratio)
    if ratio < GAP_NEARLY_GONE_BELOW:
        return 2
    if ratio < GAP_HALVED_BELOW:
        return 1
    return 0
