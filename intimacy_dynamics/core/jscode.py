"""Generate a readable JavaScript module from a model's symbolic equations.

:func:`javascript_module` prints the right-hand side and the outputs of a model as an ES
module, from the same equations (and the same ``sympy.cse``) as the Python code of
:mod:`intimacy_dynamics.core.codegen`. It is meant to be read, like the Python module:
every state and parameter is unpacked into a variable named after it, with its label,
range and unit as a comment. It exports

``name``, ``timeUnit``, ``timeUnits``, ``tSpan``
    The model's name, unit of time (and its plural, for sentences) and default
    simulation span.
``stateSpecs``, ``paramSpecs``, ``outputSpecs``
    One ``{name, label, partner, unit, default, bounds, soft, step, doc}`` per quantity
    (the label names the partner), in the order of the state vector, the parameter vector
    and the output rows.
``rhs(t, y, p, dydt)``
    The rates for one state vector: fills ``dydt`` and returns it.
``outputs(t, y, p, out)``
    The model's outputs for one state vector: fills ``out`` and returns it.
``jacobian(t, y, p, J)``
    The exact Jacobian d(rates)/d(states) for one state vector, from the same symbolic
    derivative and ``cse`` as the Python ``jacobian``: fills ``J``, an array of one row
    (an array of n numbers) per rate, and returns it.

The module runs on its own, in any JavaScript engine; the runtime in
:mod:`intimacy_dynamics.frontend` integrates it. A model that uses a function with no
JavaScript form (``erf``, ``gamma``, an undefined ``Function``) raises
:class:`~intimacy_dynamics.errors.NoJavaScriptFormError`, naming the function and where
it is used, so the lab can say so in one line and integrate in the kernel instead.
"""

from __future__ import annotations

import json
import math
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy
from sympy.printing.jscode import JavascriptCodePrinter

from intimacy_dynamics import __version__
from intimacy_dynamics.core.codegen import _comment as quantity_comment_text
from intimacy_dynamics.core.codegen import (
    _disk_path,
    _fingerprint,
    _read,
    _Reduced,
    _ReducedMatrix,
    _write,
    quantity_comment,
)
from intimacy_dynamics.errors import NoJavaScriptFormError

__all__ = ["javascript_literal", "javascript_module"]

_CACHE: OrderedDict[str, tuple[_Printed, _Printed, _Printed]] = OrderedDict()
_CACHE_SIZE = 64

# Words a JavaScript module cannot use as a variable name, and globals the generated code
# relies on. A quantity named like one gets a "$" appended (no Python name contains "$").
_JAVASCRIPT_WORDS = """
    await break case catch class const continue debugger default delete do else enum export
    extends false finally for function if implements import in instanceof interface let new
    null package private protected public return static super switch this throw true try
    typeof var void while with yield arguments eval Math Infinity NaN undefined Number
    Float64Array Array Object
"""
_RESERVED = frozenset(_JAVASCRIPT_WORDS.split())
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*", re.ASCII)
_SPEC_FIELDS = ("partner", "unit", "default", "bounds", "soft", "step", "doc")


class _Printer(JavascriptCodePrinter):
    """sympy's JavaScript printer, with one-line conditionals and safe variable names.

    Unsupported functions are collected instead of raising (``strict=False``), so that
    :func:`javascript_module` can name them all in its error.
    """

    def __init__(self):
        super().__init__({"human": False, "strict": False, "reserved_word_suffix": "$"})
        self.reserved_words = set(_RESERVED)

    def _print_Piecewise(self, expr):  # noqa: N802 (sympy's printer protocol)
        if expr.args[-1].cond != sympy.true:
            raise _UnprintableError("Piecewise without an otherwise branch (a True condition)")
        code = self._print(expr.args[-1].expr)
        for piece in reversed(expr.args[:-1]):
            code = f"({self._print(piece.cond)} ? {self._print(piece.expr)} : {code})"
        return code

    def code(self, expr) -> str:
        """``expr`` as one JavaScript expression; raises :class:`_UnprintableError`."""
        _, unsupported, code = self.doprint(expr)
        if unsupported:
            names = sorted({type(e).__name__ for e in unsupported})
            raise _UnprintableError(", ".join(names))
        return code


class _UnprintableError(Exception):
    """Raised by the printer; turned into a NoJavaScriptFormError that says where."""


_HTML_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def _comment(text: object) -> str:
    """``text`` fit for a JavaScript comment of either kind, in a page too.

    One line, and nothing that ends the comment (``*/``) or the page's script element
    (``</``, ``<!``).
    """
    text = quantity_comment_text(str(text))
    return text.replace("*/", "* /").replace("</", "< /").replace("<!", "< !")


