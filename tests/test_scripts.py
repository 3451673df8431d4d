"""Scripts other than Latin: text written without spaces (Chinese characters, kana), where
sentences end at full-width stops and tokens are character bigrams so that compare, reuse and
clustering see shared words; and scripts without case (Arabic, Devanagari), where any letter
may start a sentence.

The story tests use a real Japanese article (a page of the Zyte extraction benchmark, its gold
body) and an edited rewrite of it as a second outlet would publish it; a second real Japanese
article on another subject must stay apart."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism import clean, read
from newsprism.clean import clean_document
from newsprism.cluster import cluster
from newsprism.cluster_index import tokens as cluster_tokens
from newsprism.compare import compare
from newsprism.framing import distinctive_terms
from newsprism.html_boilerplate import boilerplate
from newsprism.lines import classify
from newsprism.model import Article, RawDocument
from newsprism.quotes import extract, match_quotes
from newsprism.reuse import _word_tokens, find_reuse
from newsprism.settings import CleanConfig
from newsprism.text import content_words, sentence_spans, tokens
from tests.conftest import SEEDS, shared_data

TRADEMARK = "85439e26c41c75901820d01a13e8cea7836abb58635ea3986f71a163ab0311d3"  # iPhone case
KINDLE = "f105de6e63ca91ea482f60193f6252092557f969f2fd128ff68c0d4d6b90dd7d"  # a hotkey clash


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_sentences_end_at_full_width_stops() -> None:
    text = "報道によると、販売されたのは「中古品」でした。次の文です！本当？ Mr. Smith left."
    assert _sentences(text) == [
        "報道によると、販売されたのは「中古品」でした。",
        "次の文です！",
        "本当？",
        "Mr. Smith left.",
    ]
    quoted = "彼は「値上げはしない。」と述べた。"
    assert _sentences(quoted) == [quoted]  # the quote goes on


def test_cjk_tokens_are_bigrams_and_content_skips_function_bigrams() -> None:
    assert tokens("外務大臣はiPhoneを販売") == [
        "外務",
        "務大",
        "大臣",
        "臣は",
        "iphone",
        "を販",
        "販売",
    ]
    assert tokens("U.S. plan") == ["us", "plan"]  # other scripts as before
    assert content_words("外務大臣はiPhoneを販売した") == ["外務", "務大", "大臣", "iphone", "販売"]
    assert "的经" not in content_words("中国的经济")


@given(st.text(alphabet=st.sampled_from("東京都は新しい対策をiPhone発表した。 ab1-İ"), max_size=40))
@settings(max_examples=200, deadline=None)
def test_reuse_token_offsets_point_at_their_text(text: str) -> None:
    words, starts, ends = _word_tokens(text)
    assert len(words) == len(starts) == len(ends)
    for w, s, e in zip(words, starts, ends, strict=True):
        if text[s:e].isascii() or "İ" not in text[s:e]:
            assert text[s:e].lower() == w


@pytest.fixture(scope="module")
def japanese() -> list[Article]:
    root = shared_data("extraction/zyte-article-extraction-benchmark")
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    first, other = gold[TRADEMARK]["articleBody"], gold[KINDLE]["articleBody"]
    paras = [p for p in first.split("\n\n") if p.strip()]
    rewrite = [
        "警察は今週、改造スマートフォンの販売をめぐり男性を逮捕した。",  # a new opening
        paras[0].replace("先日、", "今月、").replace("20代の男性", "20代男性"),
        paras[1],
        paras[2].replace("とのことです", "という"),
        *paras[4:-1],  # one paragraph and the footnote left out
    ]
    return [
        Article(id="a", source="a.txt", outlet="Blog A", text=first, lang="ja"),
        Article(id="b", source="b.txt", outlet="Outlet B", text="\n\n".join(rewrite), lang="ja"),
        Article(id="c", source="c.txt", outlet="Blog C", text=other, lang="ja"),
    ]


def test_compare_aligns_an_edited_japanese_rewrite(japanese: list[Article]) -> None:
    a, b, _ = japanese
    c = compare([a, b])
    kinds = {p.kind for p in c.passages}
    assert {"verbatim", "near"} <= kinds  # edited sentences are found as edited
    shared = sum(s.end - s.start for p in c.passages for s in p.spans if s.article == "b")
    assert shared >= 0.9 * len(b.text)  # only the new opening is B's own (before: 0.49)
    own = [u.text for u in c.unique if u.article == "b"]
    assert any(u.startswith("警察は今週") for u in own)


def test_reuse_finds_the_copied_japanese_passages(japanese: list[Article]) -> None:
    r = find_reuse(japanese)
    assert {(link.a.article_id, link.b.article_id) for link in r.links} == {("a", "b")}
    assert {link.kind for link in r.links} == {"verbatim", "near"}
    texts = {x.id: x.text for x in japanese}
    for link in r.links:
        for side in (link.a, link.b):
            assert 0 <= side.start < side.end <= len(texts[side.article_id])
    assert [sorted(g) for g in r.groups] == [["a", "b"]]


def test_cluster_keeps_the_rewrite_together_and_the_other_article_apart(
    japanese: list[Article],
) -> None:
    story = {x.article_id: x.story_id for x in cluster(japanese)}
    assert story["a"] == story["b"] != story["c"]


@pytest.mark.parametrize("lang", ["ja", "zh", "ko"])
def test_framing_works_without_the_optional_word_segmenters(
    japanese: list[Article], lang: str
) -> None:
    """wordfreq needs MeCab (Japanese, Korean) or jieba (Chinese) to look words up; they are
    not installed, so these languages get no general prior instead of a crash (the compare
    command used to fail with ModuleNotFoundError on two Japanese articles)."""
    a, b, _ = (replace(x, lang=lang) for x in japanese)
    terms = distinctive_terms([a, b])
    assert {t for t, _ in terms["b"]} >= {"警察", "今週"}  # the rewrite's own opening
    assert all(" " not in t for t, _ in terms["b"])  # bigrams form no phrases


def test_sentences_of_scripts_without_case() -> None:
    arabic = "قال لافروف إن موسكو قلقة. وأضاف أن واشنطن تنفي ذلك. هل هذا صحيح؟ نعم."
    assert _sentences(arabic)[1:3] == ["وأضاف أن واشنطن تنفي ذلك.", "هل هذا صحيح؟"]
    assert len(_sentences(arabic)) == 4
    assert len(_sentences("मंत्री ने कहा। उन्होंने जोड़ा।")) == 2
    # cased scripts as before: a lower-case word after a full stop goes on the sentence
    russian = "Министр заявил об этом во вторник. он добавил."
    assert len(_sentences(russian)) == 1


ARABIC = (  # the first seed's opening, rendered in Arabic for this test (one paragraph)
    "أعرب وزير الخارجية الروسي سيرغي لافروف عن قلقه البالغ من إنكار الولايات المتحدة وحلف "
    "الناتو وجود داعش في أفغانستان. وقال لافروف خلال مؤتمر صحفي في موسكو إن العسكريين "
    "الأمريكيين وقوات الناتو في أفغانستان يبذلون كل جهد لإسكات وجود تنظيم داعش وإنكاره. "
    "وأضاف أن وجود داعش في شمال أفغانستان وشرقها خطير للغاية، وأن هناك بالفعل آلاف المسلحين. "
    "وتابع أن ذلك يزيد من خطر تسلل الإرهابيين إلى آسيا الوسطى، وليس من الصعب الوصول إلى روسيا."
)


def test_an_arabic_paragraph_is_aligned_sentence_by_sentence() -> None:
    """Before, the paragraph was one sentence and nothing of it linked to the seed."""
    seed = next(a for a in clean(read([SEEDS / "ariana-news.txt"])) if isinstance(a, Article))
    ar = Article(id="ar", source="ar.txt", outlet="Arabic Desk", text=ARABIC, lang="ar")
    c = compare([seed, ar])
    linked = [s.text for p in c.passages for s in p.spans if s.article == "ar"]
    assert any(t.startswith("وتابع أن ذلك يزيد من خطر تسلل الإرهابيين") for t in linked)
    assert all(t.endswith(".") for t in linked)  # whole sentences, not the paragraph


@pytest.mark.parametrize(
    ("headline", "body"),
    [
        (
            "警察、改造iPhone販売の男を逮捕",
            "警察は今週、改造したスマートフォンを販売したとして男性を逮捕した。報道によると、"
            "販売されたのは機能制限を解除した端末で、商標権の侵害にあたると判断されたという。"
            "男性は容疑を認めているという。",
        ),
        ("لافروف يعرب عن قلقه من إنكار واشنطن وجود داعش", ARABIC),
    ],
)
def test_plain_text_headline_in_scripts_without_case(headline: str, body: str) -> None:
    """The first line of a scraped text becomes the title (it needed a capital letter and
    three space-separated words before, which Japanese and Arabic headlines never have)."""
    doc = RawDocument(source="story.txt", kind="text", content=f"{headline}\n\n{body}\n")
    art = clean_document(doc, CleanConfig())
    assert isinstance(art, Article)
    assert art.title == headline
    assert art.text.strip() == body


JA_QUOTE_A = (
    "ロシアのラブロフ外相は20日、モスクワで記者会見し、「米国とNATOはアフガニスタンにおける"
    "過激派組織の存在を隠そうとしている」と述べた。\n\n外相はまた、「北部と東部には既に数千人の"
    "戦闘員がいる」と強調した。いわゆる「脱獄」とは別の話だ。"
)
JA_QUOTE_B = (
    "ラブロフ外相は記者会見で「米国とNATOはアフガニスタンでの過激派組織の存在を隠そうとして"
    "いる」と語った。"
)


def test_japanese_quotes_in_corner_brackets_are_found_and_matched() -> None:
    """「...」 quotes are direct quotes, their speaker the name with a title before は/が/も
    (a title alone: the last speaker with it); a one-word scare quote is not a quote; two
    outlets' versions of one quote are matched, with the wording change flagged."""
    a, b = extract(JA_QUOTE_A, lang="ja"), extract(JA_QUOTE_B, lang="ja")
    assert [q.text for q in a.quotes] == [
        "米国とNATOはアフガニスタンにおける過激派組織の存在を隠そうとしている",
        "北部と東部には既に数千人の戦闘員がいる",
    ]
    assert all(q.kind == "direct" for q in a.quotes)
    assert [(q.speaker, q.role, q.speaker_mention) for q in a.quotes] == [
        ("ラブロフ", "外相", "ラブロフ外相"),
        ("ラブロフ", "外相", "外相"),
    ]
    assert [q.speaker for q in b.quotes] == ["ラブロフ"]
    (group,) = match_quotes({"a": a, "b": b})
    assert {m.article for m in group.members} == {"a", "b"}
    assert group.wording_changed


