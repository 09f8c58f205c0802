"""From a query to terms, and from each term to the forms of it to look for in the text.

A term is one concept the query asks for; all terms must match. Its variants are the strings that
count as that concept in the text, each with the form that explains the match: the term itself
(exact), a quoted phrase (phrase), a word of its synonym group (synonym), a Chinese or English word
reached from an English query (english), the words its pinyin or initials read as (pinyin, initials),
or a correction of a typo (fuzzy).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property
from typing import NamedTuple

from fuwumaoyi_cli.cases.model import Dataset
from fuwumaoyi_cli.cases.places import Region, Regions, place_names, short_forms
from fuwumaoyi_cli.search.forms import (
    edit_distance,
    edit_distance_at_most_one,
    english_key,
    english_lemmas,
    english_pattern,
    pinyin_splits,
)
from fuwumaoyi_cli.search.index import LONGEST_WORD, SearchIndex
from fuwumaoyi_cli.search.lexicon import general_lexicon, translations
from fuwumaoyi_cli.search.synonyms import Thesaurus
from fuwumaoyi_cli.search.tables import place_names as place_names_table
from fuwumaoyi_cli.search.tables import search_tables
from fuwumaoyi_cli.search.words import FunctionWords
from fuwumaoyi_cli.text import CJK_CLASS, fold_marks, is_cjk, is_cjk_char

MAX_WORDS = 24  # a query is a few concepts; a pasted paragraph is cut here rather than slowing every look-up
MAX_TERMS = 16
MAX_SPACED_SYLLABLES = 6  # "zhi shi chan quan": spaced pinyin is joined into words of up to six syllables
MAX_SEGMENTED = 32  # longer runs of ideographs are looked for as they stand
MAX_PIECE = 8
# What a piece costs a cut: a character left unknown 2, a string the text holds that no lexicon knows 3,
# so that such a string glued to a stray character (小微企业发, 的新, 家银行) loses to the word and the
# character apart, while a name of the text (粤信融) still beats three unknown characters.
PIECE_COSTS = {"unknown": 2, "text": 3}
SPLIT_FROM = 5  # runs of ideographs this long or longer are split into words, even when found verbatim
MAX_PINYIN_SYLLABLES = 12
MAX_PINYIN_LETTERS = 6 * MAX_PINYIN_SYLLABLES
MAX_CORRECTED = 24  # typo tolerance is for words, not for pasted text
MAX_ALTERNATIVES = 5  # homophones or corrections kept for one term
MIN_PINYIN_TYPO = 5  # letters: a shorter word is one edit from too many syllables
MAX_READINGS = 16  # of a word's characters' readings combined, the first this many
KEYWORD_TERMS = 3  # up to this many plain words, a query is read as keywords: cases with all of them first
MAX_TYPO_RUN = 6  # a run of ideographs this long or shorter may be a keyword with a typo
UNREAD_LATIN_WEIGHT = 0.5  # a Latin word we cannot read at all says less than a Chinese word the text lacks
UNREAD_WORD_WEIGHT = 0.5  # a word the text lacks that is not a noun (data/lexicon.txt's part of speech)
NOUN_TAGS = ("n", "vn", "j")  # jieba's tags of nouns, verbal nouns and abbreviations
MAX_ENGLISH_PLACE_WORDS = 4  # "yangtze river delta"
# A query splits into runs of letters of other scripts (ideographs) and runs of Latin letters/digits
# (joined by - . ' & + /). Not [{CJK_CLASS}]+: re is slow to compile a class of 28,000 characters.
WORD = r"[^\W\d_a-z\u00df-\u024f]+|[0-9a-z\u00df-\u024f]+(?:[-.'&+/][0-9a-z\u00df-\u024f]+)*"
QUOTED = r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』'
# The operators people know from web search: -word excludes, OR and | alternate (A OR B, A|B).
TOKEN = rf'-?(?:{QUOTED})|[^\s"“「『]+'
ALTERNATION = ("or", "|")
# What an excluded word means: as written or as typed in pinyin, not its synonyms (-保险 keeps 担保).
EXCLUDED_FORMS = ("exact", "phrase", "pinyin", "initials", "fuzzy")


def is_empty_query(query: str) -> bool:
    """A query with no word to look for: blank, quotes only (\"\", “”), punctuation only (，!!!)."""
    # Not fold_query: converting traditional characters cannot empty a query, and would import opencc.
    return not split_query(fold_marks(query))


def only_exclusions(query: str) -> bool:
    """A query of -words alone (nothing to look for, only what to leave out)."""
    chunks, excluded = parse_operators(fold_marks(query))
    return (
        bool(excluded)
        and not any(split_query(c) for c in chunks if isinstance(c, str))
        and not any(isinstance(c, tuple) for c in chunks)
    )


def sentence(query: str) -> str:
    """The query as a sentence to read by meaning: its words without the operators (-word, OR, |, quotes), so
    that what it leaves out does not draw it nearer."""
    chunks, _excluded = parse_operators(fold_marks(query))
    text = " ".join(" ".join(c) if isinstance(c, tuple) else c for c in chunks)
    return text.translate(str.maketrans("", "", '"“”'))


def parse_operators(folded: str) -> tuple[list[str | tuple[str, ...]], list[str]]:
    """The query's chunks (text to read as before, or a tuple of alternatives joined by OR or |) and the
    texts it excludes (-word, -"a phrase"). `融资 -保险` → ([融资], [保险]); `融资 or 保险 担保` →
    ([(融资, 保险), 担保], []). A lone - or an OR with nothing on one side is read as text."""
    items: list[str | tuple[str, ...]] = []
    excluded: list[str] = []
    alternate = False
    for m in re.finditer(TOKEN, folded):
        token = m.group()
        if token in ALTERNATION and items:
            alternate = True
            continue
        if token.startswith("-") and len(token) > 1 and (len(token) > 2 or token[1] not in "-"):
            excluded.append(token[1:])
            continue
        parts = tuple(p for p in token.split("|") if p) if "|" in token and not token.startswith(('"', "“")) else ()
        item: str | tuple[str, ...] = parts if len(parts) > 1 else (parts[0] if parts else token)
        if alternate and items:
            last = items.pop()
            item = (*(last if isinstance(last, tuple) else (last,)), *(item if isinstance(item, tuple) else (item,)))
        items.append(item)
        alternate = False
    chunks: list[str | tuple[str, ...]] = []
    for item in items:  # plain tokens next to each other are read together (customs clearance)
        if isinstance(item, str) and chunks and isinstance(chunks[-1], str):
            chunks[-1] += " " + item
        else:
            chunks.append(item)
    return chunks, excluded


def split_query(folded: str) -> list[tuple[str, bool]]:
    """Query words in order, each with whether it was quoted (a phrase to match exactly)."""
    words: list[tuple[str, bool]] = []
    pos = 0
    for m in re.finditer(QUOTED, folded):
        words += [(w, False) for w in re.findall(WORD, folded[pos : m.start()])]
        phrase = " ".join(next(g for g in m.groups() if g is not None).split())
        if phrase:
            words.append((phrase, True))
        pos = m.end()
    words += [(w, False) for w in re.findall(WORD, folded[pos:])]
    return words


# How much a match counts by the form it was found in (docs/search.md, "Ranking").
FORM_WEIGHTS = {
    "exact": 1.0,
    "phrase": 1.0,
    "english": 0.9,
    "fuzzy": 0.8,
    "pinyin": 0.75,
    "initials": 0.7,
    "synonym": 0.5,
    "translation": 0.5,
}


class Variant(NamedTuple):  # a named tuple, as every record made per query (docs/architecture.md)
    """A string that counts as a term in the text, the form that explains the match, and how it counts:
    `weight` for each occurrence, `cap` as the most the term scores through it."""

    text: str  # folded, as shown in Match.matched when it is found
    form: str  # exact | phrase | synonym | english | translation | pinyin | initials | fuzzy
    pattern: str  # regex over folded text
    whole_word: bool = False  # Latin: must not start inside a word (the pattern checks the end)
    literal: bool = False  # the pattern is `text` itself, escaped: found as a plain string
    weight: float = 1.0
    cap: float = 1.0


class Term(NamedTuple):
    """One concept the query asks for, and the strings that count as it. A term with no variants is a word
    of the query the text does not hold: it counts against the cases (none has it), by `weight`."""

    text: str
    variants: tuple[Variant, ...]
    weight: float = 1.0


class Plan(NamedTuple):
    """How a query was read: the terms to look for, the words dropped as saying nothing, the places
    named, which prefer cases from there instead of being looked for in the text, and the terms a case
    must not hold (-word)."""

    terms: tuple[Term, ...]
    dropped: tuple[str, ...] = ()
    regions: tuple[Region, ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def keyword_like(self) -> bool:
        """A few plain words (no question or function word among them): read as keywords, every one of
        which a case should have; when none has them all, the cases with some of them, flagged."""
        return not self.dropped and len(self.terms) <= KEYWORD_TERMS


def chinese_variant(word: str, form: str, reading: float = 1.0) -> Variant:
    """`reading`: how the term was read (pinyin 0.75…), which scales only what the term can reach, so that
    rongzi ranks the cases as 融资 does."""
    weight = FORM_WEIGHTS[form] if form in ("synonym", "english", "translation") else 1.0
    return Variant(word, form, re.escape(word), literal=True, weight=weight, cap=weight * reading)


def english_variant(key: str, form: str, reading: float = 1.0) -> Variant:
    weight = FORM_WEIGHTS[form] if form in ("synonym", "english", "translation") else 1.0
    return Variant(key, form, english_pattern(key), whole_word=True, weight=weight, cap=weight * reading)


class QueryPlanner:
    """Plans terms against one dataset's index, the synonym table, the function words and the regions."""

    def __init__(self, dataset: Dataset, index: SearchIndex, thesaurus: Thesaurus, function_words: FunctionWords):
        self.index = index
        self.thesaurus = thesaurus
        self.function_words = function_words
        longest_place = search_tables()["regions"]["longest"]
        self.regions = Regions(dataset, place_names_table(), longest_place, self.spelling)
        self.dataset = dataset
        self.dropped: list[str] = []
        self.named: list[Region] = []

    @cached_property
    def text_words(self) -> frozenset[str]:
        """Chinese words of the text: the themes, the places, and the general lexicon's words it holds. Made
        on first use: a keyword the text holds needs none of it."""
        themes = {t.name for t in self.dataset.themes}
        return frozenset(themes) | place_names(self.dataset) | self.index.words

    @cached_property
    def lexicon(self) -> frozenset[str]:
        """Chinese words a query may be read as: the synonym table's and the text's (for typo corrections)."""
        return self.thesaurus.chinese_words | self.text_words

    @cached_property
    def english_lexicon(self) -> frozenset[str]:
        return frozenset(self.thesaurus.english_keys) | self.theme_keys

    @cached_property
    def theme_keys(self) -> frozenset[str]:
        return frozenset(english_key(t.name_en) for t in self.dataset.themes)

    def known_key(self, key: str) -> bool:
        """An English key of the synonym table or of a theme."""
        return key in self.theme_keys or bool(self.thesaurus.groups_of(key, english=True))

    def spelling(self, name: str) -> str:
        """The pinyin of a name, by the first reading of each character ("" when one has none)."""
        readings = [self.index.readings.get(c) for c in name]
        return "".join(r[0] for r in readings if r) if all(readings) else ""

    # --- the query -------------------------------------------------------------------------------

    def plan(self, folded_query: str) -> Plan:
        """The query's terms, read chunk by chunk between its operators (see parse_operators)."""
        self.dropped, self.named = [], []
        chunks, excluded = parse_operators(folded_query)
        terms: list[Term] = []
        for chunk in chunks:
            if isinstance(chunk, str):
                terms += self.terms_of(chunk)
            else:  # A OR B: one term, either of them
                read = [t for alternative in chunk for t in self.terms_of(alternative)]
                if read:
                    terms.append(self.merged("|".join(t.text for t in read), read))
        kept: list[Term] = []
        for text in excluded:
            for term in self.terms_of(text):
                variants = tuple(v for v in term.variants if v.form in EXCLUDED_FORMS)
                kept.append(term._replace(variants=variants))
        unique = {t.text: t for t in terms}  # a term asked twice counts once
        regions = {r.name: r for r in self.named}
        return Plan(
            tuple(list(unique.values())[:MAX_TERMS]),
            tuple(dict.fromkeys(self.dropped)),
            tuple(regions.values()),
            tuple(kept),
        )

    def terms_of(self, folded_query: str) -> list[Term]:
        """The terms of a query without operators; the words it drops and the places it names are noted."""
        words = split_query(folded_query)[:MAX_WORDS]
        terms: list[Term] = []
        i = 0
        while i < len(words) and len(terms) < MAX_TERMS:
            word, quoted = words[i]
            if quoted:
                terms.append(self.phrase(word))
                i += 1
            elif is_cjk(word):
                terms += self.chinese(word)
                i += 1
            else:
                end = i
                while end < len(words) and not words[end][1] and not is_cjk(words[end][0]):
                    end += 1
                terms += self.latin_run([w for w, _ in words[i:end]])
                i = end
        return terms

    def phrase(self, text: str) -> Term:
        # Exactly as typed, apart from width and case: no synonyms, no fuzziness.
        if any(map(is_cjk_char, text)):
            return Term(text, (Variant(text, "phrase", re.escape(text)),))
        return Term(text, (Variant(text, "phrase", re.escape(text) + r"(?![0-9a-z])", whole_word=True),))

    # --- Chinese -------------------------------------------------------------------------------

    def chinese(self, run: str) -> list[Term]:
        """A run of ideographs: its words, read as the text and the lexicons know them.

        Chinese puts no spaces between words, so the run is cut into known pieces (segment); question and
        function words are dropped, places named become a preference, and what the text does not hold is a
        term that no case has. Quote a run to require it verbatim.
        """
        region = self.regions.get(run)
        if region is not None:
            self.named.append(region)
            return []
        if run in self.function_words.chinese:
            self.dropped.append(run)
            return []
        known = self.index.holds(run) or bool(self.thesaurus.groups_of(run, english=False))
        if len(run) > MAX_SEGMENTED or (known and len(run) < SPLIT_FROM):
            return [self.chinese_term(run, run, "exact")]
        pieces = self.segment(run)
        kinds = {kind for _, kind in pieces}
        words = sum(kind != "unknown" for _, kind in pieces)
        clause = len(pieces) > 2 and words >= 2  # 企业手头钱紧, 结果网上看: read word by word
        if (
            len(run) <= MAX_TYPO_RUN
            and not clause
            and kinds & {"unknown", "foreign"}
            and not kinds & {"function", "place"}
        ):
            # A short run, one word as typed, that the text does not hold: a keyword with a typo (区快链,
            # 知识产全, 跨境电尚), or a word the cases do not have (量子计算 is not 计算).
            corrections = self.chinese_corrections(run)
            if corrections:
                return [self.merged(run, [self.chinese_term(run, c, "fuzzy") for c in corrections])]
            return [Term(run, ())]
        terms: list[Term] = []
        unread = ""
        for piece, kind in [*pieces, ("", "end")]:
            if kind == "unknown":
                unread += piece
                continue
            if unread:
                terms += self.unread_chinese(unread)
                unread = ""
            if kind == "function":
                self.dropped.append(piece)
            elif kind == "place":
                self.named.append(self.regions[piece])
            elif kind in ("word", "text"):
                terms.append(self.chinese_term(piece, piece, "exact"))
            elif kind == "foreign":
                terms.append(Term(piece, (), self.unread_weight(piece)))
        return terms

    def unread_weight(self, word: str) -> float:
        """How much a word of the lexicon that the text does not hold counts against the cases: a noun
        names a subject they do not cover (护照, 宅基地); a verb or an adverb is only another way of saying
        (改成, 起来)."""
        tag = general_lexicon().value(word) or ""
        return 1.0 if tag.startswith(NOUN_TAGS) else UNREAD_WORD_WEIGHT

    def unread_chinese(self, span: str) -> list[Term]:
        """Characters no known piece covers: a typo of a known word, or a word the text does not hold."""
        if len(span) == 1:
            self.dropped.append(span)  # one character on its own (拿, 退) says too little to look for
            return []
        corrections = self.chinese_corrections(span)
        if corrections:
            return [self.merged(span, [self.chinese_term(span, c, "fuzzy") for c in corrections])]
        return [Term(span, ())]

    def segment(self, run: str) -> list[tuple[str, str]]:
        """Cut a run of ideographs into pieces, each with its kind, the best cut first by these costs:
        least cost of characters left unknown and of strings only the text holds (PIECE_COSTS), then fewest
        pieces that are not words the text holds, then fewest pieces. Kinds: function (a question or
        function word), place (a region named), word (of the synonym table, the themes, the places or the
        general lexicon, and one the text holds or the synonym table reads), text (a string the text
        holds), foreign (a word of the general lexicon the text does
        not hold: 二手房, 宅基地), unknown (a character none of these covers).
        """
        best: list[tuple[tuple[int, int, int], list[tuple[str, str]]] | None] = [None] * (len(run) + 1)
        best[0] = ((0, 0, 0), [])
        longest = max(MAX_PIECE, self.function_words.longest, self.regions.longest)
        for start in range(len(run)):
            if best[start] is None:
                continue
            (unknown, loose, pieces), chosen = best[start]  # type: ignore[misc]
            for end in range(start + 1, min(len(run), start + longest) + 1):
                piece = run[start:end]
                kind = self.kind_of(piece)
                if kind is None:
                    if len(piece) >= LONGEST_WORD and not self.index.holds(piece) and not self.may_grow(piece):
                        break
                    continue
                cost = (unknown + PIECE_COSTS.get(kind, 0), loose + (kind in ("text", "foreign")), pieces + 1)
                if best[end] is None or cost < best[end][0]:  # type: ignore[index]
                    best[end] = (cost, chosen + [(piece, kind)])
        found = best[len(run)]
        return found[1] if found is not None else [(c, "unknown") for c in run]

    def kind_of(self, piece: str) -> str | None:
        if piece in self.function_words.chinese:
            return "function"
        if piece in self.regions:
            return "place"
        if self.thesaurus.groups_of(piece, english=False):
            return "word"
        if len(piece) == 1:
            return "unknown"
        if self.index.holds(piece):
            return "word" if piece in self.text_words else "text"  # a word of the synonym table is one above
        if len(piece) <= LONGEST_WORD and piece in general_lexicon():
            return "foreign"
        return None

    def may_grow(self, piece: str) -> bool:
        """Whether a longer piece starting with this one can still be a word or a place (when it is not in
        the text, only these can be)."""
        return piece in self.prefixes or self.regions.table.has_prefix(piece) or self.thesaurus.has_prefix(piece)

    @cached_property
    def prefixes(self) -> frozenset[str]:
        words = (*self.function_words.chinese, *self.regions.own)
        return frozenset(w[:n] for w in words for n in range(2, len(w)))

    def place_terms(self, regions: list[Region]) -> list[Term]:
        """The places as text to look for: each by its name and shorter names (重庆市, 重庆) that the text holds."""
        terms = []
        for region in regions:
            names = sorted({region.name, *short_forms(region.name)}, key=lambda w: (-len(w), w))
            terms.append(Term(region.name, tuple(chinese_variant(w, "exact") for w in names if self.index.holds(w))))
        return terms

    def chinese_term(self, text: str, word: str, form: str) -> Term:
        """`word` found as `form`, and the words of its synonym groups as synonyms."""
        reading = FORM_WEIGHTS[form]
        variants = [chinese_variant(word, form, reading)]
        for group in self.thesaurus.groups_of(word, english=False):
            variants += [chinese_variant(w, "synonym", reading) for w in group.zh if w != word]
            variants += [english_variant(k, "synonym", reading) for k in group.en if self.may_hold(k)]
        return Term(text, tuple(variants))

    def may_hold(self, key: str) -> bool:
        """Whether the text can hold an English key: its first word is in it (every match starts so). The
        regex is compiled only then: most English synonyms of a Chinese word are not in a Chinese text."""
        return self.index.may_begin_word(key.split()[0])

    def chinese_corrections(self, word: str) -> list[str]:
        """Known words one typo away from `word` (3+ characters): the lexicon first, then the text."""
        if not 3 <= len(word) <= MAX_CORRECTED:
            return []
        near = [w for w in self.lexicon if len(w) >= 3 and edit_distance_at_most_one(word, w) and self.index.holds(w)]
        if near:
            return sorted(near, key=lambda w: (-self.index.count(w), w))[:MAX_ALTERNATIVES]
        cjk = f"[{CJK_CLASS}]"
        patterns = [word[:i] + cjk + word[i + 1 :] for i in range(len(word))]  # one character wrong
        patterns += [word[:i] + cjk + word[i:] for i in range(1, len(word))]  # one character missing
        if len(word) >= 4:
            patterns += [word[:i] + word[i + 1 :] for i in range(len(word))]  # one character too many
        patterns += [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]
        found = Counter(re.findall("|".join(patterns), self.index.corpus))
        return self.frequent(found, min_count=2, share=0.3)

    # --- Latin: English, pinyin, initials ----------------------------------------------------------

    def latin_run(self, words: list[str]) -> list[Term]:
        """Consecutive Latin words: places named, known English phrases and spaced pinyin are read first;
        then stop words are dropped and each other word is a term."""
        terms = []
        i = 0
        while i < len(words):
            end = self.english_place(words, i)
            if end:
                i = end
                continue
            for end in range(min(len(words), i + 5), i + 1, -1):
                if self.is_english_phrase(" ".join(words[i:end])):
                    terms.append(self.latin(" ".join(words[i:end])))
                    break
            else:
                for end in range(min(len(words), i + MAX_SPACED_SYLLABLES), i + 1, -1):
                    run = words[i:end]
                    if all(w.isalpha() and self.pinyin_splits(w) for w in run):
                        found = self.pinyin_words("".join(run))
                        if found:
                            read = [self.chinese_term("", w, "pinyin") for w in found]
                            terms.append(self.merged(" ".join(run), read))
                            break
                else:
                    end = i + 1
                    if words[i] in self.function_words.english and len(words) > 1:
                        self.dropped.append(words[i])
                    else:
                        term = self.latin(words[i])
                        terms.append(term if term.variants else term._replace(weight=UNREAD_LATIN_WEIGHT))
            i = end
        return terms

    def english_place(self, words: list[str], i: int) -> int:
        """Where a place named at words[i] ends (hangzhou, yangtze river delta), or 0 when none is."""
        for end in range(min(len(words), i + MAX_ENGLISH_PLACE_WORDS), i, -1):
            region = self.regions.get(" ".join(words[i:end])) or self.regions.get("".join(words[i:end]))
            if region is not None:
                self.named.append(region)
                return end
        return 0

    def latin(self, word: str, correct: bool = True) -> Term:
        if word.isalpha() and not self.is_english(word):
            # An inflection of a word we know: materials, returned, leasing.
            lemma = next((w for w in english_lemmas(word) if self.is_english(w)), None)
            if lemma is not None:
                return Term(word, self.latin(lemma, correct=False).variants)
        key = english_key(word)
        variants = []
        if self.index.holds_english(key):
            variants.append(english_variant(key, "exact"))
        for group in self.thesaurus.groups_of(word, english=True):
            variants += [chinese_variant(w, "english") for w in group.zh]
            variants += [english_variant(k, "english") for k in group.en if k != key and self.may_hold(k)]
        # The general dictionary's translations that the text holds: weaker, as it knows no context.
        variants += [chinese_variant(w, "translation") for w in translations(key) if self.index.holds(w)]
        if not word.replace(" ", "").isalpha():
            return Term(word, tuple(variants))
        if not self.thesaurus.groups_of(word, english=True):
            # Not an English word we know: it may be pinyin (xinyidai is both in title_en and 信易贷 in the text).
            variants += [v for w in self.pinyin_words(word) for v in self.chinese_term("", w, "pinyin").variants]
        if not variants:
            variants += [v for w in self.initials_words(word) for v in self.chinese_term("", w, "initials").variants]
        if not variants and correct:
            for correction in self.english_corrections(word):
                variants += [
                    v._replace(form="fuzzy", cap=v.cap * FORM_WEIGHTS["fuzzy"]) if v.form in ("exact", "english") else v
                    for v in self.latin(correction, correct=False).variants
                ]
        if not variants and correct:
            # Pinyin with a typo (rongzhi, baoxain), forgiven as an English typo is: the words of the text
            # whose pinyin is one edit or one swap away.
            for found in self.pinyin_corrections(word):
                variants += [
                    v._replace(form="fuzzy", cap=v.cap * FORM_WEIGHTS["fuzzy"])
                    for v in self.chinese_term("", found, "pinyin").variants
                ]
        return Term(word, tuple(dict.fromkeys(variants)))

    @cached_property
    def spellings(self) -> dict[str, list[str]]:
        """The words of the text and of the synonym table that the text holds, by every pinyin they can be
        read as (银行: yinhang, yinxing…), for pinyin typos."""
        from itertools import islice, product

        words = self.text_words | {w for w in self.thesaurus.chinese_words if self.index.holds(w)}
        out: dict[str, list[str]] = {}
        for word in words:
            readings = [self.index.readings.get(c) for c in word]
            if 2 <= len(word) <= 4 and all(readings):
                for spelled in islice(product(*readings), MAX_READINGS):  # type: ignore[arg-type]
                    out.setdefault("".join(spelled), []).append(word)
        return out

    def pinyin_corrections(self, word: str) -> list[str]:
        """Words of the text whose pinyin is one typo from `word` (5+ letters: shorter pinyin is too near
        too many words), the frequent ones."""
        if not MIN_PINYIN_TYPO <= len(word) <= MAX_PINYIN_LETTERS:
            return []
        near = [
            w for spelled, words in self.spellings.items() if edit_distance_at_most_one(word, spelled) for w in words
        ]
        return self.frequent(Counter({w: self.index.count(w) for w in near}), min_count=2, share=0.3)

    def is_english(self, word: str) -> bool:
        """A word of the synonym table, one the text itself holds as a word (in title_en, B2C…), or one the
        general dictionary translates into a word the text holds."""
        if self.thesaurus.groups_of(word, english=True):
            return True
        key = english_key(word)
        if any(self.index.holds(w) for w in translations(key)):
            return True
        return self.index.holds_english(key)

    def is_english_phrase(self, words: str) -> bool:
        """Several words read as one concept: a phrase of the synonym table, or of the general dictionary
        whose translation the text holds (trade fair)."""
        key = english_key(words)
        return self.known_key(key) or any(self.index.holds(w) for w in translations(key))

    def pinyin_splits(self, word: str) -> list[list[str]]:
        if len(word) > MAX_PINYIN_LETTERS:
            return []
        return [s for s in pinyin_splits(word, self.index.syllables) if len(s) <= MAX_PINYIN_SYLLABLES]

    def pinyin_words(self, word: str) -> list[str]:
        """The words of the text that read as `word` in full pinyin, two syllables or more (多音字 either way)."""
        splits = [s for s in self.pinyin_splits(word.replace("ü", "v")) if len(s) >= 2]
        if not splits:
            return []
        chars = self.index.chars_by_syllable
        pattern = "|".join("".join(f"[{chars[s]}]" for s in split) for split in splits)
        return self.frequent(Counter(re.findall(pattern, self.index.corpus)), min_count=1, share=0.1)

    def initials_words(self, word: str) -> list[str]:
        """Words whose pinyin initials spell `word` (zscq → 知识产权): lexicon words first, else frequent ones."""
        if not 2 <= len(word) <= 6:
            return []
        readings = self.index.readings
        # The corpus is scanned last, for the few words whose initials fit: it grows with the file.
        known = [
            w
            for w in self.lexicon
            if len(w) == len(word)
            and all(any(r[0] == letter for r in readings.get(c, ())) for c, letter in zip(w, word, strict=True))
            and self.index.holds(w)
        ]
        if known:
            return self.frequent(Counter({w: self.index.count(w) for w in known}), min_count=1, share=0.3)
        chars = self.index.chars_by_initial
        if any(letter not in chars for letter in word):
            return []
        found = Counter(re.findall("".join(f"[{chars[letter]}]" for letter in word), self.index.corpus))
        return self.frequent(found, min_count=2, share=0.3)

    def english_corrections(self, word: str) -> list[str]:
        """Known English words one typo away (two for words of 8+ letters)."""
        if not 4 <= len(word) <= MAX_CORRECTED:
            return []
        vocabulary = {w for w in self.index.latin_words if w.isalpha() and len(w) >= 3}
        vocabulary |= {w for k in self.english_lexicon for w in k.split() if len(w) >= 3}
        if len(word) >= 8:
            near = [w for w in vocabulary if abs(len(w) - len(word)) <= 2 and edit_distance(word, w) <= 2]
        else:
            near = [w for w in vocabulary if edit_distance_at_most_one(word, w)]
        frequency = self.index.latin_words
        return sorted(near, key=lambda w: (-frequency[w], w))[:MAX_ALTERNATIVES]

    # --- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def frequent(found: Counter[str], min_count: int, share: float) -> list[str]:
        """The most frequent strings found, dropping rare ones (a weak match is noise, not a hit)."""
        if not found:
            return []
        top = found.most_common(1)[0][1]
        floor = max(min_count, top * share)
        return [w for w, n in found.most_common(MAX_ALTERNATIVES) if n >= floor]

    @staticmethod
    def merged(text: str, terms: list[Term]) -> Term:
        return Term(text, tuple(dict.fromkeys(v for t in terms for v in t.variants)))
