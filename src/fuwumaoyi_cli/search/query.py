"""From a query to terms, and from each term to the forms of it to look for in the text.

A term is one concept the query asks for; all terms must match. Its variants are the strings that
count as that concept in the text, each with the form that explains the match: the term itself
(exact), a quoted phrase (phrase), a word of its synonym group (synonym), a Chinese or English word
reached from an English query (english), the words its pinyin or initials read as (pinyin, initials),
or a correction of a typo (fuzzy).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import NamedTuple

from fuwumaoyi_cli.cases.model import Dataset
from fuwumaoyi_cli.cases.places import place_names
from fuwumaoyi_cli.search.forms import (
    edit_distance,
    edit_distance_at_most_one,
    english_key,
    english_pattern,
    pinyin_splits,
    starts_word,
)
from fuwumaoyi_cli.search.index import SearchIndex
from fuwumaoyi_cli.search.synonyms import Thesaurus
from fuwumaoyi_cli.text import CJK_CLASS, fold_marks, is_cjk, is_cjk_char

MAX_WORDS = 24  # a query is a few concepts; a pasted paragraph is cut here rather than slowing every look-up
MAX_TERMS = 12
MAX_SPACED_SYLLABLES = 6  # "zhi shi chan quan": spaced pinyin is joined into words of up to six syllables
MAX_SEGMENTED = 32  # longer runs of ideographs are looked for as they stand
MAX_PIECE = 8
SPLIT_FROM = 5  # runs of ideographs this long or longer are split into words, even when found verbatim
MAX_PINYIN_SYLLABLES = 12
MAX_PINYIN_LETTERS = 6 * MAX_PINYIN_SYLLABLES
MAX_CORRECTED = 24  # typo tolerance is for words, not for pasted text
MAX_ALTERNATIVES = 5  # homophones or corrections kept for one term
# A query splits into runs of letters of other scripts (ideographs) and runs of Latin letters/digits
# (joined by - . ' & + /). Not [{CJK_CLASS}]+: re is slow to compile a class of 28,000 characters.
WORD = r"[^\W\d_a-z\u00df-\u024f]+|[0-9a-z\u00df-\u024f]+(?:[-.'&+/][0-9a-z\u00df-\u024f]+)*"
QUOTED = r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』'


def is_empty_query(query: str) -> bool:
    """A query with no word to look for: blank, quotes only (\"\", “”), punctuation only (，!!!)."""
    # Not fold_query: converting traditional characters cannot empty a query, and would import opencc.
    return not split_query(fold_marks(query))


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


class Variant(NamedTuple):  # a named tuple, as every record made per query (docs/architecture.md)
    text: str  # folded, as shown in Match.matched when it is found
    form: str  # exact | phrase | synonym | english | pinyin | initials | fuzzy
    pattern: str  # regex over folded text
    whole_word: bool = False  # Latin: must not start inside a word (the pattern checks the end)


class Term(NamedTuple):
    text: str
    variants: tuple[Variant, ...]


def chinese_variant(word: str, form: str) -> Variant:
    return Variant(word, form, re.escape(word))


def english_variant(key: str, form: str) -> Variant:
    return Variant(key, form, english_pattern(key), whole_word=True)


class QueryPlanner:
    """Plans terms against one dataset's index and the synonym table."""

    def __init__(self, dataset: Dataset, index: SearchIndex, thesaurus: Thesaurus):
        self.index = index
        self.thesaurus = thesaurus
        self.corpus = index.corpus
        themes = dataset.themes
        self.lexicon = thesaurus.chinese_words | {t.name for t in themes} | place_names(dataset)
        self.english_lexicon = thesaurus.english_keys | {english_key(t.name_en) for t in themes}

    # --- the query -------------------------------------------------------------------------------

    def plan(self, folded_query: str) -> list[Term]:
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
        unique = {t.text: t for t in terms}  # a term asked twice counts once
        return list(unique.values())[:MAX_TERMS]

    def phrase(self, text: str) -> Term:
        # Exactly as typed, apart from width and case: no synonyms, no fuzziness.
        if any(map(is_cjk_char, text)):
            return Term(text, (Variant(text, "phrase", re.escape(text)),))
        return Term(text, (Variant(text, "phrase", re.escape(text) + r"(?![0-9a-z])", whole_word=True),))

    # --- Chinese -------------------------------------------------------------------------------

    def chinese(self, word: str) -> list[Term]:
        known = word in self.corpus or bool(self.thesaurus.groups_of(word, english=False))
        if len(word) > MAX_SEGMENTED or word in self.lexicon or (known and len(word) < SPLIT_FROM):
            return [self.chinese_term(word, word, "exact")]
        # Chinese puts no spaces between words: a long run is read as the words it is made of, all required,
        # so 企业信用评价 also finds 纳税信用评价 of an enterprise. Quote it to require it verbatim.
        pieces = self.segment(word)
        if pieces:
            return [self.chinese_term(p, p, "exact") for p in pieces]
        if known:
            return [self.chinese_term(word, word, "exact")]
        corrections = self.chinese_corrections(word)
        return [self.merged(word, [self.chinese_term(word, c, "fuzzy") for c in corrections])]

    def chinese_term(self, text: str, word: str, form: str) -> Term:
        """`word` found as `form`, and the words of its synonym groups as synonyms."""
        variants = [chinese_variant(word, form)]
        for group in self.thesaurus.groups_of(word, english=False):
            variants += [chinese_variant(w, "synonym") for w in group.zh if w != word]
            variants += [english_variant(k, "synonym") for k in group.en]
        return Term(text, tuple(variants))

    def segment(self, word: str) -> list[str] | None:
        """Split an unknown run of ideographs into the fewest known words (中小企业贷款 → 中小企业, 贷款).

        A piece is a word of the text or of the lexicon, two characters or more; among splits with the
        fewest pieces, the one with most lexicon words wins, then the one whose pieces are most frequent
        in the text (服务 is a word, 业服务 a fragment).
        """
        best: list[tuple[tuple[int, int, float], list[str]] | None] = [None] * (len(word) + 1)
        best[0] = ((0, 0, 0.0), [])
        for end in range(2, len(word) + 1):
            for start in range(max(0, end - MAX_PIECE), end - 1):
                if best[start] is None or end - start == len(word):
                    continue
                piece = word[start:end]
                in_lexicon = piece in self.lexicon
                if not (in_lexicon or piece in self.corpus):
                    continue
                (pieces, lexicon_misses, rarity), words = best[start]  # type: ignore[misc]
                cost = (pieces + 1, lexicon_misses + (not in_lexicon), rarity - math.log1p(self.corpus.count(piece)))
                if best[end] is None or cost < best[end][0]:  # type: ignore[index]
                    best[end] = (cost, words + [piece])
        found = best[len(word)]
        return found[1] if found is not None and len(found[1]) > 1 else None

    def chinese_corrections(self, word: str) -> list[str]:
        """Known words one typo away from `word` (3+ characters): the lexicon first, then the text."""
        if not 3 <= len(word) <= MAX_CORRECTED:
            return []
        near = [w for w in self.lexicon if len(w) >= 3 and edit_distance_at_most_one(word, w) and w in self.corpus]
        if near:
            return sorted(near, key=lambda w: (-self.corpus.count(w), w))[:MAX_ALTERNATIVES]
        cjk = f"[{CJK_CLASS}]"
        patterns = [word[:i] + cjk + word[i + 1 :] for i in range(len(word))]  # one character wrong
        patterns += [word[:i] + cjk + word[i:] for i in range(1, len(word))]  # one character missing
        if len(word) >= 4:
            patterns += [word[:i] + word[i + 1 :] for i in range(len(word))]  # one character too many
        patterns += [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]
        found = Counter(re.findall("|".join(patterns), self.corpus))
        return self.frequent(found, min_count=2, share=0.3)

    # --- Latin: English, pinyin, initials ----------------------------------------------------------

    def latin_run(self, words: list[str]) -> list[Term]:
        """Consecutive Latin words: known English phrases and spaced pinyin are read as one term."""
        terms = []
        i = 0
        while i < len(words):
            for end in range(min(len(words), i + 5), i + 1, -1):
                if english_key(" ".join(words[i:end])) in self.english_lexicon:
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
                    terms.append(self.latin(words[i]))
            i = end
        return terms

    def latin(self, word: str, correct: bool = True) -> Term:
        key = english_key(word)
        variants = []
        if any(starts_word(self.corpus, m.start()) for m in re.finditer(english_pattern(key), self.corpus)):
            variants.append(english_variant(key, "exact"))
        for group in self.thesaurus.groups_of(word, english=True):
            variants += [chinese_variant(w, "english") for w in group.zh]
            variants += [english_variant(k, "english") for k in group.en if k != key]
        if not word.isalpha():
            return Term(word, tuple(variants))
        if not self.thesaurus.groups_of(word, english=True):
            # Not an English word we know: it may be pinyin (xinyidai is both in title_en and 信易贷 in the text).
            variants += [v for w in self.pinyin_words(word) for v in self.chinese_term("", w, "pinyin").variants]
        if not variants:
            variants += [v for w in self.initials_words(word) for v in self.chinese_term("", w, "initials").variants]
        if not variants and correct:
            for correction in self.english_corrections(word):
                variants += [
                    v._replace(form="fuzzy") if v.form in ("exact", "english") else v
                    for v in self.latin(correction, correct=False).variants
                ]
        return Term(word, tuple(dict.fromkeys(variants)))

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
        return self.frequent(Counter(re.findall(pattern, self.corpus)), min_count=1, share=0.1)

    def initials_words(self, word: str) -> list[str]:
        """Words whose pinyin initials spell `word` (zscq → 知识产权): lexicon words first, else frequent ones."""
        if not 2 <= len(word) <= 6:
            return []
        readings = self.index.readings
        known = [
            w
            for w in self.lexicon
            if len(w) == len(word)
            and w in self.corpus
            and all(any(r[0] == letter for r in readings.get(c, ())) for c, letter in zip(w, word, strict=True))
        ]
        if known:
            return self.frequent(Counter({w: self.corpus.count(w) for w in known}), min_count=1, share=0.3)
        chars = self.index.chars_by_initial
        if any(letter not in chars for letter in word):
            return []
        found = Counter(re.findall("".join(f"[{chars[letter]}]" for letter in word), self.corpus))
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
