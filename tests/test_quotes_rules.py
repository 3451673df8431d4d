"""Quote and attribution rules on short written texts: quote marks, cues, speakers,
indirect attributions of every kind (newsprism.quotes)."""

from __future__ import annotations

from newsprism.quotes import (
    extract,
)
from newsprism.quotes_marks import find_quotes


def test_quote_mark_styles() -> None:
    cases = {
        "“Curly,” he said.": "Curly,",
        'He said: "Straight."': "Straight.",
        "« Guillemets », a-t-il dit.": "Guillemets",
        "„Low high“, sagte er.": "Low high",
        "She said ‘single quotes work’ too.": "single quotes work",
        "''Two apostrophes,'' Mr. Smith said.": "Two apostrophes,",
    }
    for text, inner in cases.items():
        (q,) = find_quotes(text)
        assert text[q.parts[0][0] : q.parts[0][1]] == inner, text
    assert find_quotes("It’s NATO’s plan and the terrorists’ aim.") == []


def test_quote_marks_glued_to_punctuation_and_words() -> None:
    """Scraped text loses spaces around marks: 'said,“Look' and '“We won,”said Smith' still
    give the quote and its speaker (the tokenizer splits the mark off, the closer closes)."""
    text = (
        "Ryan said,“Look, these images have no place in a presidential campaign.”\n\n"
        "“We won the vote in the end,”said Jane Smith."
    )
    got = [(q.text, q.speaker) for q in extract(text).quotes if q.kind == "direct"]
    assert got == [
        ("Look, these images have no place in a presidential campaign.", "Ryan"),
        ("We won the vote in the end,", "Jane Smith"),
    ]


def test_nested_single_quote_spaced_from_the_double_mark() -> None:
    """Straight-quote style puts a space between a nested single mark and the double one:
    the double mark still closes (or opens) the quote, so the cue after it is found."""
    text = (
        "\"What I see is what they call in the market 'a flight to quality,' \" Jane Smith said."
        "\n\n\" 'Well done' is all we heard,\" Smith said."
    )
    got = [(q.text, q.speaker, q.cue) for q in extract(text).quotes if q.kind == "direct"]
    assert got == [
        ("What I see is what they call in the market 'a flight to quality,'", "Jane Smith", "said"),
        ("'Well done' is all we heard,", "Jane Smith", "said"),
    ]


def test_cue_less_quote_continues_an_attribution_across_its_own_cue() -> None:
    text = (
        "Jane Smith, the group's lawyer, spoke on Monday. The group will watch the case "
        'closely, Smith also says. "If the government can do this, it can silence anyone."'
    )
    (q,) = [q for q in extract(text).quotes if q.kind == "indirect"]
    assert q.cue == "says" and q.text.endswith("it can silence anyone.")


def test_quote_after_the_following_statement_gets_its_issuer() -> None:
    text = (
        "Senator Jane Smith issued the following statement:\n\n"
        "\u201cOur thoughts are with the families of the victims tonight.\u201d"
    )
    (q,) = extract(text).quotes
    assert (q.kind, q.speaker, q.cue) == ("direct", "Jane Smith", "issued")


def test_right_cue_after_a_speaker_description_set_off_by_commas() -> None:
    text = (
        "\u201cI would have been sitting in Siberia for a long time,\u201d Mr. Daniloff, now 81 "
        "and retired in Cambridge, Mass., said by telephone this week."
    )
    (q,) = extract(text).quotes
    assert (q.kind, q.cue, q.speaker_mention, q.embedded) == (
        "direct",
        "said",
        "Mr. Daniloff",
        False,
    )


