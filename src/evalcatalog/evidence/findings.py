"""Which sentences state findings, and why: each pattern has a name a reader understands.

- "number with outcome": a number or percentage within a few words of an outcome or change
  word ("re-arrest ... 24.4%", "a 23 per cent reduction"), once numbers that are not findings
  are taken out: dates and years, ages, durations, sample sizes, and references to pages,
  tables, figures, sections and versions. Near a word for money ("staff costs ... 72%"), it
  is a "cost or saving".
- "statistical language": "statistically significant", "confidence interval", "p = 0.04", ...
- "cost or saving": money amounts, cost-benefit ratios, break-even, savings, "cost effective".
- "conclusion": "the evaluation found", "there was no evidence that", "the findings suggest".
- "qualitative finding": what interviewees singled out ("described as essential", "the most
  important condition"), and delivery against plan ("took longer than planned").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .sentences import Sentence

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
         r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")  # fmt: skip
NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
# Numbers that are not findings, removed before a sentence's numbers are looked at.
NOT_FINDINGS = [
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\b\.?(?:\s+\d{{4}})?",  # 7 July 2021
    rf"\b{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b",  # July 7, 2021
    rf"\b{MONTH}\.?\s+\d{{4}}\b",  # July 2021
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b",  # 07/07/2021
    r"\b(?:19|20)\d{2}(?:\s*[/\u2013-]\s*\d{2,4})?\b",  # 2021, 2019/20, 2018-2020
    r"\b(?:tables?|figures?|figs?\.|charts?|box|sections?|chapters?|appendix|annex|pages?|"
    r"p\.|pp\.|paragraphs?|paras?\.|steps?|phases?|waves?|sessions?|rounds?|versions?|"
    r"questions?|items?|no\.|nos\.|level|tier|stage|year|key stage|v)[\s-]*[A-Z]?\d+(?:\.\d+)*"
    r"(?:\s*(?:[-\u2013]|to|and)\s*\d+(?:\.\d+)*)?",  # Table 2, pp. 48-52, Section 5.2
    r"\baged?\s+(?:between\s+)?\d+(?:\s*(?:to|-|\u2013|and)\s*\d+)?",  # aged 18 to 25
    r"\b\d+(?:\s*(?:to|-|\u2013)\s*\d+)?[- ]year[- ]olds?\b",
    r"\b(?:under|over)[- ]\d+s?\b",  # under-18s
    r"\b\d+(?:\s*(?:,|to|-|\u2013|and|or)\s*\d+)*\s*(?:days?|weeks?|months?|years?|hours?|"
    r"minutes?)\b",  # 12 months, 6 and 12 months
    r"\b[nN]\s*=\s*\d[\d,]*",  # n = 893
    r"\b\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)\b",  # 10.30am
    r"\(\s*\d+\s*\)",  # (3): a list or note marker
    r"^\s*\d+(?:\.\d+)*\.?\s+(?=[A-Z])",  # a heading's own number
]
NOT_FINDING = re.compile("|".join(f"(?:{p})" for p in NOT_FINDINGS), re.IGNORECASE)
QUANTITY = re.compile(rf"(?<![\w.]){NUMBER}(?:\s*(?:%|per ?cent\b|percentage points?\b))?")
OUTCOME = re.compile(
    r"\b(?:re-?offend\w*|offend(?:ing|ed)|offences?|offenses?|crimes?|re-?arrest\w*|arrests?|"
    r"reconvict\w*|convictions?|victimi[sz]\w*|incidents?|calls? for service|harm\w*|"
    r"violen\w*|reduc\w*|increas\w*|decreas\w*|fell|fall|falls|rose|rise|rises|dropp?\w*|"
    r"declin\w*|lower|higher|fewer|more likely|less likely|outcomes?|re-?referr\w*|"
    r"exclusions?|missing episodes?|improv\w*)\b",
    re.IGNORECASE,
)
MONEY = re.compile(r"\b(?:costs?|savings?|spend\w*|budget\w*)\b", re.IGNORECASE)
TABLE_NUMBERS, TABLE_SHARE = 6, 0.2  # so many numbers, and such a share of the words: a table
MAX_CHARS = 1_000  # longer is text that never ended a sentence (a page of cells), not prose
NEAR_WORDS = 6  # a number and an outcome word at most this many words apart
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "statistical language",
        re.compile(
            r"\bstatistically (?:significant|insignificant|non-significant)\w*|"
            r"\b(?:no|not a|non-?)\s*significant\w*|\bsignificant(?:ly)? (?:difference|"
            r"reduction|increase|decrease|effect|change|lower|higher|fewer|more|less)\w*|"
            r"\bconfidence intervals?\b|\beffect sizes?\b|\bodds ratios?\b|\brelative risk\b|"
            r"\bp[- ]values?\b|\bp\s*[<=>\u2264\u2265]\s*0?\.\d+|\b\d{2}% CI\b|\bCohen's d\b",
            re.IGNORECASE,
        ),
    ),
    (
        "cost or saving",
        re.compile(
            rf"\u00a3\s?{NUMBER}(?:\s?(?:m|bn|k|million|billion))?\b|\b{NUMBER}\s?(?:pounds|GBP)\b|"
            r"\b(?:cost|benefit)[- ](?:benefit|cost) ratios?\b|\breturn on investment\b|"
            r"\bbreak[- ]even\b|\bcost[- ]effective\b|\bcost[- ]saving\w*|"
            r"\b(?:saved|savings? of)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "conclusion",
        re.compile(
            r"\b(?:the|this|our) (?:evaluation|study|analysis|review|research|report|trial|"
            r"pilot) (?:has )?(?:found|finds|showed|shows|suggest(?:s|ed)?|conclude[sd]?|"
            r"indicate[sd]?|demonstrated?)\b|\bwe (?:found|find|conclude)\b|"
            r"\bthere (?:was|is|were) (?:no|little|limited|some|strong|clear|good|mixed|weak|"
            r"insufficient|promising) evidence\b|\bno evidence (?:of|that|was)\b|"
            r"\b(?:the )?(?:findings|results|evidence|data) (?:suggest(?:s|ed)?|show(?:s|ed)?|"
            r"indicate[sd]?|demonstrated?|point(?:s|ed)? to)\b|"
            r"\bevidence\b[^.;]{0,60}\b(?:was|is|were|remains?) (?:mixed|limited|weak|strong|"
            r"inconclusive|promising)\b|\bin conclusion\b",
            re.IGNORECASE,
        ),
    ),
    (
        "qualitative finding",
        re.compile(
            r"\b(?:described|seen|regarded|identified|cited)\b[^.;]{0,60}?\bas "
            r"(?:essential|critical|crucial|vital|key|"
            r"the (?:most important|main|biggest|greatest))\b|"
            r"\bthe most important (?:condition|factor|barrier|facilitator|enabler)\b|"
            r"\btook longer than (?:planned|expected|anticipated)\b|"
            r"\b(?:main|key|biggest) (?:barriers?|facilitators?|enablers?) (?:was|were|included)\b",
            re.IGNORECASE,
        ),
    ),
]


@dataclass(frozen=True)
class Finding:
    """A sentence that states a finding, with every pattern it matched and what matched."""

    sentence: Sentence
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def finding_reasons(text: str) -> list[str]:
    """Why `text` states a finding ("conclusion: 'the evaluation found'"), or nothing."""
    reasons = [
        f"{name}: '{found.group().strip()}'"
        for name, pattern in PATTERNS
        if (found := pattern.search(text))
    ]
    cleaned = NOT_FINDING.sub(lambda m: " " * len(m.group()), text)
    outcome = number_near(cleaned, OUTCOME)
    money = number_near(cleaned, MONEY)
    if money and not any(reason.startswith("cost or saving") for reason in reasons):
        reasons.append(f"cost or saving: {money}")
    return [f"number with outcome: {outcome}", *reasons] if outcome else reasons


def number_near(cleaned: str, words_wanted: re.Pattern[str]) -> str | None:
    """ "'24.4%' near 'rate'" when a number stands within NEAR_WORDS words of a word
    `words_wanted` matches (an outcome, or money) in `cleaned`, a sentence whose numbers that
    are not findings (dates, ages, durations, references) are blanked out."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", cleaned)]
    wanted = [(m.start(), m.group()) for m in words_wanted.finditer(cleaned)]
    for quantity in QUANTITY.finditer(cleaned):
        at = word_index(words, quantity.start())
        for start, word in wanted:
            if abs(word_index(words, start) - at) <= NEAR_WORDS:
                return f"'{quantity.group()}' near '{word}'"
    return None


def word_index(words: list[tuple[int, int]], offset: int) -> int:
    """Which word (by position) holds the character at `offset`."""
    return bisect.bisect_right(words, (offset, len(words) + offset + 1)) - 1


def is_finding_candidate(sentence: Sentence) -> bool:
    """Headings and table cells are not findings; nor are sentences too short to state one,
    nor table rows run together (many numbers, few words)."""
    tokens = sentence.text.split()
    numbers = sum(any(char.isdigit() for char in token) for token in tokens)
    table_like = numbers >= TABLE_NUMBERS and numbers > TABLE_SHARE * len(tokens)
    prose = len(tokens) >= 5 and len(sentence.text) <= MAX_CHARS
    return sentence.kind != "fragment" and prose and not table_like


def findings(sentences: list[Sentence]) -> list[Finding]:
    """The sentences that state findings, in order, each with its reasons."""
    found = []
    for sentence in sentences:
        if is_finding_candidate(sentence):
            reasons = finding_reasons(sentence.text)
            if reasons:
                found.append(Finding(sentence, tuple(reasons)))
    return found
