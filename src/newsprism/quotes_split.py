"""Split quotes: ``"X," he said, "Y."`` and ``"X," he said. "Y."`` are one attribution with
several parts (PolNeAR's content joins them), found after each quote has its cue."""

from __future__ import annotations

from newsprism.quotes_cues import Attribution, Context, ends_sentence, token_at

__all__ = ["join_split_quotes"]


def join_split_quotes(ctx: Context, atts: list[Attribution]) -> list[Attribution]:
    """Join ``"X," he said, "Y."`` and ``"X," he said. "Y."`` (same paragraph, nothing but the
    cue clause or blank space between) into one attribution with several parts."""
    out: list[Attribution] = []
    for att in atts:
        # a title quoted between the parts ("he said on ABC's ''This Week.'' ''...''") is skipped
        prev = next((a for a in reversed(out) if a.rule != "title"), None)
        if prev is not None and prev.kind == "direct" and _continues(ctx, prev, att):
            prev.parts.extend(att.parts)
            prev.end = att.end
            prev.closed = prev.closed and att.closed
            continue
        out.append(att)
    return out


def _continues(ctx: Context, prev: Attribution, att: Attribution) -> bool:
    if prev.embedded:
        return False
    p_prev, p_att = ctx.para_of(prev.end - 1), ctx.para_of(att.start)
    if p_prev != p_att:
        # “X,” Viguerie tells Breitbart News.¶“Y.” — the next paragraph is all quote
        nxt = ctx.paras.index(p_prev) + 1
        if att.cue or nxt >= len(ctx.paras) or ctx.paras[nxt] != p_att:
            return False
        if ctx.text[p_att[0] : att.start].strip() or not prev.cue:
            return False
    if att.embedded and (att.cue or ctx.text[: att.start].rstrip()[-1:] not in ".!?"):
        return False  # only a cue-less quote that starts a sentence may continue
    gap = ctx.text[prev.end : att.start]
    if not gap.strip():
        return prev.cue != [] or att.cue == []
    if _ellipsis(gap) and not att.cue:
        return True  # “Is it time ...?” . . . “Have you ...?”: excerpts of one text
    if not prev.cue or (att.cue and att.cue != prev.cue):
        return False
    # the cue must stand between the two parts: "X," he said, "Y" / "X," said Kirk, ... "Y",
    # and no other sentence may come between the cue's sentence and the next part
    if not (prev.cue[0] >= token_at(ctx, prev.end) and prev.cue[-1] < token_at(ctx, att.start)):
        return False
    gap_toks = [i for i in ctx.tokens_in(prev.end, att.start) if not ctx.doc[i].is_space]
    # a second predicate on the cue ("X," she told the crowd, then referred to ...: "Y")
    # introduces the second part as something else
    doc = ctx.doc
    if any(
        doc[i].dep_ == "conj" and doc[i].pos_ == "VERB" and doc[i].head.i in prev.cue
        for i in gap_toks
    ):
        return False
    ends = [i for i in gap_toks if ends_sentence(ctx, i)]
    return not ends or ends == gap_toks[-1:]


def _ellipsis(gap: str) -> bool:
    """Whether the text between two quotes is only an ellipsis (". . .", "...", "…")."""
    core = gap.strip()
    return bool(core) and not core.strip(".… ") and ("…" in core or core.count(".") >= 3)
