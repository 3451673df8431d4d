"""People in one parsed article: names apart from titles and roles, one canonical name per
person, and resolution of pronouns ("he") and descriptions ("the Iranian defense minister")
to a person named earlier. Rules over spaCy's parse and named entities; no coreference model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

Doc = Any
Token = Any

#: Words that are titles, honorifics or ranks when they stand before a name.
TITLES: frozenset[str] = frozenset(
    """mr mrs ms miss mx dr prof sir dame lord lady rev reverend fr father sister brother
    president vice prime minister secretary senator sen rep representative congressman
    congresswoman gov governor mayor judge justice chief general gen brigadier lt lieutenant
    col colonel maj major capt captain sgt sergeant adm admiral commander cmdr marshal
    ayatollah seyyed sayyed sheikh sheik imam grand king queen prince princess emir sultan
    pope cardinal bishop chancellor speaker chairman chairwoman chair ambassador envoy
    deputy foreign defense defence interior finance state attorney former acting
    ex candidate nominee leader hon honorable gen. lt. col. maj. capt. sgt. mr. mrs. ms.
    dr.""".split()
)
_MALE_TITLES = frozenset(
    "mr mr. sir lord king prince father fr brother congressman chairman".split()
)
_FEMALE_TITLES = frozenset(
    "mrs mrs. ms ms. miss dame lady queen princess sister congresswoman chairwoman".split()
)
_MALE_WORDS = frozenset(
    "he him his himself husband father son brother spokesman businessman man".split()
)
_FEMALE_WORDS = frozenset(
    "she her hers herself wife mother daughter sister spokeswoman businesswoman woman".split()
)
# A small fallback list of frequent first names, used only when the article itself gives no
# evidence (titles, gendered roles, unambiguous pronouns).
_MALE_NAMES = frozenset(
    """donald barack bernie ted marco jeb ben john chris mike paul rand mitch joe bill george
    james robert michael david richard charles thomas mark steven steve kevin jim tim tom
    vladimir sergei xi recep bashar benjamin emmanuel francois angelo matteo boris justin
    narendra kim jeff jeffrey scott brian eric ryan gary jason peter andrew daniel william
    harry reince newt rudy rick dick lindsey marty martin lou sean jake anthony tony hassan
    mohammad muhammad ali ahmed abdullah hamid ashraf zamir nawaz imran khawaja amir javad
    mahmoud ahmad omar luis carlos juan jose antonio frank fred greg larry jerry roger""".split()
)
_FEMALE_NAMES = frozenset(
    """hillary nancy elizabeth sarah kellyanne melania ivanka michelle carly nikki susan mary
    patricia jennifer linda barbara margaret karen lisa angela theresa marine maria anne ann
    jane emily laura amy kate katherine catherine christine debbie donna huma loretta janet
    samantha condoleezza madeleine dianne kirsten tammy kamala claire jill julia heidi
    hope megyn chelsea sheryl kelly jessica ashley rebecca rachel sharon helen ruth""".split()
)
PRONOUN_GENDER: dict[str, str] = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}  # fmt: skip
_PERSONAL = frozenset(("PERSON",))
_SUFFIXES = frozenset("jr sr ii iii iv".split())
_HONORIFICS = frozenset("mr mrs ms miss dr sir dame".split())
_WINDOW_SENTS = 6


@dataclass(slots=True)
class Person:
    """One person of the article; ``name`` grows to the longest form seen."""

    pid: int
    name: str
    role: str | None = None
    votes_m: float = 0.0
    votes_f: float = 0.0
    mentions: list[int] = field(default_factory=list)

    @property
    def gender(self) -> str | None:
        if self.votes_m > self.votes_f:
            return "m"
        if self.votes_f > self.votes_m:
            return "f"
        return None


@dataclass(frozen=True, slots=True)
class Mention:
    """A person's name in the text: tokens [start, end) (titles left out), head token."""

    start: int
    end: int
    head: int
    pid: int
    subject: bool
    sent: int
    quoted: bool


def _norm(word: str) -> str:
    return word.lower().strip(".")