def javascript_literal(value) -> str:
    r"""A number, string, None or a (nested) list/dict of them as a JavaScript literal.

    Examples
    --------
    >>> javascript_literal({"bounds": (0.0, math.inf), "label": "Trust", "soft": None})
    '{bounds: [0, Infinity], label: "Trust", soft: null}'
    >>> javascript_literal({"in between": 0.5})
    '{"in between": 0.5}'
    >>> javascript_literal([1 / 3, -math.inf, True])
    '[0.3333333333333333, -Infinity, true]'
    >>> javascript_literal("</script>")
    '"\\u003c/script\\u003e"'
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):  # safe inside an HTML <script> too: no "</script>" survives
        text = json.dumps(value, ensure_ascii=False)
        return text.translate(_HTML_SAFE)
    if isinstance(value, int | float):
        number = float(value)
        if math.isnan(number):
            return "NaN"
        if math.isinf(number):
            return "Infinity" if number > 0 else "-Infinity"
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    if isinstance(value, Mapping):
        items = ", ".join(f"{_key(k)}: {javascript_literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(javascript_literal(v) for v in value) + "]"
    raise TypeError(f"no JavaScript literal for {type(value).__name__}")


def _key(key: str) -> str:
    """An object literal's key: bare when it is an identifier, else a string literal."""
    return key if _IDENTIFIER.fullmatch(key) else javascript_literal(str(key))


def javascript_module(model) -> str:
    r"""The ES module of ``model``'s right-hand side, outputs and Jacobian (see the module doc).

    The printed equations are cached by a fingerprint of the equations, like the Python
    code (in memory, and on disk as data); the declarations (defaults, ranges, labels)
    are written afresh each time, since models with the same equations may declare them
    differently. ``model.javascript()``
    keeps the whole module on the model until the model is edited.

    Raises
    ------
    NoJavaScriptFormError
        If an equation uses a function with no JavaScript form.

    Examples
    --------
    >>> import sympy
    >>> from intimacy_dynamics import Model, State
    >>> x, k = sympy.symbols("x k")
    >>> model = Model.from_equations({x: -k * x}, params={k: 0.5}, states={"x": State(1.0)})
    >>> source = javascript_module(model)
    >>> print(source[source.index("export function rhs"):].split("\n\n")[0])
    export function rhs(t, _y, _p, _dydt) {
      const x = _y[0];  // x, (-inf, inf), unit 1
      const k = _p[0];  // k, (-inf, inf), unit 1
      _dydt[0] = -k*x;  // d x/dt
      return _dydt;
    }
    >>> javascript_module(Model.from_equations({x: sympy.erf(x)}))
    Traceback (most recent call last):
    ...
    intimacy_dynamics.errors.NoJavaScriptFormError: CustomModel: the rate of 'x' uses erf, ...
    """
    rates, outputs, jacobian = _printed(model)
    printer = _Printer()
    specs = {**model.state_specs, **model.param_specs}
    unpacking = _unpack(printer, model.state_names, "_y", specs) + _unpack(
        printer, model.param_names, "_p", specs
    )
    rows = [f"d {n}/dt" for n in model.state_names]
    parts = [
        _header(model),
        _specs("stateSpecs", "The states, in the order of the state vector", model.state_specs),
        _specs("paramSpecs", "The parameters, in the order of `p`", model.param_specs),
        _specs("outputSpecs", "The outputs, in the order of `out`", model.output_specs),
        _function("rhs", "_dydt", "Rates of change dy/dt", rates, rows, unpacking, model),
        _function("outputs", "_out", "Outputs", outputs, model.output_names, unpacking, model),
        _jacobian_function(jacobian, unpacking, model),
    ]
    return "\n\n".join(parts) + "\n"


@dataclass
class _Printed:
    """Expressions after ``sympy.cse``, printed: ``(name, code)`` pairs and one code per row.

    For a matrix (a :class:`_ReducedMatrix`), ``entries`` holds the ``(row, column)`` of
    each printed row: its non-zero entries.
    """

    common: list[tuple[str, str]]
    rows: list[str]
    entries: list[tuple[int, int]] | None = None

    @classmethod
    def of(cls, reduced: _Reduced, printer: _Printer) -> _Printed:
        common = [(printer.code(s), printer.code(e)) for s, e in reduced.replacements]
        rows = [printer.code(e) for e in reduced.reduced]
        return cls(common, rows, getattr(reduced, "entries", None))


def _printed(model) -> tuple[_Printed, _Printed, _Printed]:
    """The printed rates, outputs and Jacobian of ``model``.

    Cached by the equations' fingerprint, in memory and on disk like the Python code
    (:func:`~intimacy_dynamics.core.codegen.code_cache_dir`; the Jacobian alone costs
    the intimacy model half a second of sympy).
    """
    equations, outputs = model._equation_table(), model._output_table()
    key = _fingerprint(model, equations, outputs)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    stored = _disk_path(key, __file__, ".js.json")
    printed = _from_json(_read(stored))
    if printed is None:
        printed = _print_all(model, equations, outputs)
        _write(stored, json.dumps([vars(part) for part in printed]))
    _CACHE[key] = printed
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return printed


