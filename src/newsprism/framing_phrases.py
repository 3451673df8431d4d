"""Show a distinctive word used once with the noun it modifies ("occupying" -> "occupying forces").

A phrase an article uses only once is not scored as a term of its own (most such pairs are two
words that happen to meet, and admitting them all drowns the list in ties). But when a word is
chosen on its own evidence and its one use modifies the next word, the pair says more than the
word: "occupying forces", "unwinnable war", "frivolous legislation". The part-of-speech tags
come from newsprism's spaCy pipeline (:func:`newsprism.nlp.get_nlp`, tagger only, run on the
line around the pair): an adjective or a participle (``JJ``, ``JJR``, ``JJS``, ``VBG``,
``VBN``) followed by a common noun (``NN``, ``NNS``). Verb-object pairs ("transferring Daesh")
and names are left alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from newsprism.framing_tokens import Token

#: Penn Treebank tags of a modifier, and of the noun it must precede.
MODIFIER_TAGS = frozenset({"JJ", "JJR", "JJS", "VBG", "VBN"})
NOUN_TAGS = frozenset({"NN", "NNS"})
#: Most characters tagged either side of a pair when its line is longer.
WINDOW = 200


@lru_cache(maxsize=4096)
def _tags(window: str) -> tuple[tuple[int, str], ...]:
    """(character offset, fine-grained tag) of each token of ``window``."""
    from newsprism.nlp import get_nlp

    nlp = get_nlp()
    doc = nlp.make_doc(window)
    for name in ("tok2vec", "tagger"):
        doc = nlp.get_pipe(name)(doc)
    return tuple((t.idx, str(t.tag_)) for t in doc)


def _window(text: str, start: int, end: int) -> tuple[int, str]:
    """(offset, text) of the line around ``text[start:end]``, at most :data:`WINDOW`
    characters either side, cut at a space."""
    lo = max(text.rfind("\n", 0, start) + 1, start - WINDOW)
    hi = text.find("\n", end)
    hi = min(len(text) if hi < 0 else hi, end + WINDOW)
    if lo > 0 and text[lo - 1] != "\n":
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else start
    if hi < len(text) and text[hi] != "\n":
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else end
    return lo, text[lo:hi]


def modifies(text: str, first: Token, second: Token) -> bool:
    """Is ``first`` a modifier (adjective or participle) of the common noun ``second``, two
    adjacent tokens of ``text``?"""
    if first.start < 0 or second.start < 0:
        return False  # headline tokens: no offsets into the text
    offset, window = _window(text, first.start, second.end)
    tags = dict(_tags(window))
    return (
        tags.get(first.start - offset) in MODIFIER_TAGS
        and tags.get(second.start - offset) in NOUN_TAGS
    )


def modified_noun(
    key: str, tokens: Sequence[Token], skip: Sequence[bool], text: str
) -> Token | None:
    """The noun that the one counted use of the word ``key`` modifies, if it does: the next
    token, joined to it, counted, and tagged a common noun after a modifier."""
    uses = [i for i, t in enumerate(tokens) if t.key == key and not skip[i]]
    if len(uses) != 1 or uses[0] + 1 >= len(tokens):
        return None
    i = uses[0]
    nxt = tokens[i + 1]
    if not nxt.joins or skip[i + 1] or not modifies(text, tokens[i], nxt):
        return None
    return nxt
