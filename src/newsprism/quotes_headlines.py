"""Headline attributions: "Cruz: Trump Would Put Liberals On Court", a line of its own that is
a short name, a colon and an unquoted claim (one of the indirect kinds of
:func:`newsprism.quotes_indirect.indirect_attributions`)."""

from __future__ import annotations

from newsprism.quotes_attrib import name_in
from newsprism.quotes_cues import Attribution, Context, parts_of

#: Capitalised words before a headline colon that label the line rather than name a source.
_LABELS = frozenset(
    """update updated watch read related exclusive breaking video photos photo editor note
    q a correction clarification listen opinion analysis live warning the latest""".split()
)
_HEADLINE_WORDS = 20


def headline_attributions(ctx: Context) -> list[Attribution]:
    """ "Cruz: Trump Would Put Liberals On Court", "Poll: Trump Ties Clinton ...": a line of its
    own that is a short name (no verb), a colon and an unquoted claim (a headline) attributes
    the claim to the name. Lines that start with a quote are direct quotes (handled there)."""
    out: list[Attribution] = []
    doc = ctx.doc
    for a, b in ctx.paras:
        line = ctx.text[a:b].strip()
        if "\n" in line or ":" not in line[:60]:
            continue
        toks = [i for i in ctx.tokens_in(a, b) if not doc[i].is_space]
        colon = next((k for k, i in enumerate(toks) if doc[i].text == ":"), None)
        if colon is None or colon == 0 or colon > 5:
            continue
        left, right = toks[:colon], toks[colon + 1 :]
        if any(doc[i].lower_ in _LABELS or not doc[i].text[:1].isupper() for i in left):
            continue
        words = [doc[i] for i in right if not (doc[i].is_punct or doc[i].is_space)]
        if not 3 <= len(words) <= _HEADLINE_WORDS or ctx.quoted[right[0]] or doc[right[0]].is_punct:
            continue
        if all(ctx.quoted[t.i] for t in words):
            continue
        speaker = name_in(ctx, left)
        if speaker is None:
            continue
        parts = parts_of([doc[i] for i in right])
        if not parts:
            continue
        att = Attribution("indirect", parts, parts[0][0], parts[-1][1], cue=[toks[colon]])
        att.speaker, att.rule = speaker, "headline"
        out.append(att)
    return out