def test_words_after_a_quote_about_when_or_with_what_it_was_said() -> None:
    for text, said in [
        ('The mayor tweeted, "Thank you Springfield! #Vote2024" on Friday afternoon.',
         "Thank you Springfield! #Vote2024"),
        ('Residents kept saying "we want our library back" in response.',
         "we want our library back"),
        ('The minister wrote - "So terrible" - with a link to the report.', "So terrible"),
    ]:  # fmt: skip
        (q,) = extract(text).quotes
        assert (q.kind, q.text, q.embedded) == ("direct", said, False)
    # words that go on with what was said stay part of it
    (q,) = [q for q in extract('The mayor said "the city is ready" for the storm.').quotes
            if q.kind == "indirect"]  # fmt: skip
    assert q.text == "the city is ready for the storm"


def test_quote_as_the_complement_of_someones_saying() -> None:
    for text, said in [
        ("Jane Smith's reply was: \u201cWe will reopen the library next spring.\u201d",
         "We will reopen the library next spring."),
        ("Jane Smith's campaign slogan is \u201cWe can fix this.\u201d She repeats it often.",
         "We can fix this."),
    ]:  # fmt: skip
        (q,) = [q for q in extract(text).quotes if q.kind == "direct"]
        assert (q.text, q.speaker, q.embedded) == (said, "Jane Smith", False)
    # a title is no quote, nor is a phrase quoted inside a reported clause
    assert not extract("Jane Smith's favourite show is \u201cThe Good Place.\u201d").quotes
    (q,) = [q for q in extract("Jane Smith said that his excuses were \u201cnonsense\u201d.").quotes
            if q.kind == "direct"]  # fmt: skip
    assert q.embedded


def test_quotes_with_only_an_ellipsis_between_them_are_one_quote() -> None:
    for text in [
        'Jane Smith said, "We will win." \u2026 "Mark my words."',
        'Jane Smith said, "We will win." . . . "Mark my words."',
    ]:
        (q,) = extract(text).quotes
        assert (q.text, q.speaker, len(q.parts)) == ("We will win. Mark my words.", "Jane Smith", 2)


def test_a_cue_after_a_quote_that_opens_its_own_quote_is_not_the_first_ones() -> None:
    text = (
        "Jane Smith replied to Tom Brown with, \u201cWhy now?\u201d Brown then wrote back, "
        "\u201cYou look tired.\u201d"
    )
    got = [(q.text, q.speaker, q.cue) for q in extract(text).quotes]
    assert got == [("Why now?", "Jane Smith", "replied"), ("You look tired.", "Tom Brown", "wrote")]


def test_unbalanced_mark_keeps_the_rest_of_the_article() -> None:
    text = "He said “this never closes.\n\nNext paragraph. Then “a real quote,” she said."
    qs = find_quotes(text)
    assert [text[a:b] for q in qs for a, b in q.parts] == ["this never closes.", "a real quote,"]
    assert not qs[0].closed and qs[1].closed


def test_quote_running_over_paragraphs_and_split_quotes() -> None:
    text = (
        "Senator Jane Smith spoke on Monday.\n\n"
        "“The first part runs on,” Smith said, “and the second part ends here.\n\n"
        "“A new paragraph continues the same quote.”\n\n"
        "Officials disagreed."
    )
    aq = extract(text)
    (q,) = [q for q in aq.quotes if q.kind == "direct"]
    assert len(q.parts) == 3
    assert q.speaker == "Jane Smith" and q.cue == "said"
    assert "continues the same quote" in q.text


def test_pronoun_gender_and_description() -> None:
    text = (
        "Defense Minister Maria Lopez met Prime Minister John Brown on Tuesday. "
        "Mrs. Lopez was upbeat.\n\n"
        "“We agreed on everything,” she said.\n\n"
        "The prime minister said that talks would continue next month."
    )
    aq = extract(text)
    (she,) = [q for q in aq.quotes if "agreed on everything" in q.text]
    assert she.speaker == "Maria Lopez"
    (pm,) = [q for q in aq.quotes if "talks would continue" in q.text]
    assert pm.speaker == "John Brown" and pm.kind == "indirect"


