"""Readers and bad input: each bad input is one clear line (file, reason); the rest goes on."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsprism import Article, Drop, RawDocument, clean, read
from tests.conftest import ROOT, SEEDS

RUSSIAN = (
    "Министр иностранных дел России Сергей Лавров выразил серьёзную обеспокоенность тем, "
    "что США и НАТО отрицают присутствие ИГИЛ в Афганистане.\n\n"
    "«По нашим данным, присутствие ИГИЛ на севере и востоке Афганистана довольно серьёзное, "
    "там уже тысячи боевиков», — сказал Лавров на пресс-конференции в Москве.\n"
)
FRENCH = (
    "Le ministre russe des Affaires étrangères, Sergueï Lavrov, a exprimé sa vive inquiétude "
    "face au déni par les États-Unis et l'OTAN de la présence de Daech en Afghanistan.\n\n"
    "« Selon nos données, la présence de Daech dans le nord et l'est de l'Afghanistan est "
    "assez sérieuse, il y a déjà des milliers d'hommes armés », a déclaré Lavrov à Moscou.\n"
)
NO_ARTICLE_HTML = (
    "<!doctype html><html><head><title>Home</title></head><body><nav><ul><li><a href='/'>Home"
    "</a></li><li><a href='/news'>News</a></li></ul></nav><footer>© 2024 Example</footer>"
    "</body></html>"
)


def _docs(paths: list[Path]) -> list[RawDocument | Drop]:
    return list(read(paths))


def test_cp1251_and_latin1_decode(tmp_path: Path) -> None:
    ru = tmp_path / "ru.txt"
    ru.write_bytes(RUSSIAN.encode("cp1251"))
    fr = tmp_path / "fr.txt"
    fr.write_bytes(FRENCH.encode("latin-1"))
    arts = [a for a in clean(read([ru, fr])) if isinstance(a, Article)]
    assert len(arts) == 2
    assert "Сергей Лавров" in arts[0].text and arts[0].lang == "ru"
    assert "Affaires étrangères" in arts[1].text and arts[1].lang == "fr"


def test_gzip_html_and_directory(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Lavrov warns on Daesh</title>"
        '<link rel="canonical" href="https://www.example.org/news/lavrov"></head><body><article>'
        + "".join(f"<p>{line}</p>" for line in (SEEDS / "press-tv.txt").read_text().splitlines())
        + "</article></body></html>"
    )
    sub = tmp_path / "d" / "e"
    sub.mkdir(parents=True)
    (sub / "page.html.gz").write_bytes(gzip.compress(page.encode("utf-8")))
    (sub / "ignored.png").write_bytes(b"\x89PNG\r\n")
    arts = [a for a in clean(read([tmp_path / "d"])) if isinstance(a, Article)]
    assert len(arts) == 1
    assert arts[0].outlet == "example.org"
    assert arts[0].url == "https://www.example.org/news/lavrov"
    assert "harboring suspicions" in arts[0].text


def test_jsonl_fields_and_ref(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    recs = [
        {"id": "r1", "title": "T1", "text": (SEEDS / "press-tv.txt").read_text(), "outlet": "P"},
        {"id": 7, "html": "<p>" + "word " * 40 + "</p>", "url": "https://ex.com/a"},
    ]
    f.write_text("\n".join(json.dumps(r) for r in recs) + "\n{broken\n")
    items = list(clean(read([f])))
    arts = [a for a in items if isinstance(a, Article)]
    drops = [d for d in items if isinstance(d, Drop)]
    assert [a.ref for a in arts] == ["r1", "7"]
    assert arts[0].title == "T1" and arts[0].outlet == "P" and arts[0].source == f"{f}:1"
    assert arts[1].outlet == "ex.com"
    assert len(drops) == 1 and drops[0].source == f"{f}:3" and "invalid JSON" in drops[0].reason


def test_jsonl_field_aliases(tmp_path: Path) -> None:
    """Records written by other tools (news-please, CC-News style) need no renaming; a
    field's own name wins over its aliases."""
    text = (SEEDS / "ariana-news.txt").read_text()
    recs = [
        {"maintext": text, "date_publish": "2018-02-21 10:00:00", "source_domain": "ariananews.af",
         "language": "en", "headline": "Lavrov"},
        {"text": text, "body": "not this", "date": "2018-02-20", "published": "2018-02-22"},
        {"content": {"nested": True}},
    ]  # fmt: skip
    f = tmp_path / "other.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    docs = list(read([f]))
    a, b, c = docs
    assert isinstance(a, RawDocument) and isinstance(b, RawDocument) and isinstance(c, Drop)
    assert (a.content, a.published, a.outlet, a.lang, a.title) == (
        text,
        "2018-02-21 10:00:00",
        "ariananews.af",
        "en",
        "Lavrov",
    )
    assert b.content == text and b.published == "2018-02-22"
    assert "no non-empty 'text' or 'html'" in c.reason


def test_stdin_is_sniffed() -> None:
    data = (SEEDS / "ariana-news.txt").read_bytes()
    docs = list(read(["-"], stdin=io.BytesIO(data)))
    assert len(docs) == 1 and isinstance(docs[0], RawDocument) and docs[0].kind == "text"


def test_outlet_option_precedes_filename(tmp_path: Path) -> None:
    f = tmp_path / "some_file.txt"
    f.write_text((SEEDS / "press-tv.txt").read_text())
    arts = [a for a in clean(read([f]), outlet="Press TV") if isinstance(a, Article)]
    assert arts[0].outlet == "Press TV"
    arts = [a for a in clean(read([f])) if isinstance(a, Article)]
    assert arts[0].outlet == "Some File"


def test_reingest_same_article_same_id() -> None:
    a1 = [a for a in clean(read([SEEDS])) if isinstance(a, Article)]
    a2 = [a for a in clean(read([SEEDS])) if isinstance(a, Article)]
    assert [a.id for a in a1] == [a.id for a in a2]


@pytest.fixture()
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "binary.txt",
        "no_article": tmp_path / "nav.html",
        "broken_jsonl": tmp_path / "broken.jsonl",
        "missing": tmp_path / "missing.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 40)
    files["no_article"].write_text(NO_ARTICLE_HTML)
    files["broken_jsonl"].write_text('{"id": "ok", "text": "' + "fine words " * 20 + '"}\n{"id": ')
    return files


def test_cli_bad_inputs_reported_rest_compared(bad_inputs: dict[str, Path]) -> None:
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))
    args = [str(p) for p in bad_inputs.values()]
    proc = subprocess.run(
        [sys.executable, "-m", "newsprism", "compare", *seeds, *args, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr  # ran, but something was dropped
    doc = json.loads(proc.stdout)
    outlets = {a["outlet"] for a in doc["articles"]}
    assert {"Ariana News", "Press TV"} <= outlets
    err_lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("newsprism:")]
    expect = {
        "empty": "empty file",
        "binary": "binary file",
        "no_article": "no article text",
        "missing": "no such file",
    }
    for key, reason in expect.items():
        mine = [ln for ln in err_lines if str(bad_inputs[key]) in ln]
        assert len(mine) == 1 and reason in mine[0], (key, err_lines)
    broken = [ln for ln in err_lines if f"{bad_inputs['broken_jsonl']}:2" in ln]
    assert len(broken) == 1 and "invalid JSON" in broken[0]
    dropped = {d["source"] for d in doc["dropped"]}
    assert str(bad_inputs["empty"]) in dropped


def test_cli_nothing_usable_exit_2(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_text("")
    proc = subprocess.run(
        [sys.executable, "-m", "newsprism", "compare", str(f)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 2
    assert "empty file" in proc.stderr
