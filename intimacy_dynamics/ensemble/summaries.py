"""Mergeable summaries of many trajectories, with bounded memory.

A chunk of members is summarized where it was integrated, and the summaries of all
chunks are merged in chunk order:

* :class:`Bands`: per output time, a histogram over fixed bins spanning the quantity's
  range (its soft range unless given), with one underflow and one overflow bin. Counts
  add exactly across chunks, so the merged quantiles do not depend on the chunking; they
  are accurate to one bin width (the range over ``n_bins``).
* :class:`Moments`: per output time, the count, sum and sum of squares (mean, std).
* per-member values (long-run mean, minimum and maximum over the late window, final
  value, failure flag): one number per member and quantity, concatenated in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Bands", "ChunkSummary", "Moments", "merge_summaries"]


@dataclass
class Bands:
    """Fixed-bin histograms of one quantity at every output time.

    Examples
    --------
    >>> bands = Bands.empty((0.0, 1.0), n_bins=100, n_times=1)
    >>> bands.add(np.linspace(0, 1, 1001)[:, None])
    >>> np.round(bands.quantiles([0.1, 0.5, 0.9]), 2)
    array([[0.1],
           [0.5],
           [0.9]])
    """

    low: float
    high: float
    counts: np.ndarray  # (n_times, n_bins + 2): underflow, the bins, overflow

    @classmethod
    def empty(cls, value_range: tuple[float, float], n_bins: int, n_times: int) -> Bands:
        """No members yet."""
        low, high = value_range
        return cls(float(low), float(high), np.zeros((n_times, n_bins + 2), dtype=np.int64))

    @property
    def n_bins(self) -> int:
        """Bins inside the range."""
        return self.counts.shape[1] - 2

    def add(self, values: np.ndarray) -> None:
        """Count ``values`` of shape ``(n_members, n_times)``; NaN (failed) is skipped."""
        finite = np.isfinite(values)
        everyone = bool(finite.all())  # the usual case: skip the masking passes
        scaled = (values - self.low) * (self.n_bins / (self.high - self.low))
        if not everyone:
            scaled = np.where(finite, scaled, 0.0)
        index = np.clip(np.floor(scaled), -1, self.n_bins).astype(np.int64)
        index += np.arange(1, values.shape[1] * self.counts.shape[1] + 1, self.counts.shape[1])
        flat = np.bincount(index.ravel() if everyone else index[finite], minlength=self.counts.size)
        self.counts += flat.reshape(self.counts.shape)

    def merge(self, other: Bands) -> None:
        """Add the counts of ``other`` (same range and bins)."""
        self.counts += other.counts

    def quantiles(self, levels) -> np.ndarray:
        """Quantiles at each time, shape ``(len(levels), n_times)``, linear in each bin.

        Values below or above the range are reported at its ends.
        """
        levels = np.atleast_1d(np.asarray(levels, dtype=float))
        cumulative = np.cumsum(self.counts, axis=1)
        total = cumulative[:, -1]
        width = (self.high - self.low) / self.n_bins
        result = np.full((levels.size, self.counts.shape[0]), np.nan)
        for i, level in enumerate(levels):
            for k in np.nonzero(total)[0]:
                rank = level * total[k]
                b = int(np.searchsorted(cumulative[k], rank, side="left"))
                b = min(b, self.counts.shape[1] - 1)
                if b == 0 or b == self.n_bins + 1:
                    result[i, k] = self.low if b == 0 else self.high
                    continue
                below = cumulative[k, b - 1]
                inside = (rank - below) / max(self.counts[k, b], 1)
                result[i, k] = self.low + (b - 1 + inside) * width
        return result


@dataclass
class Moments:
    """Count, sum and sum of squares of one quantity at every output time."""

    count: np.ndarray
    total: np.ndarray
    squares: np.ndarray

    @classmethod
    def of(cls, values: np.ndarray) -> Moments:
        """Moments of ``values`` of shape ``(n_members, n_times)``, NaN skipped."""
        finite = np.isfinite(values)
        clean = values if finite.all() else np.where(finite, values, 0.0)
        return cls(finite.sum(axis=0), clean.sum(axis=0), (clean * clean).sum(axis=0))

    def merge(self, other: Moments) -> None:
        """Add the moments of ``other``."""
        self.count = self.count + other.count
        self.total = self.total + other.total
        self.squares = self.squares + other.squares

    def mean(self) -> np.ndarray:
        """Mean over the members at each time (NaN where none is finite)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.count > 0, self.total / self.count, np.nan)

    def std(self) -> np.ndarray:
        """Population standard deviation at each time."""
        mean = self.mean()
        with np.errstate(invalid="ignore", divide="ignore"):
            variance = self.squares / self.count - mean * mean
        return np.sqrt(np.maximum(variance, 0.0))


@dataclass
class ChunkSummary:
    """What a chunk sends back: summaries per quantity and a few numbers per member."""

    bands: dict[str, Bands]
    moments: dict[str, Moments]
    per_member: dict[str, dict[str, np.ndarray]]  # stat -> quantity -> (m,)
    failed: np.ndarray
    n_steps: np.ndarray
    trajectories: dict[str, np.ndarray] | None = field(default=None)


def merge_summaries(parts: list[ChunkSummary]) -> ChunkSummary:
    """Merge chunk summaries in order: histograms and moments add, members concatenate.

    Examples
    --------
    >>> def part(values):
    ...     values = np.asarray(values, dtype=float)[:, None]
    ...     bands = {"x": Bands.empty((0, 1), 10, 1)}
    ...     bands["x"].add(values)
    ...     return ChunkSummary(bands, {"x": Moments.of(values)},
    ...                         {"final": {"x": values[:, 0]}}, np.zeros(len(values), bool),
    ...                         np.ones(len(values), int))
    >>> merged = merge_summaries([part([0.1, 0.2]), part([0.9])])
    >>> merged.per_member["final"]["x"], merged.moments["x"].mean()
    (array([0.1, 0.2, 0.9]), array([0.4]))
    """
    first = parts[0]
    bands = {name: Bands(b.low, b.high, b.counts.copy()) for name, b in first.bands.items()}
    moments = {name: Moments(m.count, m.total, m.squares) for name, m in first.moments.items()}
    for part in parts[1:]:
        for name, band in part.bands.items():
            bands[name].merge(band)
        for name, moment in part.moments.items():
            moments[name].merge(moment)
    per_member = {
        stat: {name: np.concatenate([p.per_member[stat][name] for p in parts]) for name in table}
        for stat, table in first.per_member.items()
    }
    trajectories = None
    if first.trajectories is not None:
        trajectories = {
            name: np.concatenate([p.trajectories[name] for p in parts])
            for name in first.trajectories
        }
    return ChunkSummary(
        bands,
        moments,
        per_member,
        np.concatenate([p.failed for p in parts]),
        np.concatenate([p.n_steps for p in parts]),
        trajectories,
    )
