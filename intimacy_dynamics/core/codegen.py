"""Generate readable, fast numeric code from a model's symbolic equations.

:func:`compile_model` prints one Python module per model, with common subexpressions
eliminated (``sympy.cse``), and executes it. The module is an artifact meant to be read:
every state and parameter is unpacked into a variable named after it, with its label,
range and unit as a comment. It holds

``rhs(t, y, p)``
    The rates for one state vector, using the ``math`` module (the fast path for
    single runs). Returns a list.
``rhs_vectorized(t, y, p)``
    The same with numpy: ``y`` has shape ``(n_states, ...)`` and each parameter is a
    scalar or an array that broadcasts against ``y[0]``. Returns an array like ``y``.
``jacobian(t, y, p)``, ``jacobian_vectorized(t, y, p)``
    The exact Jacobian, shape ``(n, n)`` or ``(n, n, ...)``.
``outputs(t, y, p)``
    The model's outputs, vectorized, shape ``(n_outputs, ...)``.

The generated code is safe from the declarations it is made of. Every string of a
declaration (a model's name, a label, a unit, the unit of time) is written as a Python
literal (``repr``) or as a comment with its line breaks and other unprintable characters
replaced by spaces, so no text can end a comment or a string and become code. A state or
parameter whose name is also a name the module uses (a builtin such as ``max``, which
sympy prints for ``Max``, or one of the generated functions) gets a variable of its own
in the module, ``max_``, and the comment beside it gives the declared name.

Compiled models are cached by a fingerprint of their equations, so two instances of the
same model share code, and any edit to a model produces a new fingerprint. The generated
source is also kept on disk between processes (each lesson's kernel would otherwise spend
a second or two deriving the same Jacobian): in ``$XDG_CACHE_HOME/intimacy_dynamics``
(``~/.cache/...``), or where ``INTIMACY_DYNAMICS_CODE_CACHE`` points; set that variable to
``off`` to always generate. A file's name is a hash of the equations and of this
generator's own source, so neither a model edit nor a new generator can reuse stale code.

The disk cache is executed only when it can be trusted as far as the user's own files
can: its folder is made readable and writable by the user only (and is not used if it
belongs to someone else or stays open to others), files are written user-only, and each
file starts with a SHA-256 hash of its name and content that is checked before the file
is executed. A file that fails the check (truncated, edited, planted under another name,
or not text) is ignored and generated again.
"""

from __future__ import annotations

import builtins
import functools
import hashlib
import keyword
import linecache
import math
import os
import stat
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy
import sympy
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.pycode import PythonCodePrinter

from intimacy_dynamics import __version__
from intimacy_dynamics.core.validation import format_range

__all__ = ["CompiledModel", "clear_cache", "code_cache_dir", "compile_model", "quantity_comment"]

_CACHE: OrderedDict[str, CompiledModel] = OrderedDict()
_CACHE_SIZE = 64
#: Names the generated module itself uses; a model quantity named so is renamed there.
GENERATED_NAMES = frozenset(
    {"math", "numpy", "t", "rhs", "rhs_vectorized", "jacobian", "jacobian_vectorized"}
    | {"outputs", "jacobian_params"}
    | set(dir(builtins))
    | set(keyword.kwlist)
)
_HASH_PREFIX = "# sha256 of name and content: "

_HELPERS = '''
def _aslist(v):
    """A state or parameter vector as a list of Python floats (fast scalar maths)."""
    return v.tolist() if hasattr(v, "tolist") else list(v)


def _broadcast_shape(t, _y, _p):
    """The shape every output row takes: _y[0]'s, broadcast with t's and the parameters'."""
    return numpy.broadcast_shapes(numpy.shape(t), numpy.shape(_y)[1:], *map(numpy.shape, _p))
'''


class _VectorPrinter(NumPyPrinter):
    """numpy printer whose Max/Min broadcast between scalars and arrays."""

    def _print_Max(self, expr):  # noqa: N802 (sympy's printer protocol)
        return self._nested("numpy.maximum", expr.args)

    def _print_Min(self, expr):  # noqa: N802
        return self._nested("numpy.minimum", expr.args)

    def _nested(self, func, args):
        code = self._print(args[0])
        for arg in args[1:]:
            code = f"{func}({code}, {self._print(arg)})"
        return code