def test_according_to() -> None:
    text = "According to Interior Minister Ali Khan, 3.5 million people have fled the region."
    aq = extract(text)
    (q,) = aq.quotes
    assert (q.kind, q.cue, q.speaker) == ("indirect", "According to", "Ali Khan")
    assert q.text == "3.5 million people have fled the region"
    (n,) = aq.numbers
    assert (n.value, n.counts, n.source) == (3_500_000.0, "people", "Ali Khan")


def test_quote_inside_what_another_attribution_reports() -> None:
    text = (
        "Senator Jane Smith spoke in Denver on Monday.\n\n"
        "\u201cWe will not back down from this fight,\u201d Smith said at a rally, according to "
        "the Denver Post.\n\n"
        "Prosecutors say that he told one agent, \u201cI would do it all again.\u201d"
    )
    aq = extract(text)
    # the quote and its cue clause are what the Denver Post reports
    (post,) = [q for q in aq.quotes if q.cue == "according to"]
    assert post.kind == "indirect" and post.text.startswith("\u201cWe will not back down")
    assert post.text.endswith("Smith said at a rally")
    (fight,) = [q for q in aq.quotes if q.kind == "direct" and "fight" in q.text]
    assert fight.embedded and (fight.cue, fight.speaker) == ("said", "Jane Smith")
    # a quote whose cue heads another cue's reported clause is part of that clause
    (say,) = [q for q in aq.quotes if q.cue == "say"]
    assert say.kind == "indirect" and say.text.endswith("I would do it all again")
    (again,) = [q for q in aq.quotes if q.kind == "direct" and "again" in q.text]
    assert again.embedded and (again.cue, again.speaker_mention) == ("told", "he")


def test_split_quote_closing_in_mid_sentence_goes_on_outside_the_marks() -> None:
    text = (
        "\u201cPeople have every right to be angry,\u201d Senator Jane Smith said. "
        "\u201cThat is the fight we are taking\u201d to the rest of the country.\n\n"
        "\u201cWe won,\u201d Smith said. \u201cWe will win again.\u201d"
    )
    aq = extract(text)
    (fight,) = [q for q in aq.quotes if q.kind == "indirect" and "fight" in q.text]
    assert fight.text.endswith("to the rest of the country") and fight.speaker == "Jane Smith"
    assert [q.embedded for q in aq.quotes if q.kind == "direct" and "angry" in q.text] == [True]
    (won,) = [q for q in aq.quotes if "We won" in q.text]
    assert (won.kind, won.embedded, len(won.parts)) == ("direct", False, 2)


def test_parenthetical_cue_and_nested_attribution() -> None:
    text = (
        "Senator Jane Smith spoke on Monday. The bigger risk, she said, is a clash at sea.\n\n"
        "Smith said she believes the talks will fail."
    )
    aq = extract(text)
    (risk,) = [q for q in aq.quotes if "clash" in q.text]
    assert risk.kind == "indirect" and risk.cue == "said" and risk.speaker == "Jane Smith"
    assert [text[a:b] for a, b in risk.parts] == ["The bigger risk", "is a clash at sea"]
    # one cue, one attribution: "believes" is part of what Smith said
    (talks,) = [q for q in aq.quotes if "talks will fail" in q.text]
    assert (talks.cue, talks.text) == ("said", "she believes the talks will fail")


def test_stance_verbs_objects_and_relative_pronoun_mentions() -> None:
    text = (
        "Senator Jane Smith, who said the plan was reckless, urged Congress to reject it. "
        "Smith also praised the governor's response to the flood."
    )
    aq = extract(text)
    (reckless,) = [q for q in aq.quotes if "reckless" in q.text]
    assert (reckless.speaker, reckless.speaker_mention) == ("Jane Smith", "who")
    (urged,) = [q for q in aq.quotes if q.cue == "urged"]
    assert urged.text == "Congress to reject it" and urged.speaker == "Jane Smith"
    (praised,) = [q for q in aq.quotes if q.cue == "praised"]
    assert praised.text == "the governor's response to the flood"


