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

    from sistercity import datasets
    from sistercity.report import report

    @cache
    def page(name: str, at: str | None = "2018", lang: str = "en") -> str:
        return report(datasets.load(name), at=at, lang=lang)

    return page