def strip_name(tokens: Sequence[Token]) -> tuple[list[Token], list[Token]]:
    """Split a PERSON entity's tokens into (leading titles, name), dropping possessives and
    generational suffixes ("Jr.", "III")."""
    toks = [t for t in tokens if t.text not in ("'s", "’s", "'", "’") and not t.is_punct]
    while len(toks) > 1 and _norm(toks[-1].text) in _SUFFIXES:
        toks.pop()
    k = 0
    while k < len(toks) - 1 and _norm(toks[k].text) in TITLES:
        k += 1
    return toks[:k], toks[k:]


def _left_role(doc: Doc, start: int, end: int) -> list[Token]:
    """Title words before a name in the same noun phrase ("Russian Foreign Minister")."""
    j = start - 1
    sent_start = doc[start].sent.start
    while j >= sent_start:
        t = doc[j]
        if t.dep_ == "det" or t.is_punct or t.is_space:
            break
        attached = start <= t.head.i < end or (j < t.head.i < start)
        if not attached or t.pos_ not in ("PROPN", "NOUN", "ADJ", "PART"):
            break
        j -= 1
    role = [t for t in doc[j + 1 : start] if t.pos_ != "PART"]
    return role


def _appos_role(doc: Doc, head: Token) -> str | None:
    for child in head.children:
        if child.dep_ == "appos" and child.ent_type_ not in _PERSONAL and child.pos_ == "NOUN":
            toks = [t for t in child.subtree if not t.is_punct]
            if toks and toks[0].dep_ == "det":
                toks = toks[1:]
            if toks:
                return str(doc[toks[0].i : toks[-1].i + 1].text)
    if head.dep_ == "appos" and head.head.pos_ == "NOUN" and head.head.ent_type_ not in _PERSONAL:
        toks = [t for t in head.head.lefts if t.dep_ != "det" and not t.is_punct]
        return " ".join([t.text for t in toks] + [head.head.text])
    return None


def _role_text(toks: Sequence[Token]) -> str | None:
    """A title sequence worth keeping as a role: it names an office, not just "Mr." or an
    age ("82-year-old")."""
    words = [t for t in toks if not t.like_num and t.text not in "-–"]
    if not any(t.pos_ in ("NOUN", "PROPN") and _norm(t.text) not in _HONORIFICS for t in words):
        return None
    return " ".join(t.text for t in words)


def _name_spans(doc: Doc) -> list[tuple[int, int]]:
    """PERSON entities, plus single proper nouns that repeat a person's surname where the
    tagger called them something else ("Calderon told CNBC" tagged ORG)."""
    spans = _trim_overlong([(e.start, e.end) for e in doc.ents if e.label_ in _PERSONAL], doc)
    inside = {i for a, b in spans for i in range(a, b)}
    surnames = set()
    for a, b in spans:
        _titles, name = strip_name(doc[a:b])
        if len(name) >= 2:
            surnames.add(name[-1].text)
    for t in doc:
        if t.i in inside or t.pos_ != "PROPN" or t.text not in surnames:
            continue
        if t.dep_ == "compound" and t.head.pos_ == "PROPN" and t.head.i not in inside:
            continue  # "Trump Tower"
        spans.append((t.i, t.i + 1))
    return sorted(spans)


def _trim_overlong(spans: list[tuple[int, int]], doc: Doc) -> list[tuple[int, int]]:
    """Cut a name that runs on past a shorter name seen elsewhere in the text: a headline's
    "Glenn Beck Blasts Drudge" is "Glenn Beck" when the text also says "Glenn Beck"."""
    names = [[t.text for t in strip_name(doc[a:b])[1]] for a, b in spans]
    short = {tuple(n) for n in names if len(n) >= 2}
    out: list[tuple[int, int]] = []
    for (a, b), words in zip(spans, names, strict=True):
        cut = b
        for k in range(2, len(words)):
            if tuple(words[:k]) in short:
                name = strip_name(doc[a:b])[1]
                cut = name[k - 1].i + 1
                break
        out.append((a, cut))
    return out