def test_stance_object_without_its_occasion_and_with_a_quoted_complement() -> None:
    text = (
        "Senator Jane Smith endorsed Governor Tom Brown at a news conference on Monday. "
        "Smith called him ''a man of rare courage.'' A group called Friends of Brown cheered."
    )
    aq = extract(text)
    (endorsed,) = [q for q in aq.quotes if q.cue == "endorsed"]
    assert endorsed.text == "Governor Tom Brown"
    (called,) = [q for q in aq.quotes if q.kind == "indirect" and q.cue == "called"]
    assert called.text == "him a man of rare courage" and called.speaker == "Jane Smith"
    # a participle naming the noun it modifies attributes nothing
    assert not [q for q in aq.quotes if "Friends of Brown" in q.text]


def test_attitude_adjectives_report_what_the_attitude_is_about() -> None:
    text = (
        "Senator Jane Smith spoke on Monday. Her aides were confident that she would win. "
        "Voters are skeptical of the plan. Smith was ready to fight for it."
    )
    aq = extract(text)
    (confident,) = [q for q in aq.quotes if q.cue == "confident"]
    assert (confident.text, confident.speaker_mention) == ("that she would win", "Her aides")
    (skeptical,) = [q for q in aq.quotes if q.cue == "skeptical"]
    assert (skeptical.text, skeptical.speaker_mention) == ("the plan", "Voters")
    (ready,) = [q for q in aq.quotes if q.cue == "ready"]
    assert (ready.text, ready.speaker) == ("to fight for it", "Jane Smith")


def test_hopes_raising_with_a_relative_subject_and_a_headline_claim() -> None:
    text = (
        "Senator Jane Smith hopes to win the nomination. She released a plan, which appeared "
        "to be aimed at farmers.\n\nSmith: Brown Will Lose the Farm Vote\n\n"
        "UPDATE: The vote was moved to Friday."
    )
    aq = extract(text)
    (hopes,) = [q for q in aq.quotes if q.cue == "hopes"]  # the lemmatiser says "hop"
    assert (hopes.text, hopes.speaker) == ("to win the nomination", "Jane Smith")
    assert not [q for q in aq.quotes if q.cue == "appeared"]  # "which appeared to ..."
    (headline,) = [q for q in aq.quotes if q.cue == ":"]
    assert (headline.kind, headline.text) == ("indirect", "Brown Will Lose the Farm Vote")
    assert headline.speaker == "Jane Smith"
    assert not [q for q in aq.quotes if "Friday" in q.text]


def test_noun_cue_with_a_possessor() -> None:
    text = (
        "Senator Jane Smith spoke on Monday. Her proposal to cut taxes drew fire. "
        "Her support on Tuesday evening was noted."
    )
    aq = extract(text)
    (proposal,) = [q for q in aq.quotes if q.cue == "proposal"]
    assert (proposal.text, proposal.speaker_mention) == ("to cut taxes", "Her")
    assert proposal.speaker == "Jane Smith"
    assert not [q for q in aq.quotes if q.cue == "support"]  # a time is not what is supported


def test_cue_class_tells_speech_from_belief_stance_and_finding() -> None:
    text = (
        "Senator Jane Smith said the plan would fail. Smith believes the vote is rigged. "
        "Smith praised the governor's response. A new poll found that voters are tired. "
        "Her aides were confident that she would win. \u201cWe will win,\u201d Smith said."
    )
    aq = extract(text)
    classes = {q.cue: q.cue_class for q in aq.quotes if q.kind == "indirect"}
    assert classes == {
        "said": "speech",
        "believes": "belief",
        "praised": "stance",
        "found": "finding",
        "confident": "belief",
    }
    assert {q.cue_class for q in aq.quotes if q.kind == "direct"} == {"speech"}
    assert all(q.to_dict()["cue_class"] == q.cue_class for q in aq.quotes)


