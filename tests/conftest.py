"""Shared test configuration: hypothesis profiles, a headless matplotlib, figure clean-up.

Hypothesis profiles (choose with the environment variable ``SISTERCITY_HYPOTHESIS``):

- ``fast`` (the default; CI and the README's test command): 6 examples per property;
- ``thorough`` (a nightly or local deep run): 300 examples per property.

Both keep every assertion; they differ only in how many examples are generated. Run the
thorough profile with ``SISTERCITY_HYPOTHESIS=thorough python -m pytest -p no:xdist``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")

from sistercity.report import _figures as _report_figures  # after the backend is chosen

_DRAW_FIGURE = _report_figures._render
"""The report's real figure renderer, before any test replaces it (see ``text_only_report``)."""

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
settings.register_profile("fast", max_examples=6, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("thorough", max_examples=300, **_COMMON)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("SISTERCITY_HYPOTHESIS", "fast"))


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="session")
def bundled_report() -> Callable[..., str]:
    """The HTML report of a bundled dataset, rendered once per test process for each (name, at, lang).

    A page is an immutable string, so tests that only read it share one rendering; a test about
    rendering itself (figures drawn, files written, arguments refused) calls ``report`` directly.
    """
    from functools import cache
    from unittest import mock

    from sistercity import datasets
    from sistercity.report import _figures, report

    @cache
    def page(name: str, at: str | None = "2018", lang: str = "en") -> str:
        with mock.patch.object(_figures, "_render", _DRAW_FIGURE):  # never a text-only page in the cache
            return report(datasets.load(name), at=at, lang=lang)

    return page


@pytest.fixture
def text_only_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render reports without drawing their figures, for tests of the report's text.

    Each figure is replaced by an empty picture with its caption, as ``_render`` returns it;
    the figures themselves are tested by ``test_report_figures`` and ``test_report_escaping``.
    """
    from sistercity.report import _figures

    def no_drawing(draw: object, caption: str, size: tuple[float, float], words: object, *,
                   title: str | None = None) -> dict[str, str]:
        return {"data": "", "caption": caption, "width": str(round(size[0] * _figures.DPI)),
                "height": str(round(size[1] * _figures.DPI))}

    monkeypatch.setattr(_figures, "_render", no_drawing)
