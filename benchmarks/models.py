"""A 10-state stand-in dyad for timing the core (5 states per partner).

It has the shape of the intimacy model (bounded states, sigmoids, bilinear and trilinear
coupling, a cubic) so that compile and simulate times are representative.
"""

from intimacy_dynamics import Model, Param, State, sigmoid


class BenchmarkDyad(Model):
    """Disclosure, trust, perceived responsiveness, intimacy and self, per partner."""

    time_unit = "day"
    t_span = (0.0, 50.0)
    disclosure = State(0.2, bounds=(0, 1), per_partner=True)
    trust = State(0.3, bounds=(0, 1), per_partner=True)
    responsiveness = State(0.1, bounds=(0, 1), per_partner=True)
    intimacy = State(0.1, bounds=(0, 1), per_partner=True)
    self_sense = State(0.8, bounds=(0, 1), per_partner=True)
    gain = Param(8.0, bounds=(0, 20), per_partner=True)
    threshold = Param(0.4, bounds=(0, 1), per_partner=True)
    empathy = Param(0.7, bounds=(0, 1), per_partner=True)
    learning = Param(0.5, bounds=(0, 5))
    decay = Param(0.2, bounds=(0, 5))
    fusion = Param(0.3, bounds=(0, 1))

    def rates(self, me, other, p):
        opening = sigmoid(me.trust, me.gain, me.threshold)
        heard = other.empathy * me.disclosure * (1 - me.responsiveness)
        return {
            "disclosure": opening * (1 - me.disclosure) - 0.5 * me.disclosure,
            "trust": p.learning * me.responsiveness * (1 - me.trust) - p.decay * me.trust,
            "responsiveness": heard - p.decay * me.responsiveness,
            "intimacy": me.disclosure * other.disclosure * me.responsiveness * (1 - me.intimacy)
            - p.decay * me.intimacy,
            "self_sense": me.self_sense * (1 - me.self_sense) * (me.self_sense - p.fusion)
            - p.fusion * me.intimacy * me.self_sense * (1 - me.self_sense),
        }