def test_new_cue_kinds_give_way_to_a_cued_quote_and_to_the_verb_they_follow() -> None:
    text = (
        "Tom Brown says there is a \u201clong road ahead\u201d but he feels confident that "
        "Smith will \u201close the farm vote badly.\u201d Critics railed at her refusal to "
        "cut taxes."
    )
    aq = extract(text)
    assert not [q for q in aq.quotes if q.cue in ("confident", "refusal")]


def test_headline_name_colon_quote() -> None:
    text = "Trump: ‘I Will Win the Nomination Before the Convention.’\n\nDonald Trump said more."
    aq = extract(text)
    (q,) = [q for q in aq.quotes if q.kind == "direct"]
    assert (q.cue, q.speaker_mention) == (":", "Trump")
    assert q.text == "I Will Win the Nomination Before the Convention."
    transcript = 'Rep. Trey Gowdy (R-S.C.): "Who told you that? I have not heard that figure."'
    (q,) = extract(transcript).quotes
    assert (q.kind, q.speaker_mention) == ("direct", "Rep. Trey Gowdy")


def test_a_participle_on_a_noun_has_that_noun_as_its_speaker() -> None:
    """ "with 40 percent saying ...", "an editorial suggesting ...", "Anyone questioning ...":
    the noun a participle modifies is who says it; a letter to members says what its sender
    says, and a participle set off by a comma goes with its clause's subject."""
    cases = [
        ("The poll found broad support for the plan, with 40 percent saying the city should "
         "act now.", "saying", "40 percent"),
        ("The mayor read a column alongside an editorial suggesting that the budget was "
         "padded.", "suggesting", "an editorial"),
        ("Voters in the county rarely trust the council. Anyone questioning its spending is "
         "ignored.", "questioning", "Anyone"),
        ("The union sent a letter to its members saying that the strike would end on Friday.",
         "saying", "The union"),
        ("The senator opened the hearing with a long tribute to the victims, adding that the "
         "state had failed them.", "adding", "The senator"),
    ]  # fmt: skip
    for text, cue, mention in cases:
        found = [q for q in extract(text).quotes if q.cue == cue]
        assert [q.speaker_mention for q in found] == [mention], text


def test_a_closing_according_to_is_the_source_of_the_whole_sentence() -> None:
    """ "X said that ..., according to a poll": the poll is the source of all of it, "X said"
    included, whatever clause the parser hangs the phrase on, also after a closing quote mark
    and when a phrase quoted in the clause took the phrase as its cue."""
    cases = [
        ("More than half of the voters said that the economy was getting worse, according to "
         "a poll released on Sunday.", "More than half", "a poll"),
        ("Some 40 percent of residents said they do not trust the mayor to ''fix the roads,'' "
         "according to a survey by the university.", "Some 40 percent", "a survey"),
        ("The governor wrote to the company's chief executive, threatening \"a lawsuit,\" "
         "according to a copy of the letter.", "The governor", "a copy"),
    ]  # fmt: skip
    for text, first, source in cases:
        top = [q for q in extract(text).quotes if not q.embedded]
        assert [(q.kind, q.cue) for q in top] == [("indirect", "according to")], text
        assert (top[0].speaker_mention or "").startswith(source), text
        assert top[0].text.startswith(first)


def test_according_to_source_keeps_the_phrase_that_says_whose_it_is() -> None:
    """ "according to a recent report from Bloomberg New Energy Finance": the mention runs to
    the end of the source's noun phrase (PolNeAR marks the report or the firm), not past a
    relative clause."""
    aq = extract(
        "Sales of electric cars are growing 60 percent a year, according to a recent report "
        "from Bloomberg New Energy Finance."
    )
    assert [q.speaker_mention for q in aq.quotes] == [
        "a recent report from Bloomberg New Energy Finance"
    ]
    aq = extract("Turnout fell sharply, according to a report that the state released on Monday.")
    assert [q.speaker_mention for q in aq.quotes] == ["a report"]
