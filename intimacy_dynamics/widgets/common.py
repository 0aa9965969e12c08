"""Small widgets every lab shares: a download link and a predict-then-reveal step."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Sequence
from contextlib import contextmanager

import ipywidgets as w

__all__ = ["BatchedRedraws", "PredictThenReveal", "download_link"]


class BatchedRedraws:
    """Mixin: several changes of controls at once, with one redraw.

    Inside ``with self._held():`` changes of controls do not come back as new settings
    or redraws, so the caller applies several and redraws once. The one way of pausing
    redraws in the package: :class:`~intimacy_dynamics.widgets.Explorer` checks
    :attr:`_suspended` in its control handlers, and ``LivePlot`` in :meth:`_on_change`
    (which calls ``update()``).
    """

    _suspended = False

    def _on_change(self, change=None) -> None:
        if not self._suspended:
            self.update()

    @contextmanager
    def _held(self):
        """Set several controls without redrawing after each one."""
        self._suspended = True
        try:
            yield
        finally:
            self._suspended = False


def download_link(text: str, filename: str, label: str, mime: str = "text/csv") -> str:
    r"""An HTML link that downloads ``text`` as ``filename`` (works in Lab and Voila).

    Examples
    --------
    >>> link = download_link("t,x\n0,1\n", "run.csv", "Download")
    >>> link.startswith('<a download="run.csv"')
    True
    """
    payload = base64.b64encode(text.encode()).decode()
    return (
        f'<a download="{html.escape(filename)}" href="data:{mime};base64,{payload}" '
        f'target="_blank">{html.escape(label)}</a>'
    )


class PredictThenReveal:
    """Ask for a prediction, lock it in, then reveal the answer (and act on the lab).

    Parameters
    ----------
    question : str
        What the student should predict.
    options : sequence of str
        The choices.
    answer : str
        The right choice.
    explanation : str
        Shown on reveal, whatever was chosen.
    on_reveal : callable, optional
        Called with no arguments when the prediction is locked in, e.g. to move a
        slider so that the plot shows the answer.

    Examples
    --------
    >>> step = PredictThenReveal("Where does trust end?", ["high", "low"], "high", "Why...")
    >>> step.choice.value = "low"
    >>> step.reveal()
    >>> step.correct, "Not quite" in step.feedback.value
    (False, True)
    """

    def __init__(
        self,
        question: str,
        options: Sequence[str],
        answer: str,
        explanation: str,
        on_reveal: Callable[[], None] | None = None,
    ):
        if answer not in options:
            raise ValueError(f"answer {answer!r} is not one of the options {list(options)}")
        self.answer, self.explanation, self.on_reveal = answer, explanation, on_reveal
        self.choice = w.RadioButtons(
            options=list(options), value=None, description="", layout=w.Layout(width="auto")
        )
        self.button = w.Button(
            description="Lock in my prediction",
            button_style="primary",
            tooltip="Lock in your prediction, then see what happens",
            layout=w.Layout(width="max-content"),
        )
        self.feedback = w.HTML()
        self.correct: bool | None = None
        self.button.on_click(lambda _: self.reveal())
        self.widget = w.VBox(
            [
                w.HTML(f"<b>Predict first:</b> {html.escape(question)}"),
                self.choice,
                self.button,
                self.feedback,
            ],
            layout=w.Layout(border="1px solid #0072B2", padding="6px", margin="6px 0"),
        )

    def reveal(self) -> None:
        """Lock the choice in, show the feedback and run ``on_reveal``."""
        if self.choice.value is None:
            self.feedback.value = "<i>Choose an answer first.</i>"
            return
        self.correct = self.choice.value == self.answer
        self.choice.disabled = self.button.disabled = True
        verdict = "Right!" if self.correct else f"Not quite: the answer is <b>{self.answer}</b>."
        self.feedback.value = f"{verdict} {html.escape(self.explanation)}"
        if self.on_reveal is not None:
            self.on_reveal()

    def static_html(self) -> str:
        """The question and its choices, as a page without a kernel shows them."""
        from intimacy_dynamics.widgets.site import notebook_note

        choices = "".join(f"<li>{html.escape(str(o))}</li>" for o in self.choice.options)
        return (
            '<div class="id-static-prediction" style="border:1px solid #0072B2;'
            f'padding:6px;margin:6px 0">{self.widget.children[0].value}<ul>{choices}</ul>'
            + notebook_note("locking in a prediction and seeing the answer")
            + "</div>"
        )

    def _ipython_display_(self):
        from intimacy_dynamics.widgets.site import show

        show(self.widget, lambda _: self.static_html())
