"""Who said what: direct and indirect quotes with their speakers, and numeric claims.

    from newsprism.quotes import extract, extract_many, match_quotes, number_discrepancies
    aq = extract(article.text)                     # ArticleQuotes(quotes=[...], numbers=[...])
    many = extract_many([a.text for a in articles])  # parses with nlp.pipe(batch_size=50)

Offsets are character offsets into the text given. Speakers are canonical names ("Sergei
Lavrov") resolved from what the text wrote ("he", "Lavrov", "the Iranian defense minister");
roles are kept apart from names. Cross-article helpers live in :mod:`newsprism.quotes_match`
and are re-exported here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from newsprism import nlp
from newsprism.quotes_attrib import (
    direct_attributions,
    looks_like_title,
    marks_only_attributions,
    split_tail,
)
from newsprism.quotes_cjk import cjk_speakers
from newsprism.quotes_cues import SUBJ, Attribution, Context, cue_class, token_at
from newsprism.quotes_indirect import indirect_attributions
from newsprism.quotes_learned import learned_attributions
from newsprism.quotes_marks import find_quotes
from newsprism.quotes_model import (
    ArticleQuotes,
    NumberClaim,
    NumberDiscrepancy,
    Quote,
    QuoteGroup,
)
from newsprism.quotes_numbers import number_claims
from newsprism.quotes_people import People
from newsprism.quotes_speakers import Speaker, attribution_time, continue_speakers, name_speaker
from newsprism.quotes_split import join_split_quotes
from newsprism.text import normalise_lang, word_count

log = logging.getLogger(__name__)

_MIN_UNATTRIBUTED_WORDS = 6
_MARKS = " .,;:!?…'\"“”‘’«»"


def extract(article_text: str, *, doc: Any = None, lang: str | None = None) -> ArticleQuotes:
    """Quotes and numeric claims of one text. ``doc``: a spaCy parse of exactly this text
    (from :func:`newsprism.nlp.parse_many`), to skip parsing here. ``lang``: the text's
    language (ISO 639-1); the cue and indirect-speech rules are English, so in another
    language only quotes in quote marks are found, each with the person named next to it."""
    if doc is None:
        doc = nlp.parse(article_text)
    elif doc.text != article_text:
        raise ValueError("doc is not a parse of article_text")
    ctx = Context(doc, find_quotes(article_text))
    people = People(doc, ctx.quoted)
    english = normalise_lang(lang) in (None, "en")
    if english:
        atts = _attributions(ctx)
        speakers = _name_all(ctx, people, atts)
    else:
        atts = marks_only_attributions(ctx, people, lang)
        speakers = _name_marks_only(ctx, people, atts)
        code = normalise_lang(lang)
        if code in ("ja", "zh"):  # names are not capitalised: the CJK patterns first
            found = cjk_speakers(article_text, [(a.start, a.end) for a in atts], code)
            speakers = [
                Speaker(c.name, article_text[c.start : c.end], c.start, c.end, c.role, None)
                if c is not None
                else s
                for s, c in zip(speakers, found, strict=True)
            ]
    quotes = [_quote(ctx, a, s) for a, s in zip(atts, speakers, strict=True)]
    quotes = [q for q in quotes if _keep(q)]
    return ArticleQuotes(quotes=quotes, numbers=number_claims(doc, quotes, lang))


def extract_many(
    texts: Iterable[str],
    batch_size: int = nlp.BATCH_SIZE,
    langs: Sequence[str | None] | None = None,
) -> list[ArticleQuotes]:
    """:func:`extract` over many texts, parsed in batches with ``nlp.pipe``; ``langs`` gives
    each text's language (None: English rules for all)."""
    items = list(texts)
    kinds = list(langs) if langs is not None else [None] * len(items)
    parsed = nlp.parse_many(items, batch_size)
    return [extract(t, doc=d, lang=g) for t, d, g in zip(items, parsed, kinds, strict=True)]


