"""Story queries over the store: search (FTS5), filters, sort, members."""

from __future__ import annotations

from pathlib import Path

from newsprism import Article, open_store
from newsprism.store import stories as q


def _art(i: int, outlet: str, title: str, text: str, day: str, lang: str = "en") -> Article:
    return Article(id=f"a{i}", source=f"s{i}", outlet=outlet, text=text, title=title,
                   published=day, lang=lang)  # fmt: skip


def test_list_search_filter_sort(tmp_path: Path) -> None:
    arts = [
        _art(1, "Press TV", "Lavrov warns on Daesh", "Lavrov spoke in Moscow.", "2018-02-20"),
        _art(2, "Ariana News", "Russia concerned", "Lavrov voiced concern.", "2018-02-21"),
        _art(3, "Al Arabiya", "لافروف يحذر", "لافروف في موسكو", "2018-02-22", "ar"),
        _art(4, "Fox", "Glenn Beck at CPAC", "Beck used a chalkboard.", "2010-02-20"),
    ]
    members = [("a1", "s1", 0.9, "first"), ("a2", "s1", 0.8, "matched a1"),
               ("a3", "s1", 0.7, "matched a1"), ("a4", "s2", None, "new story")]  # fmt: skip
    with open_store(tmp_path / "n.db") as store:
        store.write_batch(arts, [], members)
        rows, total = q.list_stories(store.conn)
        assert total == 2 and [r.id for r in rows] == ["s1", "s2"]
        s1 = rows[0]
        assert s1.title == "Lavrov warns on Daesh"  # the earliest article's headline
        assert s1.outlets == ("Al Arabiya", "Ariana News", "Press TV")
        assert s1.langs == ("ar", "en")
        assert (s1.first_seen, s1.last_seen, s1.n_articles) == ("2018-02-20", "2018-02-22", 3)
        assert [r.id for r in q.list_stories(store.conn, q="chalkboard")[0]] == ["s2"]
        assert [r.id for r in q.list_stories(store.conn, q="lavr")[0]] == ["s1"]
        assert [r.id for r in q.list_stories(store.conn, outlet="Fox")[0]] == ["s2"]
        assert [r.id for r in q.list_stories(store.conn, lang="ar")[0]] == ["s1"]
        got = q.list_stories(store.conn, date_from="2011-01-01")[0]
        assert [r.id for r in got] == ["s1"]
        assert [r.id for r in q.list_stories(store.conn, date_to="2011-01-01")[0]] == ["s2"]
        assert q.list_stories(store.conn, q='"); DROP TABLE articles; --')[1] == 0
        assert [m.article.id for m in q.members(store.conn, "s1")] == ["a1", "a2", "a3"]
        assert q.membership(store.conn, "a2") == ("s1", 0.8, "matched a1")
        assert q.outlets(store.conn)[0][1] == 1