@dataclass
class CompiledModel:
    """Numeric functions generated from a model; see the module docstring.

    Attributes
    ----------
    rhs, rhs_vectorized, jacobian, jacobian_vectorized, outputs : callable
        The generated functions, each called as ``f(t, y, p)`` with ``p`` the parameter
        values in :attr:`param_names` order (``ParamSet.as_list()``).
    source : str
        The generated module's text.
    state_names, param_names, output_names : list of str
        The order of the state vector, the parameter vector and the output rows.
    """

    name: str
    state_names: list[str]
    param_names: list[str]
    output_names: list[str]
    rhs: Callable
    rhs_vectorized: Callable
    jacobian: Callable
    jacobian_vectorized: Callable
    outputs: Callable
    source: str
    _equations: list[sympy.Expr] = field(repr=False)
    _symbols: dict[str, sympy.Symbol] = field(repr=False)
    _shell: _Shell = field(repr=False)
    _jacobian_params: Callable | None = field(default=None, repr=False)
    _stored: Path | None = field(default=None, repr=False)

    @property
    def jacobian_params(self) -> Callable:
        """``f(t, y, p)`` -> the exact d(rates)/d(parameters), shape ``(n, n_params)``.

        Generated on first use (continuation and sensitivity analysis need it; the
        simulator does not).
        """
        if self._jacobian_params is None:
            stored = self._stored.with_suffix(".params.py") if self._stored else None
            code = _read(stored)
            if code is None:
                params = [self._symbols[n] for n in self.param_names]
                matrix = sympy.Matrix(self._equations).jacobian(params)
                matrix = matrix.xreplace(self._shell.renamed_symbols(self._symbols))
                code = _matrix_function(
                    "jacobian_params",
                    "d(rates)/d(parameters)",
                    _ReducedMatrix(matrix),
                    self._shell,
                    vectorized=False,
                )
                _write(stored, code)
            namespace = _execute(_HELPERS + code, f"{self.name}.jacobian_params")
            self._jacobian_params = namespace["jacobian_params"]
            self.source += "\n\n" + code
        return self._jacobian_params


def clear_cache() -> None:
    """Forget every compiled model in memory (the disk cache stays; see the module doc)."""
    _CACHE.clear()


def code_cache_dir() -> Path | None:
    """Where generated modules are kept between processes, or ``None`` when turned off.

    Examples
    --------
    >>> import os
    >>> saved = os.environ.get("INTIMACY_DYNAMICS_CODE_CACHE", "")
    >>> os.environ["INTIMACY_DYNAMICS_CODE_CACHE"] = "off"
    >>> code_cache_dir() is None
    True
    >>> os.environ["INTIMACY_DYNAMICS_CODE_CACHE"] = saved
    """
    setting = os.environ.get("INTIMACY_DYNAMICS_CODE_CACHE", "").strip()
    if setting.lower() in ("off", "0", "false", "no"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "intimacy_dynamics" / "code"


def compile_model(model) -> CompiledModel:
    """Generate, execute and cache the numeric functions of ``model``.

    Examples
    --------
    >>> import sympy
    >>> from intimacy_dynamics import Model
    >>> x, k = sympy.symbols("x k")
    >>> compiled = Model.from_equations({x: -k * x}, params={k: 0.5}).compile()
    >>> compiled.rhs(0.0, [2.0], [0.5])
    [-1.0]
    >>> "def rhs(t, _y, _p):" in compiled.source
    True
    """
    equations = model._equation_table()
    outputs = model._output_table()
    key = _fingerprint(model, equations, outputs)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    stored = _disk_path(key)
    source = _read(stored)
    if source is None:
        source = _source(model, equations, outputs)
        _write(stored, source)
    compiled = _load(model, equations, source)
    compiled._stored = stored
    _CACHE[key] = compiled
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return compiled


def _fingerprint(model, equations, outputs) -> str:
    parts = [model.name, *model.state_names, "|", *model.param_names, "|"]
    parts += [sympy.srepr(e) for e in equations.values()]
    parts += ["|", *outputs, *(sympy.srepr(e) for e in outputs.values())]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@functools.cache
def _generator_id(generator: str = __file__) -> str:
    return hashlib.sha256(Path(generator).read_bytes()).hexdigest()


def _disk_path(key: str, generator: str = __file__, suffix: str = ".py") -> Path | None:
    """Where the code generated by the module ``generator`` for ``key`` is kept, if at all."""
    folder = code_cache_dir()
    if folder is None:
        return None
    text = f"{key}|{__version__}|{_generator_id(generator)}"
    return folder / f"{hashlib.sha256(text.encode()).hexdigest()[:32]}{suffix}"


def _read(path: Path | None) -> str | None:
    """The cached source at ``path`` if it is ours and passes its hash check, else None."""
    if path is None or not _private_folder(path.parent):
        return None
    try:
        info = path.stat()
        if _open_to_others(info):
            return None
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):  # not there yet, unreadable, or not text
        return None
    first, _, source = text.partition("\n")
    if first != _HASH_PREFIX + _content_hash(path.name, source):
        return None  # truncated, edited, or copied from another name: generate again
    return source