def _attributions(ctx: Context) -> list[Attribution]:
    """The rules' attributions and, apart from them, those of the learned cue detector."""
    atts = rule_attributions(ctx)
    learned = learned_attributions(ctx, atts)
    return sorted(atts + learned, key=lambda a: (a.start, a.kind)) if learned else atts


def rule_attributions(ctx: Context) -> list[Attribution]:
    """Direct quotes and indirect attributions found by the hand-made rules."""
    direct = join_split_quotes(ctx, direct_attributions(ctx))
    for att in direct:
        att.tail = att.tail or split_tail(ctx, att)
    indirect = _quoted_objects(ctx, direct, indirect_attributions(ctx))

    def inside(att: Attribution, ind: Attribution) -> bool:
        """Whether the quote's words lie in the indirect content (closing punctuation and
        marks aside)."""
        lo, hi = att.parts[0][0], att.parts[-1][1]
        return ind.start <= lo and (hi <= ind.end or not ctx.text[ind.end : hi].strip(_MARKS))

    # one cue, one attribution: a cue that introduces a direct quote (not just a phrase quoted
    # inside what it reports) has no indirect content of its own
    cues = {a.cue[0] for a in direct if a.cue and not a.embedded}
    cues -= _clause_sources(ctx, indirect)
    indirect = [ind for ind in indirect if ind.cue[0] not in cues]
    indirect = [ind for ind in indirect if not _holds_cued_quote(ctx, ind, direct)]
    bogus: set[int] = set()
    # the widest indirect content holding a direct quote is the one it belongs to
    widest = sorted(range(len(indirect)), key=lambda k: indirect[k].start - indirect[k].end)
    for att in direct:
        owner: Attribution | None = None
        for k in widest:
            ind = indirect[k]
            if not inside(att, ind):
                continue
            cue_at = ctx.doc[att.cue[0]].idx if att.cue else -1
            reported = att.cue and _reports_cue(ctx, ind, att.cue[0])
            if att.cue and _introduced(ctx, att) and ind.start <= cue_at < ind.end and not reported:
                bogus.add(k)  # the "content" holds “X,” he said or he said, “X”: a misparse
                continue
            owner = owner or ind
        if owner is not None:
            att.embedded = True
            own = att.cue and (att.cue[0] in owner.cue or _reports_cue(ctx, owner, att.cue[0]))
            if not own:  # a phrase quoted in what ``owner`` reports is ``owner``'s
                att.cue, att.speaker = list(owner.cue), owner.speaker
    indirect = [a for k, a in enumerate(indirect) if k not in bogus]
    indirect = _drop_nested(ctx, indirect)
    _nested_quotes(ctx, direct, indirect)
    _run_on_quotes(ctx, direct, indirect)
    return sorted(direct + indirect + _mixed(direct), key=lambda a: (a.start, a.kind))


#: Rules whose attributions give way to a direct quote with a cue of its own inside them.
_YIELDING_RULES = frozenset(("attitude", "noun", "headline"))


def _clause_sources(ctx: Context, indirect: Sequence[Attribution]) -> set[int]:
    """ "Some 55 percent said they do not believe Mrs. Clinton ''cares about people like
    me,'' according to a poll": an "according to" that a quote takes as its cue, while the
    clause it reports has words of its own outside the quote marks, is the source of that
    whole clause; the quote is a phrase inside it (PolNeAR gives each token one role)."""
    out: set[int] = set()
    for ind in indirect:
        if ind.rule != "according":
            continue
        own = [i for a, b in ind.parts for i in ctx.tokens_in(a, b)]
        if sum(1 for i in own if ctx.doc[i].is_alpha and not ctx.quoted[i]) >= 3:
            out.add(ind.cue[0])
    return out


