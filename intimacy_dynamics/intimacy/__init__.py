"""The intimacy process model, the people who take part in it, and its phenomena."""

from intimacy_dynamics.intimacy.model import IntimacyModel

__all__ = ["IntimacyModel"]