def _write(path: Path | None, source: str) -> None:
    if path is None or not _private_folder(path.parent):
        return
    text = f"{_HASH_PREFIX}{_content_hash(path.name, source)}\n{source}"
    partial = path.with_suffix(f".{os.getpid()}.partial")
    try:  # atomically, so a concurrent reader never sees half a module
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(partial, path)
    except OSError:  # a read-only home: the cache is an optimisation, carry on
        pass


def _content_hash(name: str, source: str) -> str:
    return hashlib.sha256(f"{name}\n{source}".encode()).hexdigest()


def _open_to_others(info: os.stat_result) -> bool:
    """True if a file or folder belongs to another user or others may write to it."""
    foreign = hasattr(os, "getuid") and info.st_uid != os.getuid()
    return foreign or bool(info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _private_folder(folder: Path) -> bool:
    """Create ``folder`` readable by the user only; False if it cannot be made so."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if folder.is_symlink():
            return False
        info = folder.stat()
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return False
        if info.st_mode & 0o077:
            os.chmod(folder, 0o700)
            info = folder.stat()
        return not (hasattr(os, "getuid") and info.st_mode & 0o077)
    except OSError:
        return False


def _source(model, equations, outputs) -> str:
    """The text of the generated module."""
    symbols = model._symbol_table()
    shell = _Shell(model)
    swap = shell.renamed_symbols(symbols)
    rates = list(equations.values())
    state_symbols = [symbols[n] for n in model.state_names]
    jac = sympy.Matrix(rates).jacobian(state_symbols).xreplace(swap)
    rates = [rate.xreplace(swap) for rate in rates]
    outputs = {name: expr.xreplace(swap) for name, expr in outputs.items()}
    rate_rows = [f"d {n}/dt" for n in model.state_names]
    rates_reduced, jac_reduced = _Reduced(rates), _ReducedMatrix(jac)
    outputs_reduced = _Reduced(list(outputs.values()))
    title, jac_title = "Rates of change dy/dt", "Jacobian d(rates)/d(states)"
    functions = [
        _vector_function("rhs", title, rates_reduced, rate_rows, shell, False),
        _vector_function("rhs_vectorized", title, rates_reduced, rate_rows, shell, True),
        _matrix_function("jacobian", jac_title, jac_reduced, shell, vectorized=False),
        _matrix_function("jacobian_vectorized", jac_title, jac_reduced, shell, vectorized=True),
        _vector_function("outputs", "Outputs", outputs_reduced, model.output_names, shell, True),
    ]
    title = f"Numeric functions of the model {model.name}, generated by intimacy_dynamics"
    header = (
        f"{_literal(f'{title} {__version__}.')}\n\n"
        "# Do not edit: edit the model and call compile() again.\n"
        f"# Unit of time: {_comment(model.time_unit)}.\n\nimport math\n\nimport numpy\n"
    )
    return header + _HELPERS + "\n\n" + "\n\n".join(functions)


def _load(model, equations, source: str) -> CompiledModel:
    """Execute a generated module and wrap its functions."""
    namespace = _execute(source, model.name)
    return CompiledModel(
        name=model.name,
        state_names=model.state_names,
        param_names=model.param_names,
        output_names=model.output_names,
        rhs=namespace["rhs"],
        rhs_vectorized=namespace["rhs_vectorized"],
        jacobian=namespace["jacobian"],
        jacobian_vectorized=namespace["jacobian_vectorized"],
        outputs=namespace["outputs"],
        source=source,
        _equations=list(equations.values()),
        _symbols=model._symbol_table(),
        _shell=_Shell(model),
    )


def _execute(source: str, label: str) -> dict:
    filename = f"<intimacy_dynamics generated: {label}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict = {"math": math, "numpy": numpy}
    exec(compile(source, filename, "exec"), namespace)  # our own generated code
    return namespace


def quantity_comment(spec) -> str:
    """What generated code says beside a quantity's variable: label, range and unit.

    Examples
    --------
    >>> from intimacy_dynamics import State
    >>> quantity_comment(State(0.2, bounds=(0, 1), label="Trust").named("trust", "A"))
    'Trust (A), [0, 1], unit 1'

    Line breaks and unprintable characters become spaces, so a label can never end the
    comment (in Python or in JavaScript) and start code.
    """
    return _comment(f"{spec.display_label}, {format_range(spec.bounds)}, unit {spec.unit}")


class _Shell:
    """What every generated function starts with: the unpacking of ``y`` and ``p``."""

    def __init__(self, model):
        self.name = model.name
        self.state_names = model.state_names
        self.param_names = model.param_names
        self.n_states = len(self.state_names)
        self._specs = {**model.state_specs, **model.param_specs}
        self.time_unit = model.time_unit
        self.code_names = _code_names(self.state_names + self.param_names)

    def renamed_symbols(self, symbols: dict[str, sympy.Symbol]) -> dict:
        """``{symbol: symbol named for the code}`` for the quantities renamed in the code."""
        return {
            symbols[name]: sympy.Symbol(code, real=True)
            for name, code in self.code_names.items()
            if code != name
        }

    def unpack(self, names: Sequence[str], source: str, vectorized: bool) -> str:
        if not names:
            return ""
        lines = []
        for name in names:
            comment = quantity_comment(self._specs[name])
            code = self.code_names[name]
            if code != name:
                comment = f"{name}: {comment}"
            lines.append(f"        {code},  # {comment}")
        # states arrive as arrays from the solvers: as Python floats, the maths is faster;
        # parameters already arrive as a list
        target = f"_aslist({source})" if source == "_y" and not vectorized else source
        return "    (\n" + "\n".join(lines) + f"\n    ) = {target}\n"

    def header(self, fname: str, doc: str, vectorized: bool) -> str:
        shape = "(n_states, ...) arrays; parameters broadcast" if vectorized else "one state"
        return (
            f"def {fname}(t, _y, _p):\n"
            f"    {_literal(f'{doc} of {self.name} for {shape}.')}\n"
            + self.unpack(self.state_names, "_y", vectorized)
            + self.unpack(self.param_names, "_p", vectorized)
        )


def _literal(text: str) -> str:
    """``text`` as a Python string literal (a docstring that no text can end early)."""
    return repr(str(text))


def _comment(text: object) -> str:
    """``text`` fit for a ``#`` comment: line breaks and unprintable characters as spaces."""
    return "".join(ch if ch.isprintable() else " " for ch in str(text))


def _code_names(names: Sequence[str]) -> dict[str, str]:
    """A variable name in the generated code for every quantity: its own, unless taken.

    Examples
    --------
    >>> _code_names(["x", "max", "max_"])
    {'x': 'x', 'max': 'max__', 'max_': 'max_'}
    """
    taken = set(names) | GENERATED_NAMES
    code = {}
    for name in names:
        alias = name
        while alias in GENERATED_NAMES or (alias != name and alias in taken):
            alias += "_"
        taken.add(alias)
        code[name] = alias
    return code


def _printer(vectorized: bool):
    if vectorized:
        return _VectorPrinter({"fully_qualified_modules": True})
    return PythonCodePrinter({"fully_qualified_modules": True})


class _Reduced:
    """Expressions after common-subexpression elimination, printable as math or numpy."""

    def __init__(self, exprs: list[sympy.Expr]):
        self.replacements, self.reduced = sympy.cse(exprs, symbols=sympy.numbered_symbols("_c"))

    def printed(self, vectorized: bool) -> tuple[str, list[str]]:
        printer = _printer(vectorized)
        lines = "".join(f"    {s} = {printer.doprint(e)}\n" for s, e in self.replacements)
        if lines:
            lines = "    # common subexpressions\n" + lines
        return lines, [printer.doprint(e) for e in self.reduced]


def _vector_function(fname, doc, reduced: _Reduced, rows, shell, vectorized: bool) -> str:
    cse_lines, printed = reduced.printed(vectorized)
    body = shell.header(fname, doc, vectorized) + cse_lines
    if not vectorized:
        items = "".join(
            f"        {c},  # {_comment(r)}\n" for c, r in zip(printed, rows, strict=True)
        )
        return body + "    return [\n" + items + "    ]\n"
    body += f"    _out = numpy.empty(({len(rows)},) + _broadcast_shape(t, _y, _p))\n"
    body += "".join(
        f"    _out[{i}] = {c}  # {_comment(r)}\n"
        for i, (c, r) in enumerate(zip(printed, rows, strict=True))
    )
    return body + "    return _out\n"


class _ReducedMatrix(_Reduced):
    """The non-zero entries of a matrix, reduced."""

    def __init__(self, matrix: sympy.Matrix):
        self.shape = matrix.shape
        self.entries = [
            (i, j) for i in range(matrix.rows) for j in range(matrix.cols) if matrix[i, j] != 0
        ]
        super().__init__([matrix[i, j] for i, j in self.entries])


def _matrix_function(fname, doc, matrix: _ReducedMatrix, shell, vectorized: bool) -> str:
    cse_lines, printed = matrix.printed(vectorized)
    entries = matrix.entries
    size = "({}, {})".format(*matrix.shape)
    if vectorized:
        size += " + _broadcast_shape(t, _y, _p)"
    body = shell.header(fname, doc, vectorized) + cse_lines
    body += f"    _J = numpy.zeros({size})\n"
    body += "".join(f"    _J[{i}, {j}] = {c}\n" for (i, j), c in zip(entries, printed, strict=True))
    return body + "    return _J\n"
