"""A typed query -> its parts (filters, phrases, references) and weighted ranking terms.

Field syntax: `loai:thong-tu` (type), `nam:2024` (year), `coquan:bo-cong-thuong` (issuer),
`hieuluc:con-hieu-luc` (validity); English names (type:, year:, issuer:, status:) too.
Quoted phrases ("cụm công nghiệp") must appear as a run of syllables.  A query typed with
accents ranks exact-accent matches first and still finds folded ones; a query typed without
accents searches the folded fields only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.ids import slugify
from search.hits import FILTERS
from search.lexicon import ABBREVIATIONS, EVERYDAY, QUESTION_WORDS, REQUEST_WORDS
from search.numbers import ArticleRef, NumberRef, find_article_ref, find_numbers
from search.text import analyze, fold, has_diacritics, syllables

# Query-syntax name -> index field, from the one filter table.
FIELD_NAMES = {name: f.index_field for f in FILTERS for name in (f.param, *f.aliases)}
# Validity words a user types -> the status codes of law.validity.
STATUS_WORDS = {
    "con-hieu-luc": ("in_force", "amended", "partly_repealed"),
    "het-hieu-luc": ("repealed", "replaced"),
    "chua-hieu-luc": ("not_yet",), "chua-co-hieu-luc": ("not_yet",),
    "sua-doi": ("amended",), "duoc-sua-doi": ("amended",), "bi-thay-the": ("replaced",),
    "het-hieu-luc-mot-phan": ("partly_repealed",), "chua-ro": ("unknown",),
    "khong-ro": ("unknown",),
}
_FIELD = re.compile(r"(?<!\S)([a-zA-Z]+):(\"[^\"]*\"|“[^”]*”|\S+)")
_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”")

# Weights of the ranking fields (accented query; a folded query uses the folded ones at 1).
# The title's weight matters where documents are many: "quán karaoke" is in the title of
# the decree on karaoke, not in its articles.  Over the Code of Law (Zalo dev, 505
# questions) 0.6 ranks best (0.25: S@10 0.909, MRR 0.741; 0.6: 0.913, 0.752; 0.8: 0.909,
# 0.752); the shared corpus's sets and ALQAC (a few documents) are unchanged.
W_TEXT, W_FOLD, W_BI, W_BIF, W_HEAD, W_TITLE = 1.0, 0.5, 1.0, 0.5, 0.6, 0.6
W_QUESTION, W_EXPANSION = 0.1, 0.4
W_COORDINATED = 1.0  # a pair a coordination implies ("quản lý, phát triển chợ": "quản lý chợ")
MAX_COORDINATED = 24  # such pairs per text at most (a list of a hundred names is no question)
# Fields of an article's own words (its terms are looked up in its document's title too).
BODY_FIELDS = frozenset({"text", "fold", "bi", "bif"})


@dataclass(frozen=True)
class QueryTerm:
    """One weighted term of a ranking query."""

    field: str
    text: str
    weight: float = 1.0
    title: str = ""  # the same words as the `title` field holds them ("" if not a body term)


@dataclass(frozen=True)
class ParsedQuery:
    """The parts of a query."""

    raw: str
    text: str  # the words left after field syntax
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    phrases: tuple[str, ...] = ()
    numbers: tuple[NumberRef, ...] = ()
    article: ArticleRef | None = None
    accented: bool = True

    def without_refs(self) -> str:
        """Return the words of the query outside its number and article references."""
        spans = [(r.start, r.end) for r in self.numbers]
        if self.article is not None:
            spans.append((self.article.start, self.article.end))
        out, pos = [], 0
        for start, end in sorted(spans):
            out.append(self.text[pos:start])
            pos = max(pos, end)
        out.append(self.text[pos:])
        return " ".join(" ".join(out).split())


def parse(raw: str) -> ParsedQuery:
    """Return the parts of a typed query."""
    filters: dict[str, tuple[str, ...]] = {}

    def take(m: re.Match) -> str:
        name = FIELD_NAMES.get(m.group(1).lower())
        if name is None:
            return m.group(0)
        value = m.group(2).strip("\"“”")
        filters[name] = filter_values(name, value)
        return " "

    text = " ".join(_FIELD.sub(take, raw).split())
    phrases = tuple(a or b for a, b in _QUOTED.findall(text))
    return ParsedQuery(
        raw=raw, text=text, filters=filters, phrases=phrases,
        numbers=tuple(find_numbers(text)), article=find_article_ref(text),
        accented=has_diacritics(text),
    )


def filter_values(name: str, value: str) -> tuple[str, ...]:
    """Return the index values a field-syntax value stands for."""
    slug = slugify(value)
    if name == "status":
        return STATUS_WORDS.get(slug, (value.strip().lower().replace("-", "_"),))
    if name == "year":
        return (value.strip(),)
    return (slug,)


def _phrase_hits(tokens: list[str], phrase: tuple[str, ...]) -> list[int]:
    n = len(phrase)
    return [i for i in range(len(tokens) - n + 1) if tuple(tokens[i:i + n]) == phrase]


def _question_mask(folded: list[str]) -> list[bool]:
    """Return, per token, whether it belongs to a question-word phrase."""
    mask = [False] * len(folded)
    for words in _QUESTIONS:
        for i in _phrase_hits(folded, words):
            for k in range(i, i + len(words)):
                mask[k] = True
    return mask


def _folded_table() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Return the lexicon's (folded phrase, legal wordings), abbreviations first."""
    out = []
    for table in (ABBREVIATIONS, EVERYDAY):
        for phrase, legal in table.items():
            out.append((tuple(fold(w) for w in analyze(phrase)),
                        (legal,) if isinstance(legal, str) else tuple(legal)))
    return out