def _gender_from(words: Sequence[str]) -> str | None:
    low = [_norm(w) for w in words]
    if any(w in _MALE_TITLES or w in _MALE_WORDS for w in low):
        return "m"
    if any(w in _FEMALE_TITLES or w in _FEMALE_WORDS for w in low):
        return "f"
    return None


class People:
    """The people named in a parsed article, built once per article."""

    def __init__(self, doc: Doc, quoted: Sequence[bool]) -> None:
        self.doc = doc
        self.quoted = quoted
        self.persons: list[Person] = []
        self.mentions: list[Mention] = []
        self._by_token: dict[int, int] = {}
        self._sent_of = _sentence_index(doc)
        self._chain: dict[int, int] = {}
        for start, end in _name_spans(doc):
            self._add_entity(start, end)
        self._count_pronoun_votes()
        self._resolve_chain()

    # -- building -------------------------------------------------------------------------
    def _add_entity(self, start: int, end: int) -> None:
        doc = self.doc
        titles, name = strip_name(doc[start:end])
        if not name:
            return
        words = [t.text for t in name]
        pid = self._person_for(words, name[0].i)
        person = self.persons[pid]
        role_toks = _left_role(doc, start, end) + list(titles)
        head = name[-1]
        while head.head.i in range(start, end) and head.head.i != head.i:
            head = head.head
        role = _role_text(role_toks) or _appos_role(doc, head)
        if role and person.role is None:
            person.role = role
        g = _gender_from([t.text for t in titles] + [t.text for t in role_toks])
        if g is None and len(words) >= 2:
            g = _name_gender(words[0])
            weight = 2.0
        else:
            weight = 3.0
        if g == "m":
            person.votes_m += weight
        elif g == "f":
            person.votes_f += weight
        subject = head.dep_ in ("nsubj", "nsubjpass") or (
            head.dep_ == "appos" and head.head.dep_ in ("nsubj", "nsubjpass")
        )
        m = Mention(name[0].i, name[-1].i + 1, head.i, pid, subject, self._sent_of[head.i],
                    bool(self.quoted[head.i]))  # fmt: skip
        self.mentions.append(m)
        person.mentions.append(len(self.mentions) - 1)
        for t in range(start, end):
            self._by_token[t] = len(self.mentions) - 1

    def _person_for(self, words: list[str], at: int) -> int:
        key = [_norm(w) for w in words]
        for p in self.persons:  # the same name seen before
            if [_norm(w) for w in p.name.split()] == key:
                return p.pid
        if len(key) >= 2:
            for p in reversed(self.persons):  # "Lavrov" seen first, "Sergei Lavrov" now
                pk = [_norm(w) for w in p.name.split()]
                if len(pk) == 1 and pk[0] == key[-1]:
                    p.name = " ".join(words)
                    return p.pid
        else:
            best: Person | None = None
            for p in self.persons:  # "Lavrov" after "Sergei Lavrov": the latest match
                pk = [_norm(w) for w in p.name.split()]
                if key[0] in pk and (best is None or p.mentions[-1:] > best.mentions[-1:]):
                    best = p
            if best is not None:
                return best.pid
        self.persons.append(Person(len(self.persons), " ".join(words)))
        return len(self.persons) - 1

    def _count_pronoun_votes(self) -> None:
        """An unambiguous pronoun (one person named in its sentence or the one before, before
        it) votes for that person's gender."""
        for tok in self.doc:
            g = PRONOUN_GENDER.get(tok.lower_)
            if g is None or self.quoted[tok.i]:
                continue
            s = self._sent_of[tok.i]
            cands = {
                m.pid
                for m in self.mentions
                if m.head < tok.i and s - 1 <= m.sent <= s and not m.quoted
            }
            if len(cands) == 1:
                p = self.persons[next(iter(cands))]
                if g == "m":
                    p.votes_m += 1.0
                else:
                    p.votes_f += 1.0

    # -- queries --------------------------------------------------------------------------
    def mention_at(self, token_i: int) -> Mention | None:
        k = self._by_token.get(token_i)
        return self.mentions[k] if k is not None else None

    def person_by_word(self, word: str, before: int) -> int | None:
        """A person whose name contains ``word`` (e.g. "Lavrov" when NER missed it)."""
        key = _norm(word)
        best: tuple[int, int] | None = None
        for m in self.mentions:
            if m.head < before and key in [_norm(w) for w in self.persons[m.pid].name.split()]:
                best = (m.head, m.pid)
        return best[1] if best else None

    def name(self, pid: int) -> str:
        return self.persons[pid].name

    def role(self, pid: int) -> str | None:
        return self.persons[pid].role

    def sent_of(self, token_i: int) -> int:
        return self._sent_of[token_i]

    def resolve_pronoun(self, tok: Token, recent: Sequence[tuple[int, int]] = ()) -> int | None:
        """The person a 3rd-person singular pronoun most likely refers to.

        ``recent`` holds (token index, person) of earlier attributed speakers. Candidates are
        people mentioned outside quotes in the last few sentences, including through an
        earlier pronoun already resolved ("she joked ... She escalated"); the score prefers
        nearer sentences, grammatical subjects and the latest speaker, and drops a person
        whose gender is known to differ from the pronoun's.
        """
        g = PRONOUN_GENDER.get(tok.lower_)
        if g is None:
            return None
        s = self._sent_of[tok.i]
        best: tuple[float, int, int] | None = None
        last_speaker, bonus = _last_speaker(recent, tok.i, self._sent_of, s)
        for head, pid, subject, quoted in self._candidates(tok.i):
            sent = self._sent_of[head]
            if (quoted and not self.quoted[tok.i]) or s - sent > _WINDOW_SENTS:
                continue
            person = self.persons[pid]
            if person.gender is not None and person.gender != g:
                continue
            score = -1.0 * (s - sent) + (1.2 if subject else 0.0)
            if pid == last_speaker:
                score += bonus
            if person.gender == g:
                score += 0.3
            key = (score, head, pid)
            if best is None or key[:2] > best[:2]:
                best = key
        return best[2] if best else None

    def _candidates(self, before: int) -> list[tuple[int, int, bool, bool]]:
        """(head token, person, is subject, is quoted) of the names and resolved subject
        pronouns before a token."""
        out = [(m.head, m.pid, m.subject, m.quoted) for m in self.mentions if m.head < before]
        out += [(i, pid, True, False) for i, pid in self._chain.items() if i < before]
        return out

    def _resolve_chain(self) -> None:
        """Resolve subject he/she outside quotes in text order, so later pronouns can lean on
        earlier ones."""
        for tok in self.doc:
            if (
                tok.lower_ in ("he", "she")
                and tok.dep_.startswith("nsubj")
                and not self.quoted[tok.i]
            ):
                pid = self.resolve_pronoun(tok)
                if pid is not None:
                    self._chain[tok.i] = pid

    def resolve_description(self, words: Sequence[str], before: int) -> int | None:
        """The latest person whose role contains every word of a description."""
        want = {_norm(w) for w in words} - {"the", "a", "an", "former", "then", "also"}
        if not want:
            return None
        best: tuple[int, int] | None = None
        for m in self.mentions:
            role = self.persons[m.pid].role
            if m.head >= before or not role:
                continue
            have = {_norm(w) for w in role.replace("’s", " ").replace("'s", " ").split()}
            if want <= have and (best is None or m.head > best[0]):
                best = (m.head, m.pid)
        return best[1] if best else None


def _last_speaker(
    recent: Sequence[tuple[int, int]], before: int, sent_of: Sequence[int], s: int
) -> tuple[int | None, float]:
    """The latest earlier speaker and how much that counts: much in the same or the previous
    sentence, a little two or three sentences back, nothing further."""
    for tok_i, pid in reversed(recent):
        if tok_i < before:
            gap = s - sent_of[tok_i]
            return (pid, 1.5) if gap <= 1 else (pid, 0.5) if gap <= 3 else (None, 0.0)
    return None, 0.0


def _name_gender(first: str) -> str | None:
    w = first.lower()
    if w in _MALE_NAMES:
        return "m"
    if w in _FEMALE_NAMES:
        return "f"
    return None


def _sentence_index(doc: Doc) -> list[int]:
    out = [0] * len(doc)
    for k, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            out[i] = k
    return out
