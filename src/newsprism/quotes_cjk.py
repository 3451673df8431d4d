"""Speakers of quotes in Japanese and Chinese news, from the words around the quote marks.

The parser and the person tagger are English, and names in these languages are not
capitalised, so :func:`newsprism.quotes_attrib.marks_only_attributions` finds no speaker. The
two languages introduce a quote in a few fixed ways, read here with patterns:

* Japanese: the speaker is the topic or subject of the sentence, a name with a title or an
  honorific before は / が / も ("ラブロフ外相は…「…」と述べた"), and a speech verb follows the
  quote (と述べた, と語った, と強調した ...). A title alone ("外相はまた、「…」") is the last
  speaker who had that title.
* Chinese: a speech verb right before the opening mark ("拉夫罗夫表示：“…”", "他说，“…”");
  a title inside the name is the role ("俄罗斯外长拉夫罗夫": 拉夫罗夫, 外长); a pronoun is
  the previous speaker.

Nothing here is measured on annotated data: there is no Japanese or Chinese attribution set
(the tests use sentences written for them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_JA_TITLES = (
    "国務長官|外務大臣|国防長官|報道官|委員長|書記長|大統領|官房長官|首相|外相|国防相|長官|"
    "大臣|議員|知事|市長|社長|会長|代表|総裁|監督|教授|容疑者|被告|氏|さん"
)
_JA_SPEAKER = re.compile(
    rf"(?P<name>[\u30a0-\u30ff・]{{2,15}}|[\u4e00-\u9fff]{{2,4}})?(?P<title>{_JA_TITLES})(?:は|が|も)"
)
_JA_SPEECH = re.compile(
    r"[」』]\s*(?:と|って)\s*(?:述べ|語|話|強調|指摘|明らかに|説明|主張|批判|訴え|発言|"
    r"言|強く|記者団に)"
)
_ZH_TITLES = "发言人|外长|总统|总理|主席|部长|大使|国务卿|首相|秘书长|议员|市长|经理|教授"
_ZH_CUE = re.compile(
    r"(?P<who>[\u4e00-\u9fff·]{1,16})(?:表示|说|指出|强调|称|透露|介绍|宣布|回应)"
    r"(?:道)?\s*[：:，,]?\s*$"
)
_ZH_PRONOUNS = frozenset({"他", "她", "他们", "她们"})
_SENTENCE_ENDS = "。！？\n"


@dataclass(frozen=True, slots=True)
class CjkSpeaker:
    """A speaker found by :func:`cjk_speakers`: the name, the role, and where the mention is."""

    name: str
    role: str | None
    start: int
    end: int


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding offset ``at`` starts: after the last stop before it (and a
    closing mark right after that stop)."""
    stop = max(text.rfind(c, 0, at) for c in _SENTENCE_ENDS)
    if stop < 0:
        return 0
    return stop + 2 if text[stop + 1 : stop + 2] in ("」", "』", "”") else stop + 1


def _japanese(text: str, start: int, end: int, prev: list[CjkSpeaker]) -> CjkSpeaker | None:
    # ``end`` is just past the closing mark, or at it when the quote's span stops inside
    if not (_JA_SPEECH.match(text, end - 1) or _JA_SPEECH.match(text, end)):
        return None
    lo = _sentence_start(text, start)
    found = list(_JA_SPEAKER.finditer(text, lo, start))
    if not found:
        return None
    m = found[0]
    title = m.group("title")
    if m.group("name"):
        role = None if title in ("氏", "さん") else title
        return CjkSpeaker(m.group("name"), role, m.start(), m.end("title"))
    same = next((p for p in reversed(prev) if p.role == title), None)
    return CjkSpeaker(same.name, title, m.start(), m.end("title")) if same else None


def _chinese(text: str, start: int, prev: list[CjkSpeaker]) -> CjkSpeaker | None:
    lo = _sentence_start(text, start)
    m = _ZH_CUE.search(text, lo, start)
    if m is None:
        return None
    who, at = m.group("who"), m.start("who")
    if who in _ZH_PRONOUNS:
        return CjkSpeaker(prev[-1].name, prev[-1].role, at, m.end("who")) if prev else None
    titles = list(re.finditer(_ZH_TITLES, who))
    if titles and titles[-1].end() < len(who):
        t = titles[-1]
        return CjkSpeaker(who[t.end() :], t.group(0), at, m.end("who"))
    return CjkSpeaker(who, None, at, m.end("who"))


def cjk_speakers(text: str, quotes: list[tuple[int, int]], lang: str) -> list[CjkSpeaker | None]:
    """For each quote (start, end, marks included) of ``text`` in order, its speaker or None.
    ``lang``: ``ja`` or ``zh``."""
    out: list[CjkSpeaker | None] = []
    prev: list[CjkSpeaker] = []
    for start, end in quotes:
        sp = _japanese(text, start, end, prev) if lang == "ja" else _chinese(text, start, prev)
        out.append(sp)
        if sp is not None:
            prev.append(sp)
    return out