def _holds_cued_quote(ctx: Context, ind: Attribution, direct: Sequence[Attribution]) -> bool:
    """ "he feels confident that Cruz will “blow away people's expectations”": an attitude,
    noun or headline attribution whose content holds a direct quote introduced by another cue
    gives way to that quote (one role per token, as in PolNeAR)."""
    if ind.rule not in _YIELDING_RULES:
        return False
    for att in direct:
        if not att.cue or att.cue[0] in ind.cue:
            continue
        if ind.start <= att.parts[0][0] and att.parts[-1][1] <= ind.end + 2:
            return True
    return False


def _quoted_objects(
    ctx: Context, direct: list[Attribution], indirect: list[Attribution]
) -> list[Attribution]:
    """ "Kasich has called for “boots on the ground.”", "chanting “Bernie or Jill, No Hill”":
    when all a cue reports (its object) is inside quote marks, the quote is a direct quote of
    that cue, not a phrase quoted in passing."""
    kept: list[Attribution] = []
    for ind in indirect:
        if not ind.rule.endswith("-quoted"):
            kept.append(ind)
            continue
        lo, hi = ind.start, ind.end
        for att in direct:
            if (att.cue and not att.embedded) or att.rule == "title":
                continue  # a quote with its own cue, or a title (“Good Morning America”)
            qlo, qhi = att.parts[0][0], att.parts[-1][1]
            if qlo <= lo and hi <= att.end and not ctx.text[qlo:lo].strip(_MARKS):
                if not ctx.text[hi:qhi].strip(_MARKS):
                    att.cue, att.speaker, att.embedded = list(ind.cue), ind.speaker, False
                    att.rule = "quoted-" + ind.rule.removesuffix("-quoted")
                break
    return kept


def _reports_cue(ctx: Context, ind: Attribution, cue: int) -> bool:
    """Whether a quote's cue lies in what ``ind`` reports, so that the quote, with its own cue
    and speaker, is part of that content (PolNeAR gives each token one role) rather than a
    misparse: "according to X" hangs on the quote's cue ("“...,” Salceda said in a bill,
    according to the Philippine Star"), or the quote's cue heads the reported clause of
    ``ind``'s cue ("prosecutors say that he told one FBI agent, “...”", "told NPR that he
    believes he, “...”") and that cue has a subject ("When asked why, Sembler responded:
    “...”" is a misparse)."""
    head = ctx.doc[ind.cue[0]]
    t = ctx.doc[cue]
    if head.lower_ == "according" and head.head.i == t.i:
        return True  # "“...,” Salceda said in a bill, according to the Philippine Star"
    if not any(c.dep_ in SUBJ for c in head.children):
        return False
    return bool(head.i < t.i and t.head.i == head.i and t.dep_ == "ccomp")


def _introduced(ctx: Context, att: Attribution) -> bool:
    """A quote presented as such by its cue: “X,” he said / he said, “X” / he said: “X”
    (not a phrase quoted inside a reported clause: "noting that donors feel “...”")."""
    if att.rule == "right-cue":
        return True
    return att.rule in ("left-cue", "colon-verb") and ctx.text[: att.start].rstrip()[-1:] in ",:"


def _run_on_quotes(ctx: Context, direct: list[Attribution], indirect: list[Attribution]) -> None:
    """ "Sanders said the campaign was conflating donations. “I do not have ...”": a quote with
    no cue of its own, right after an indirect attribution in the same paragraph (its cue and
    speaker aside: "..., dos Santos says. “If ...”"), goes on with what that attribution
    reports (PolNeAR's content takes both)."""
    by_end = sorted(indirect, key=lambda a: a.end)
    for att in direct:
        if att.cue or att.embedded:
            continue
        gap_lo = ctx.para_of(att.start)[0]
        prev = next((a for a in reversed(by_end) if gap_lo <= a.end <= att.start), None)
        if prev is None or len(prev.parts) > 3 or not _only_attribution(ctx, prev, att.start):
            continue
        prev.parts.extend(att.parts)
        prev.end = att.end
        att.embedded, att.cue, att.speaker = True, list(prev.cue), prev.speaker


