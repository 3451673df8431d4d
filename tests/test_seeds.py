"""The founding example: Ariana News and Press TV on Lavrov's February 2018 press conference."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsprism import Article, Comparison, clean, compare, read
from tests.conftest import ROOT, SEEDS

CHROME = [
    "About Ariana News",
    "Check Also",
    "Atmar Says Ghani Will Be Held Responsible for Crisis",
    "(Last Updated On: May 20, 2019)A number of",
]


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    arts = [a for a in clean(read([SEEDS])) if isinstance(a, Article)]
    assert len(arts) == 2
    return compare(arts)


def _by_outlet(c: Comparison) -> dict[str, Article]:
    return {a.outlet: a for a in c.articles}


def _passages_with(c: Comparison, needle: str) -> list[dict[str, Any]]:
    out = []
    for p in c.passages:
        if any(needle in s.text for s in p.spans):
            out.append({"kind": p.kind, "outlets": {c.article(s.article).outlet for s in p.spans}})
    return out


def test_chrome_removed_and_recorded(comparison: Comparison) -> None:
    ariana = _by_outlet(comparison)["Ariana News"]
    presstv = _by_outlet(comparison)["Press TV"]
    removed = [r.text for r in ariana.removed]
    for line in CHROME:
        assert any(r.startswith(line) for r in removed), line
        assert line not in ariana.text
    assert "Read More:" in [r.text for r in presstv.removed]
    assert "Read More" not in presstv.text
    assert all(r.reason for r in ariana.removed + presstv.removed)


def test_seed_metadata(comparison: Comparison) -> None:
    ariana = _by_outlet(comparison)["Ariana News"]
    assert ariana.published == "2018-02-21"
    assert ariana.title == "Russia Expresses Concern over U.S., NATO Denial of Daesh in Afghanistan"
    assert "Last Updated On" not in ariana.text
    assert ariana.lang == "en"
    assert _by_outlet(comparison)["Press TV"].title is None  # its first line is body text


@pytest.mark.parametrize(
    "needle",
    [
        "We are alarmed",
        "According to our data",
        "This increases the risk",
        "harboring suspicions",
    ],
)
def test_lavrov_quotes_shared(comparison: Comparison, needle: str) -> None:
    found = _passages_with(comparison, needle)
    assert found, needle
    assert found[0]["outlets"] == {"Ariana News", "Press TV"}
    assert found[0]["kind"] in {"verbatim", "near"}


def test_opening_sentences_paraphrase(comparison: Comparison) -> None:
    found = _passages_with(comparison, "voiced serious concern")
    assert found and found[0]["kind"] == "paraphrase"
    assert found[0]["outlets"] == {"Ariana News", "Press TV"}


def test_ten_thousand_sentences_aligned(comparison: Comparison) -> None:
    for p in comparison.passages:
        texts = {comparison.article(s.article).outlet: s.text for s in p.spans}
        if "Zamir Kabulov" in texts.get("Ariana News", ""):
            assert "In December last year" in texts["Press TV"]
            assert "10,000 members" in texts["Press TV"]
            return
    pytest.fail("the two '10,000 members' sentences are not aligned")


@pytest.mark.parametrize(
    ("outlet", "needle"),
    [
        ("Press TV", "Amir Hatami"),
        ("Press TV", "Khamenei"),
        ("Ariana News", "Khawaja Asif"),
        ("Ariana News", "Asif stated"),
        ("Ariana News", "Pakistan has sustained"),
    ],
)
def test_unique_material(comparison: Comparison, outlet: str, needle: str) -> None:
    assert not _passages_with(comparison, needle)
    uniq = [u for u in comparison.unique if comparison.article(u.article).outlet == outlet]
    assert any(needle in u.text for u in uniq)


def test_offsets_point_into_cleaned_text(comparison: Comparison) -> None:
    spans = [s for p in comparison.passages for s in p.spans] + list(comparison.unique)
    for s in spans:
        assert comparison.article(s.article).text[s.start : s.end] == s.text
    assert not comparison.unrelated


def test_cli_json_contract() -> None:
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    proc = subprocess.run(
        [sys.executable, "-m", "newsprism", "compare", *files, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert set(doc) >= {"articles", "passages", "unique"}
    art_keys = {"id", "ref", "source", "outlet", "url", "title", "published", "lang", "text"}
    for a in doc["articles"]:
        assert art_keys | {"removed"} <= set(a)
        assert all(
            {"text", "reason"} <= set(r) <= {"text", "reason", "score"} for r in a["removed"]
        )
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    for p in doc["passages"]:
        assert p["kind"] in {"verbatim", "near", "paraphrase"}
        assert 0.0 <= p["score"] <= 1.0
        assert len({s["article"] for s in p["spans"]}) >= 2
        for s in p["spans"]:
            assert texts[s["article"]][s["start"] : s["end"]] == s["text"]
    for u in doc["unique"]:
        assert texts[u["article"]][u["start"] : u["end"]] == u["text"]


def test_unrelated_input_is_not_forced_in(tmp_path: Path) -> None:
    other = tmp_path / "sports-desk.txt"
    other.write_text(
        "Late Goal Sends City Into the Cup Final\n\n"
        "City reached the cup final on Saturday after a header in the last minute of extra "
        "time beat United 2-1 in front of a sold-out stadium.\n\n"
        "The winning goal came from a corner that the visiting goalkeeper failed to reach.\n\n"
        '"The players never stopped believing," the coach said after the match.\n\n'
        "City will face the holders in the final next month at the national stadium.\n"
    )
    arts = [a for a in clean(read([SEEDS, other])) if isinstance(a, Article)]
    c = compare(arts)
    sports = [a for a in c.articles if a.outlet == "Sports Desk"]
    assert len(sports) == 1
    assert c.unrelated == (sports[0].id,)
    assert all(s.article != sports[0].id for p in c.passages for s in p.spans)
    assert all(u.article != sports[0].id for u in c.unique)
    assert len(c.passages) >= 4  # the seeds are still compared with each other


@pytest.mark.parametrize("width", [160, 40])
def test_terminal_view_fits_the_width(comparison: Comparison, width: int) -> None:
    """Side by side when the columns are readable, one passage below the other when not; the
    shared Lavrov quote and both outlets are in either view."""
    import io

    from rich.console import Console

    from newsprism.report import render_terminal

    out = io.StringIO()
    render_terminal(comparison, Console(file=out, width=width, color_system=None))
    text = out.getvalue()
    stacked = "╭─ ≡ verbatim" in text  # a passage's box, titled with its kind
    assert stacked == (width == 40)
    assert all(len(line) <= width for line in text.splitlines())
    assert "alarmed" in text and "≡ verbatim" in text


LEMONDE = """Le ministre russe des Affaires étrangères dénonce la présence de Daech en Afghanistan