@pytest.mark.parametrize(
    "notice",
    [
        "저작권자 ⓒ '대중문화컨텐츠 전문가그룹' 엔터미디어(www.entermedia.co.kr), "
        "무단전재 및 재배포금지",
        "Все права защищены.",
        "Tous droits réservés",
        "جميع الحقوق محفوظة",
        "版权所有 新华网",
    ],
)
def test_copyright_notices_in_other_languages_are_furniture(notice: str) -> None:
    """Removed like "All rights reserved" (they were kept as article text: in a comparison
    of two articles of one site, the footer is a verbatim passage they share)."""
    body = "첫 문장입니다. 이 기사는 여러 문장으로 되어 있습니다. 충분히 긴 본문이 필요합니다."
    res = classify(f"{body}\n\n{notice}\n")
    assert [r.reason for r in res.removed] == ["copyright footer"]
    assert boilerplate(notice) == "copyright or usage notice"


@given(
    st.text(
        alphabet=st.sampled_from(
            "東京都は新しい対策をiPhone発表。 U.S. NATO's ab’c 1.5 d.e-f İ Ж 한국"
        ),
        max_size=60,
    )
)
@settings(max_examples=300, deadline=None)
def test_clustering_tokens_are_the_text_tokens(text: str) -> None:
    """cluster_index.tokens is the faster twin of text.tokens, CJK bigrams included."""
    assert cluster_tokens(text) == tokens(text)


ZH_QUOTES = (
    "俄罗斯外长拉夫罗夫表示：“我们对美国和北约否认阿富汗存在达伊沙感到震惊。”他说，“这增加了"
    "恐怖分子渗透到中亚的风险。”巴基斯坦外长阿西夫指出：“巴基斯坦在反恐斗争中遭受了巨大损失。”"
)


def test_chinese_quotes_get_the_speaker_of_their_speech_verb() -> None:
    """“...” right after 表示/说/指出: the name before the verb, a title in it as the role,
    a pronoun as the previous speaker; a closing mark needs no space after it."""
    quotes = extract(ZH_QUOTES, lang="zh").quotes
    assert [q.text[:4] for q in quotes] == ["我们对美", "这增加了", "巴基斯坦"]
    assert [(q.speaker, q.role) for q in quotes] == [
        ("拉夫罗夫", "外长"),
        ("拉夫罗夫", "外长"),
        ("阿西夫", "外长"),
    ]
    assert [q.speaker_mention for q in quotes] == ["俄罗斯外长拉夫罗夫", "他", "巴基斯坦外长阿西夫"]