def _nested_quotes(ctx: Context, direct: list[Attribution], indirect: list[Attribution]) -> None:
    """ "An official said Reid quieted the chatter, telling his colleagues, “We have ...”": a
    quote whose cue lies inside what an indirect attribution reports, and which follows right
    where that content ends, is part of that content (the reported clause goes on into the
    quote; PolNeAR gives each token one role). The quote stays, with its own speaker."""
    for att in direct:
        if not att.cue or att.embedded:
            continue
        at = ctx.doc[att.cue[0]].idx
        for ind in indirect:
            if ind.end <= att.start and any(a <= at < b for a, b in ind.parts):
                if not ctx.text[ind.end : att.start].strip(_MARKS):
                    ind.parts.extend(att.parts)
                    ind.end = att.end
                    att.embedded = True
                break
            if att.end <= ind.start and any(a <= at < b for a, b in ind.parts):
                # "“...,” O'Malley said at a press conference, according to the Las Vegas Sun":
                # the quote and its cue clause are what the later attribution reports
                if not ctx.text[att.end : ind.start].strip(_MARKS):
                    ind.parts[:0] = att.parts
                    ind.start = att.start
                    att.embedded = True
                break


_CUE_MODIFIERS = frozenset(("aux", "auxpass", "neg", "advmod"))


def _only_attribution(ctx: Context, prev: Attribution, upto: int) -> bool:
    """Whether nothing but ``prev``'s own cue and speaker (", dos Santos says.", ", she also
    said.") stands between the end of its content and ``upto``; the cue's auxiliaries and
    adverbs count as its own (the parser takes the "dos" of "dos Santos" for one)."""
    own = set(prev.cue)
    own.update(c.i for i in prev.cue for c in ctx.doc[i].children if c.dep_ in _CUE_MODIFIERS)
    if prev.speaker is not None:
        own.update(t.i for t in ctx.doc[prev.speaker].subtree)
    return all(
        ctx.doc[i].is_punct or ctx.doc[i].is_space or i in own
        for i in ctx.tokens_in(prev.end, upto)
    )


def _drop_nested(ctx: Context, indirect: list[Attribution]) -> list[Attribution]:
    """An attribution whose cue lies inside another's content ("He said he suspects ...") is
    part of what that one reports, so it is not reported again (one cue, one attribution, as
    in PolNeAR, where each token has one role)."""
    kept: list[Attribution] = []
    for att in sorted(indirect, key=lambda a: a.start - a.end):  # widest first
        at = ctx.doc[att.cue[0]].idx
        if not any(any(a <= at < b for a, b in o.parts) for o in kept):
            kept.append(att)
    return sorted(kept, key=lambda a: a.start)


def _mixed(direct: list[Attribution]) -> list[Attribution]:
    """A quote whose reported clause begins outside the marks ("When it takes effect, Dr.
    Clark added, ''it will ...''") is reported as an indirect quote over the whole clause;
    the direct part stays, marked embedded."""
    out: list[Attribution] = []
    for att in direct:
        if (att.lead is None and att.tail is None) or att.embedded:
            continue
        parts = ([att.lead] if att.lead else []) + att.parts + ([att.tail] if att.tail else [])
        rule = "mixed-" + ("lead" if att.lead else "") + ("tail" if att.tail else "")
        out.append(Attribution("indirect", parts, parts[0][0], parts[-1][1], cue=list(att.cue),
                               speaker=att.speaker, rule=rule))  # fmt: skip
        att.embedded = True
    return out


def _name_all(ctx: Context, people: People, atts: Sequence[Attribution]) -> list[Speaker | None]:
    """Name every attribution's speaker, in order of the cue, so that "he" can prefer the
    latest speaker; then let cue-less direct quotes continue an earlier speaker."""
    order = sorted(range(len(atts)), key=lambda k: atts[k].cue[0] if atts[k].cue else atts[k].start)
    recent: list[tuple[int, int]] = []
    named: list[Speaker | None] = [None] * len(atts)
    for k in order:
        att = atts[k]
        if att.speaker is None:
            continue
        sp = name_speaker(ctx.doc, people, att.speaker, recent)
        named[k] = sp
        if sp is not None and sp.pid is not None:
            recent.append((att.cue[0] if att.cue else att.start, sp.pid))
    continue_speakers(ctx, people, atts, named)
    return named