_LEXICON = _folded_table()
_QUESTIONS = [tuple(fold(w) for w in qw.split()) for qw in (*QUESTION_WORDS, *REQUEST_WORDS)]


def expansions(text: str) -> list[str]:
    """Return the legal wording of the everyday phrases and abbreviations in a text, and of
    the ages it gives ("16 tuổi": a minor)."""
    folded = [fold(t) for t in analyze(text)]
    out: list[str] = []
    for phrase, legal in _LEXICON:
        if _phrase_hits(folded, phrase):
            out.extend(legal)
    for i in _phrase_hits(folded, ("tuoi",)):
        if i and folded[i - 1].isdigit():
            out.extend(_age_words(int(folded[i - 1])))
    return out


ADULT_AGE, CHILD_AGE = 18, 16  # Bộ luật Dân sự Điều 20-21; Luật Trẻ em Điều 1


def _age_words(age: int) -> tuple[str, ...]:
    """Return how the codes name a person of an age: a child under 16, a minor under 18."""
    if age < CHILD_AGE:
        return ("trẻ em", "người chưa thành niên")
    return ("người chưa thành niên", "chưa đủ mười tám tuổi") if age < ADULT_AGE else ()


def ranking_terms(text: str, accented: bool,
                  emphasis: tuple[tuple[str, float], ...] = ()) -> list[QueryTerm]:
    """Return the weighted terms that rank entries for the words of a query, plus those of
    each (text, weight) in `emphasis` (weighted, their everyday wordings expanded too).

    Body terms carry their `title` form (see search.whoosh.scoring.TITLE_HELD), except the
    words of an emphasised text: these name the subject asked about (an issue's field,
    "cụm công nghiệp"), and the articles of the document titled by it are the ones wanted."""
    terms: dict[tuple[str, str], float] = {}
    for part, scale in ((text, 1.0), *emphasis):
        _add_words(terms, part, accented, scale)
        for legal in expansions(part):
            _add_words(terms, legal, accented and has_diacritics(legal), W_EXPANSION * scale)
    subject: dict[tuple[str, str], float] = {}
    for part, scale in emphasis:
        _add_words(subject, part, accented, scale)
    return [QueryTerm(f, t, w, fold(t) if f in BODY_FIELDS and (f, t) not in subject else "")
            for (f, t), w in terms.items()]


def _add_words(terms: dict, text: str, accented: bool, scale: float) -> None:
    syls = syllables(text)
    toks = [s.text for s in syls]
    folded = [fold(t) for t in toks]
    qmask = _question_mask(folded)

    def add(field_name: str, term: str, weight: float) -> None:
        terms[(field_name, term)] = terms.get((field_name, term), 0.0) + weight * scale

    for tok, f, q in zip(toks, folded, qmask, strict=True):
        w = W_QUESTION if q else 1.0
        if accented:
            add("text", tok, W_TEXT * w)
        add("fold", f, (W_FOLD if accented else 1.0) * w)
        add("head", f, W_HEAD * w)
        add("title", f, W_TITLE * w)
    adjacent = [(i - 1, i, 1.0) for i in range(1, len(syls)) if not syls[i].brk]
    implied = [(a, b, W_COORDINATED) for a, b in coordinated_pairs(text, syls)]
    for a, b, share in adjacent + implied:  # (not `scale`: add() multiplies by the text's)
        w = share * (W_QUESTION if (qmask[a] and qmask[b]) else 1.0)
        if accented:
            add("bi", f"{toks[a]}_{toks[b]}", W_BI * w)
        pair = f"{folded[a]}_{folded[b]}"
        add("bif", pair, (W_BIF if accented else 1.0) * w)
        add("head", pair, W_HEAD * w)
        add("title", pair, W_TITLE * w)


def coordinated_pairs(text: str, syls: list) -> list[tuple[int, int]]:
    """Return (i, j) of the syllable pairs a coordination implies: "quản lý, phát triển chợ"
    is "quản lý chợ" and "phát triển chợ", "lòng, lề đường" is "lòng đường" and "lề đường".
    The words before a comma are taken as long as those after it (one or two syllables);
    the pair joins the last syllable before the comma to the one after the list."""
    def comma_before(i: int) -> bool:
        return 0 < i < len(syls) and not syls[i].brk and \
            "," in text[syls[i - 1].end:syls[i].start]

    out = []
    for i in range(1, len(syls)):
        if not comma_before(i):
            continue
        for k in (1, 2):
            after = i + k  # first syllable after the element that follows the comma
            if after < len(syls) and not any(comma_before(j) or syls[j].brk
                                             for j in range(i + 1, after + 1)):
                start = i
                while len(out) < MAX_COORDINATED:  # back along "quản lý, khai thác, sử dụng chợ"
                    out.append((start - 1, after))
                    if not comma_before(start - k):
                        break
                    start -= k
    return out[:MAX_COORDINATED]


def phrase_terms(phrase: str) -> list[QueryTerm]:
    """Return the terms an entry must all contain to hold a quoted phrase."""
    accented = has_diacritics(phrase)
    if len(syllables(phrase)) == 1:
        toks = analyze(phrase, folded=not accented)
        return [QueryTerm("text" if accented else "fold", toks[0])]
    pairs = analyze(phrase, folded=not accented, bigrams=True, unigrams=False)
    return [QueryTerm("bi" if accented else "bif", p) for p in pairs]


def content_words(text: str, folded: bool = True) -> list[str]:
    """Return the syllables (folded, or as typed in canonical form) that are not questions."""
    toks = analyze(text)
    plain = [fold(t) for t in toks]
    out = plain if folded else toks
    return [w for w, q in zip(out, _question_mask(plain), strict=True) if not q]