def _print_all(model, equations, outputs) -> tuple[_Printed, _Printed, _Printed]:
    _check_printable(model, equations, "rate")
    _check_printable(model, outputs, "output")
    symbols = model._symbol_table()
    matrix = sympy.Matrix(list(equations.values()))
    matrix = matrix.jacobian([symbols[n] for n in model.state_names])
    _check_printable(model, _entries(model, matrix), "Jacobian entry")
    printer = _Printer()
    return (
        _Printed.of(_Reduced(list(equations.values())), printer),
        _Printed.of(_Reduced(list(outputs.values())), printer),
        _Printed.of(_ReducedMatrix(matrix), printer),
    )


def _from_json(text: str | None) -> tuple[_Printed, _Printed, _Printed] | None:
    """The printed parts stored by :func:`_printed` (read as data), or None."""
    try:
        rates, outputs, jacobian = (_Printed(**part) for part in json.loads(text or "null"))
        jacobian.entries = [tuple(entry) for entry in jacobian.entries]
    except (TypeError, ValueError, KeyError):
        return None
    return rates, outputs, jacobian


def _entries(model, matrix: sympy.Matrix) -> dict[str, sympy.Expr]:
    """The non-zero entries of the Jacobian ``matrix``, named ``d(d row/dt)/d column``."""
    names = model.state_names
    return {
        _entry_name(names, i, j): matrix[i, j]
        for i in range(matrix.rows)
        for j in range(matrix.cols)
        if matrix[i, j] != 0
    }


def _entry_name(names: Sequence[str], i: int, j: int) -> str:
    return f"d(d {names[i]}/dt)/d {names[j]}"


def _check_printable(model, table: Mapping[str, sympy.Expr], kind: str) -> None:
    """Raise NoJavaScriptFormError naming the first quantity whose expression cannot print."""
    printer = _Printer()
    for name, expr in table.items():
        try:
            printer.code(expr)
        except _UnprintableError as exc:
            raise NoJavaScriptFormError(
                f"{model.name}: the {kind} of {name!r} uses {exc}, which has no JavaScript "
                "form; this model is integrated in Python instead",
                function=str(exc),
                quantity=name,
            ) from None


def _header(model) -> str:
    return (
        f"// Numeric functions of the model {_comment(model.name)}, generated by intimacy_dynamics "
        f"{__version__}.\n"
        "// Do not edit: edit the model and call model.javascript() again.\n"
        "// An ES module with no imports; intimacy_dynamics' runtime (simulate.js) integrates it.\n"
        "\n"
        f"export const name = {javascript_literal(model.name)};\n"
        f"export const timeUnit = {javascript_literal(model.time_unit)};\n"
        f"export const timeUnits = {javascript_literal(model.time_units)};\n"
        f"export const tSpan = {javascript_literal(tuple(model.t_span))};"
    )


def _specs(const: str, doc: str, specs: Mapping) -> str:
    rows = "".join(
        "  "
        + javascript_literal(
            {"name": name, "label": s.display_label, **{f: getattr(s, f) for f in _SPEC_FIELDS}}
        )
        + ",\n"
        for name, s in specs.items()
    )
    return f"/** {doc}. */\nexport const {const} = [\n{rows}];"


def _unpack(printer: _Printer, names: Sequence[str], source: str, specs: Mapping) -> str:
    return "".join(
        f"  const {printer.code(sympy.Symbol(n))} = {source}[{i}];  "
        f"// {_comment(quantity_comment(specs[n]))}\n"
        for i, n in enumerate(names)
    )


def _function(fname, target, doc, printed: _Printed, rows, unpacking, model) -> str:
    assignments = [
        f"  {target}[{i}] = {code};  // {row}\n"
        for i, (code, row) in enumerate(zip(printed.rows, rows, strict=True))
    ]
    return (
        f"/** {doc} of {_comment(model.name)} at time t ({_comment(model.time_unit)}) for one "
        "state vector: "
        f"fills {target} and returns it. */\n"
        f"export function {fname}(t, _y, _p, {target}) {{\n"
        f"{_body(unpacking, printed, assignments)}  return {target};\n}}"
    )


def _jacobian_function(printed: _Printed, unpacking: str, model) -> str:
    """``jacobian(t, _y, _p, _J)``: zeroes the rows of ``_J``, then sets the non-zero entries."""
    assignments = ["  for (const row of _J) row.fill(0);\n"] + [
        f"  _J[{i}][{j}] = {code};  // {_entry_name(model.state_names, i, j)}\n"
        for (i, j), code in zip(printed.entries, printed.rows, strict=True)
    ]
    return (
        f"/** Jacobian d(rates)/d(states) of {_comment(model.name)} at time t "
        f"({_comment(model.time_unit)}) for one state vector: fills the rows of _J (one "
        "array of n numbers per rate) and returns it. */\n"
        f"export function jacobian(t, _y, _p, _J) {{\n"
        f"{_body(unpacking, printed, assignments)}  return _J;\n}}"
    )


def _body(unpacking: str, printed: _Printed, assignments: list[str]) -> str:
    """A function's body: the named quantities, the common subexpressions, the results."""
    body = unpacking
    if printed.common:
        body += "  // common subexpressions\n"
        body += "".join(f"  const {name} = {code};\n" for name, code in printed.common)
    return body + "".join(assignments)