#: A quote followed in its sentence by at most this many words that name no one
#: (", a-t-il insisté.", ", dijo.") goes on with the previous quote's speaker.
_SHORT_TAIL = 4


def _name_marks_only(
    ctx: Context, people: People, atts: Sequence[Attribution]
) -> list[Speaker | None]:
    """Speakers of :func:`marks_only_attributions`: the mention is the run of capitalised
    words ending at the speaker token ("M. Lavrov"), the name that of the person it names."""
    doc = ctx.doc
    named: list[Speaker | None] = []
    last: Speaker | None = None
    last_k = -1
    for k, att in enumerate(atts):
        sp: Speaker | None = None
        if att.speaker is not None:
            i = j = att.speaker
            sent_start = doc[i].sent.start
            while j - 1 > sent_start and doc[j - 1].text[:1].isupper() and not ctx.quoted[j - 1]:
                j -= 1
            found = people.mention_at(i)
            pid = found.pid if found is not None else people.person_by_word(doc[i].text, i + 1)
            start, end = doc[j].idx, doc[i].idx + len(doc[i].text)
            mention = ctx.text[start:end]
            sp = Speaker(people.name(pid) if pid is not None else mention, mention, start, end,
                         people.role(pid) if pid is not None else None, pid)  # fmt: skip
        elif last is not None:
            end_tok = token_at(ctx, max(att.start, att.end - 1))
            tail = [t for t in doc[end_tok + 1 : doc[end_tok].sent.end] if t.is_alpha]
            if 0 < len(tail) <= _SHORT_TAIL:
                sp = Speaker(last.name, last.mention, last.start, last.end, last.role, last.pid)
                att.inherit = last_k
        named.append(sp)
        if sp is not None:
            last, last_k = sp, k
    return named


def _quote(ctx: Context, att: Attribution, sp: Speaker | None) -> Quote:
    text = " ".join(ctx.text[a:b] for a, b in att.parts)
    cue = " ".join(ctx.doc[i].text for i in att.cue) if att.cue else None
    return Quote(
        kind="direct" if att.kind == "direct" else "indirect",
        text=text,
        start=att.start,
        end=att.end,
        speaker=sp.name if sp else None,
        speaker_mention=sp.mention if sp else None,
        speaker_start=sp.start if sp else None,
        speaker_end=sp.end if sp else None,
        role=sp.role if sp else None,
        cue=cue,
        parts=tuple(att.parts),
        when=attribution_time(ctx, att),
        embedded=att.embedded,
        cue_class=cue_class(ctx.doc[att.cue[0]] if att.cue else None, att.rule, att.kind),
    )


def _keep(q: Quote) -> bool:
    """Titles ("Bridge of Spies", “Good Morning America”) are not quotes; a direct quote with
    no cue and no speaker is kept only when it is long enough to be speech rather than a
    scare quote."""
    if q.kind == "indirect" or (q.cue and not q.embedded):
        return True
    if looks_like_title(q.text):
        return False
    if q.cue or q.speaker:
        return True
    return not q.embedded and word_count(q.text) >= _MIN_UNATTRIBUTED_WORDS


from newsprism.quotes_match import (  # noqa: E402  (re-exported API)
    canonical_speakers,
    match_quotes,
    number_discrepancies,
)

__all__ = [
    "ArticleQuotes",
    "NumberClaim",
    "NumberDiscrepancy",
    "Quote",
    "QuoteGroup",
    "canonical_speakers",
    "extract",
    "extract_many",
    "match_quotes",
    "number_discrepancies",
]
