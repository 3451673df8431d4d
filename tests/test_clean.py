"""The plain-text line classifier and corpus-level chrome detection."""

from __future__ import annotations

from newsprism import Article, RawDocument, clean
from newsprism.lines import classify

BODY = [
    "The city council approved the new budget on Monday after a long debate.",
    "Mayor Jane Smith said the plan would fund 200 new teachers and repair three bridges.",
    '"This is a budget for the next generation," she told reporters at City Hall.',
    "Opposition members said the tax increase would hurt small businesses.",
]


def test_one_line_paragraphs_and_quotes_are_kept() -> None:
    text = "\n".join(["Council Approves Budget After Long Debate", *BODY, '"Yes."'])
    res = classify(text)
    assert res.title == "Council Approves Budget After Long Debate"
    assert res.body == [*BODY, '"Yes."']


def test_chrome_lines_removed_with_reasons() -> None:
    chrome = {
        "Share on Facebook": "share bar",
        "Read More:": "link label",
        "About The Daily Planet": "about box",
        "Sign up for our newsletter to get the latest news": "newsletter or follow box",
        "© 2024 The Daily Planet. All rights reserved.": "copyright footer",
        "We use cookies to improve your experience. Accept": "cookie or legal notice",
        "Advertisement": "advertisement",
    }
    lines = [BODY[0], *chrome, *BODY[1:]]
    res = classify("\n".join(lines), want_title=False)
    assert res.body == BODY
    assert {r.text: r.reason for r in res.removed} == chrome


def test_menu_run_and_related_teasers() -> None:
    text = "\n".join(
        [
            "Home",
            "World",
            "Politics",
            "Sports",
            *BODY,
            "Related Articles",
            "Storm Knocks Out Power Across the Region",
            "(Published: March 3, 2024)Thousands of homes were left without …",
            "Final paragraph of a body that comes back after the teasers, long enough to count.",
        ]
    )
    res = classify(text, want_title=False)
    reasons = {r.text: r.reason for r in res.removed}
    assert reasons["World"] == reasons["Sports"] == "menu"
    assert reasons["Home"] == "navigation"
    assert reasons["Related Articles"] == "related-articles heading"
    assert reasons["Storm Knocks Out Power Across the Region"] == "related-article teaser"
    assert reasons["(Published: March 3, 2024)Thousands of homes were left without …"].startswith(
        "teaser of another article"
    )
    assert res.body[-1].startswith("Final paragraph")


def test_dateline_becomes_published() -> None:
    res = classify("A Headline Of Some Length\n(Last Updated On: February 21, 2018)\n" + BODY[0])
    assert res.published == "2018-02-21"
    assert res.body == [BODY[0]]


def test_lines_repeated_across_an_outlet_are_chrome() -> None:
    footer = "Follow the Daily Planet for more local coverage, every day of the week."
    shared_long = (
        "The council has argued for years over how to pay for the bridges, which engineers "
        "first flagged as unsafe in 2015, and the debate has split the city along old lines."
    )
    docs = [
        RawDocument(
            source=f"planet{i}.txt",
            kind="text",
            content="\n".join(
                [
                    f"Story Number {i} Of The Week",
                    *(f"{b} ({i})" for b in BODY),
                    shared_long,
                    footer,
                ]
            ),
            outlet="Daily Planet",
        )
        for i in range(4)
    ]
    arts = [a for a in clean(docs) if isinstance(a, Article)]
    assert len(arts) == 4
    for a in arts:
        assert footer not in a.text
        assert [r.reason for r in a.removed if r.text == footer] == [
            "repeated across articles of Daily Planet"
        ]
        # a long paragraph that recurs (an update of the same story) is body, not chrome
        assert shared_long in a.text


def test_no_repetition_evidence_below_min_articles() -> None:
    footer = "Follow the Daily Planet for more local coverage, every day of the week."
    docs = [
        RawDocument(source=f"p{i}.txt", kind="text", content="\n".join([*BODY, footer]))
        for i in range(2)
    ]
    arts = [a for a in clean(docs, outlet="Daily Planet") if isinstance(a, Article)]
    assert all(footer in a.text for a in arts)


def test_a_second_copy_of_the_article_is_dropped_but_repeated_items_stay() -> None:
    from newsprism.html_chrome import LineIndex, prune

    paras = [
        f"Paragraph {n} of the story says something long enough to count as real prose here."
        for n in range(6)
    ]
    item = "Portion: one cup of cooked brown rice with two ounces of chicken and some greens"
    body = [*paras, item, "Lunch", item, "2019-11-19T08:57:40+01:00", *paras]
    out = prune(body, LineIndex([]))
    assert out.body == [*paras, item, "Lunch", item]
    reasons = {r.reason for r in out.removed}
    assert reasons == {
        "repeats earlier paragraphs of the body (a second copy)",
        "a bare machine timestamp",
    }


def test_mojibake_is_repaired_in_html_and_plain_text_and_recorded() -> None:
    para = (
        "The council’s plan — approved on Monday — will cost “about” €3 million, "
        "officials said, and work starts next spring."
    )
    broken = para.encode().decode("latin-1")
    html = (
        "<html><head><title>Plan</title></head><body><article><h1>Plan</h1>"
        + (f"<p>{broken}</p>" * 3)
        + "</article></body></html>"
    )
    for doc in (
        RawDocument(source="page.html", kind="html", content=html),
        RawDocument(source="page.txt", kind="text", content="Plan approved\n\n" + broken),
        RawDocument(source="r.jsonl:1", kind="text", content=broken, title="Itâ€™s approved"),
    ):
        art = next(clean([doc]))
        assert isinstance(art, Article), art
        assert para in art.text
        assert "â" not in art.text
        assert dict(art.provenance)["text"] == "mojibake repaired"
        assert art.title is None or "â" not in art.title
    assert "â" not in classify(broken).body[0]


def test_subscription_boxes_of_blog_platforms_are_boilerplate() -> None:
    from newsprism.html_boilerplate import boilerplate

    for line in (
        "Discover more from Tiny House Giant Journey",
        "Subscribe to get the latest posts sent to your email.",
        "Sign up for Email Updates!",
    ):
        assert boilerplate(line) == "newsletter or subscription offer", line
    for line in (
        "Residents can sign up for updates on the council's website, officials said.",
        "Discover more from the archive: the council met 14 times in 2023 and voted twice.",
    ):
        assert boilerplate(line) is None, line


def test_an_author_box_at_the_end_of_an_html_body_is_removed() -> None:
    paras = "".join(
        f"<p>Paragraph {i} of the report says the council met again on Monday and voted on "
        f"the budget, which grows by {i} percent, officials said in a statement.</p>"
        for i in range(1, 7)
    )
    box = (
        "<h3>About the Author</h3><p>Jane Roe, Senior Editor</p>"
        "<p>Jane Roe has covered city politics for ten years and lives in Springfield.</p>"
    )
    html = f"<html><body><article><h1>Budget vote</h1>{paras}{box}</article></body></html>"
    art = next(clean([RawDocument(source="p.html", kind="html", content=html)]))
    assert isinstance(art, Article), art
    assert "Paragraph 6" in art.text
    assert "Jane Roe" not in art.text and "About the Author" not in art.text
    assert {r.reason for r in art.removed if "Jane Roe" in r.text} == {"author or contact box"}
