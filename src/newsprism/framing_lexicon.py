"""How common a word is in general text: the prior that knows a language without a store.

A story of two or three articles cannot tell a loaded rare word ("Takfiri", "occupying") from
an everyday one ("additional", "administration"): each is used once by one outlet and never by
the others, and all of them tie. A store of articles tells them apart (:class:`Background`),
but ``newsprism compare a.txt b.txt`` has no store. This module gives every word its frequency
in general text from ``wordfreq`` (word frequencies pooled from subtitles, news, Wikipedia,
books, web text and social media, shipped inside the PyPI package for about 40 languages;
nothing is downloaded). A word wordfreq has never seen gets :data:`UNSEEN`, a little under the
rarest frequency its lists hold; a language it does not cover gets no general prior at all.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from wordfreq import available_languages, word_frequency

from newsprism.text import normalise_lang

__all__ = ["UNSEEN", "general_frequency", "supported"]

log = logging.getLogger(__name__)

#: Frequency given to a word that is in none of wordfreq's lists (the "large" lists stop
#: at about 1e-8).
UNSEEN = 1e-9


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    return frozenset(available_languages("best"))


@lru_cache(maxsize=64)
def _usable(code: str) -> bool:
    """Whether wordfreq can look words up in ``code`` here: it has a list for it, and the
    word segmenter it needs for that language is installed (Chinese needs ``jieba``, Japanese
    and Korean ``MeCab``, optional packages newsprism does not install)."""
    if code not in _languages():
        return False
    try:
        word_frequency("a", code, wordlist="best")
    except (ImportError, LookupError) as exc:
        log.info("no general word frequencies for %r: %s", code, exc)
        return False
    return True


def supported(lang: str | None) -> bool:
    """Whether wordfreq has a usable word list for ``lang`` (an ISO 639-1 code such as
    ``en``)."""
    code = normalise_lang(lang)
    return code is not None and _usable(code)


@lru_cache(maxsize=65536)
def general_frequency(key: str, lang: str = "en") -> float:
    """The frequency of a case-folded term key as a word of general text in ``lang`` (a share
    of all word tokens); :data:`UNSEEN` for a word wordfreq does not list. Raises
    ``ValueError`` for a language :func:`supported` rejects."""
    code = normalise_lang(lang) or ""
    if not _usable(code):
        raise ValueError(f"wordfreq has no word list for language {lang!r}")
    return max(word_frequency(key, code, wordlist="best"), UNSEEN)
