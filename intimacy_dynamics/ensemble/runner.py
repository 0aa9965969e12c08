"""Split members into chunks and map a task over them, on any executor.

The contract: a *task* is a module-level function ``task(shared, chunk)`` (so it
pickles by reference), ``shared`` holds what every chunk needs (the model, which
pickles as its equations, and plain options) and ``chunk`` the members' own values
(numpy arrays sliced along their last axis). A task returns a small summary. Results
come back in chunk order whatever order the chunks finish in, so the merged result is
the same in-process, on a process pool and on a ``dask.distributed`` cluster.
"""

from __future__ import annotations

from concurrent.futures import Executor, as_completed

import numpy as np

from intimacy_dynamics.core.validation import check_count
from intimacy_dynamics.errors import BadInputError

__all__ = ["check_chunk_size", "check_executor", "chunk_slices", "run_chunks", "take"]


def check_chunk_size(chunk_size) -> int:
    """A positive integer number of members per chunk.

    Examples
    --------
    >>> check_chunk_size(512)
    512
    >>> check_chunk_size(0)
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.BadInputError: chunk_size = 0 must be a positive integer
    """
    return check_count(chunk_size, "chunk_size")


def check_executor(executor) -> Executor | None:
    """None (run in-process) or a :class:`concurrent.futures.Executor`.

    A ``dask.distributed`` cluster is used through ``client.get_executor()``.
    """
    if executor is None or isinstance(executor, Executor):
        return executor
    hint = " (for dask, pass client.get_executor())" if hasattr(executor, "get_executor") else ""
    raise BadInputError(
        f"executor must be a concurrent.futures.Executor or None, not "
        f"{type(executor).__name__}{hint}"
    )


def chunk_slices(n_members: int, chunk_size: int) -> list[slice]:
    """Consecutive slices of at most ``chunk_size`` members covering ``n_members``.

    Examples
    --------
    >>> chunk_slices(5, 2)
    [slice(0, 2, None), slice(2, 4, None), slice(4, 5, None)]
    """
    chunk_size = check_chunk_size(chunk_size)
    return [slice(s, min(s + chunk_size, n_members)) for s in range(0, n_members, chunk_size)]


def take(value, part: slice):
    """The members ``part`` of ``value``: scalars pass, lists recurse, arrays are sliced.

    Arrays hold members along their last axis.

    Examples
    --------
    >>> take([0.5, np.arange(4)], slice(1, 3))
    [0.5, array([1, 2])]
    """
    if isinstance(value, list | tuple):
        return type(value)(take(v, part) for v in value)
    if np.ndim(value) == 0:
        return value
    return np.asarray(value)[..., part]


def run_chunks(
    task,
    shared,
    members: dict,
    n_members: int,
    *,
    chunk_size: int,
    executor: Executor | None = None,
    progress: bool = False,
    description: str = "members",
) -> list:
    """Run ``task(shared, chunk)`` for every chunk of members; results in chunk order.

    Parameters
    ----------
    task : callable
        A module-level function (picklable) returning a small summary.
    shared : object
        Passed whole to every chunk.
    members : dict
        Per-member values (see :func:`take`), sliced into each chunk's ``chunk`` dict.
    n_members : int
    chunk_size : int
    executor : concurrent.futures.Executor, optional
        In-process when None.
    progress : bool
        Show a ``tqdm.auto`` progress bar (a widget in notebooks).

    Examples
    --------
    >>> run_chunks(_demo_task, 10, {"x": np.arange(5)}, 5, chunk_size=2)
    [11, 15, 14]
    """
    executor = check_executor(executor)
    parts = chunk_slices(n_members, chunk_size)
    chunks = [{key: take(value, part) for key, value in members.items()} for part in parts]
    bar = _progress_bar(progress, n_members, description)
    try:
        if executor is None:
            results = []
            for part, chunk in zip(parts, chunks, strict=True):
                results.append(task(shared, chunk))
                bar.update(part.stop - part.start)
            return results
        futures = {executor.submit(task, shared, chunk): k for k, chunk in enumerate(chunks)}
        results = [None] * len(chunks)
        for future in as_completed(futures):
            k = futures[future]
            results[k] = future.result()
            bar.update(parts[k].stop - parts[k].start)
        return results
    finally:
        bar.close()


def _progress_bar(progress: bool, total: int, description: str):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=description, unit="member", disable=not progress, leave=False)


def _demo_task(shared, chunk):
    """A toy task for the examples: ``shared`` plus the sum of the chunk's ``x``."""
    return int(shared + chunk["x"].sum())