Le ministre russe des Affaires étrangères, Sergueï Lavrov, a exprimé mardi sa profonde \
inquiétude face au déni par les États-Unis et l'OTAN de la présence de Daech en Afghanistan.

« Nous sommes alarmés par le fait que les militaires américains et de l'OTAN en Afghanistan \
tentent de passer sous silence la présence de Daech dans le nord du pays », a déclaré \
M. Lavrov lors d'une conférence de presse à Moscou.

Selon le diplomate, environ 10 000 combattants du groupe terroriste seraient présents dans le \
pays. Il a ajouté que Moscou soupçonne des hélicoptères non identifiés de ravitailler les \
militants.
"""
ETNA = """L'Etna entre en éruption, l'aéroport de Catane fermé

Une épaisse colonne de cendres s'est élevée dimanche au-dessus de l'Etna, en Sicile, \
forçant la fermeture de l'aéroport de Catane. Les coulées de lave descendent le flanc est \
du volcan, sans menacer les villages, selon l'institut national de géophysique.

Les vols ont été détournés vers Palerme et la protection civile a demandé aux habitants de \
porter des masques.
"""


def test_french_report_of_the_press_conference_joins_the_story(tmp_path: Path) -> None:
    """Clustering with the shipped model and the real multilingual embedder: a French report
    of the same press conference joins the seeds' story; a French report of another event
    does not."""
    from newsprism.cluster import cluster

    (tmp_path / "lemonde.txt").write_text(LEMONDE, encoding="utf-8")
    (tmp_path / "etna.txt").write_text(ETNA, encoding="utf-8")
    arts = [a for a in clean(read([SEEDS, tmp_path])) if isinstance(a, Article)]
    by_source = {Path(a.source).stem: a for a in arts}
    assert by_source["lemonde"].lang == "fr" and by_source["etna"].lang == "fr"
    story = {x.article_id: x.story_id for x in cluster(arts)}
    ariana, presstv = by_source["ariana-news"].id, by_source["press-tv"].id
    assert story[ariana] == story[presstv] == story[by_source["lemonde"].id]
    assert story[by_source["etna"].id] != story[ariana]
