"""The benchmark corpus's vocabulary: real words ranked by hand, then a long generated tail.

Ranks matter because the corpus draws words from a Zipf distribution over them: the first few
words land on every page (a "common word" query), domain words sit in the first thousand ranks
(real queries: "stalking", "custody"), and the generated tail makes the FTS vocabulary as large
as a real collection's (hundreds of thousands of terms, most of them rare).
"""

from __future__ import annotations

import random


def _words(text: str) -> list[str]:
    return text.split()


# Ranks 1..: function words and the words every evaluation report uses on most pages.
TOP = _words("""
the of and to in a for was is that with on as were by this be are police from at or which
their evaluation had have it not an more these been they also than who all some other its
into there would may can each between most such both only over per within where when how what
across after before during through while however further officers support young people data
""")

COMMON = _words("""
report reports research study studies evidence findings finding analysis approach outcomes
outcome impact impacts process processes practice practices service services local national
staff partners partner agencies agency community communities public working work worked time
period year years month months week weeks number numbers group groups individual individuals
case cases level levels area areas team teams model models programme programmes project
projects scheme schemes review reviews survey surveys interview interviews participants
participant sample samples response responses rate rates change changes increase decrease
effect effects cost costs benefit benefits resource resources funding training guidance
policy policies decision decisions information access needs need issues issue problem
problems challenges challenge barriers barrier factors factor conditions context contexts
design designed delivery delivered implementation implemented operation operational
effective effectiveness efficient quality measure measures measured measurement indicator
indicators baseline comparison control treatment trial trials randomised qualitative
quantitative mixed methods method methodology limitations limitation recommendations
recommendation implications implication summary key full technical exploratory appendix
table figure chapter section page pages results result discussion conclusion conclusions
introduction background aims aim objectives objective questions question theory logic
approaches tools tool framework frameworks system systems records record recorded management
manager managers leaders leadership senior frontline health education school schools social
housing family families children child parents parent adults adult women men girls boys
victim victims offender offenders perpetrator perpetrators suspect suspects witness witnesses
crime crimes offence offences offending reoffending harm harms risk risks threat threats
safety safe secure security violence violent serious vulnerable vulnerability abuse domestic
sexual exploitation criminal justice court courts prosecution charge charged arrest arrests
arrested custody detention release released bail sentence sentences prison probation
""")

DOMAIN = _words("""
policing safeguarding stalking harassment knife knives weapon weapons gang gangs county lines
referral referrals referred divert diversion diversionary intervention interventions coach
coaches coaching mentoring mentor mentors caseworker caseworkers navigator navigators
constabulary constable constables sergeant inspector superintendent commissioner pcso pcsos
neighbourhood neighbourhoods patrol patrols hotspot hotspots deterrence deterrent focused
procedural legitimacy trust confidence victimisation repeat prolific cohort cohorts matched
propensity counterfactual attrition fidelity dosage triage screening assessment assessments
tool tools multiagency mash mappa marac idva idvas dash sara sam caada coercive controlling
behaviour behaviours order orders protection injunction notice notices breach breaches
trauma informed adverse childhood experiences aces resilience wellbeing mental substance
misuse alcohol drugs addiction homelessness exclusion excluded truancy attainment teachers
youth offending yot yots custody suite suites detainee detainees cells charging caution
cautions conditional outcome outcomes restorative desistance rehabilitation reintegration
enforcement investigation investigations investigative detective detectives forensic
intelligence analyst analysts dashboard dashboards cpd college vulnerability violent
divan cirv taw taws tfei fsp fsps hampshire northamptonshire metropolitan avon somerset
essex kent sussex thames valley merseyside lancashire cumbria durham cleveland gwent dyfed
powys wales england london manchester birmingham leeds bristol cardiff liverpool norfolk
suffolk devon cornwall dorset wiltshire gloucestershire warwickshire staffordshire
derbyshire nottinghamshire leicestershire lincolnshire humberside yorkshire northumbria
""")

# Drawn as one token, so phrase queries ("knife crime") have real hits.
PHRASES = [
    "knife crime", "custody suite", "risk assessment", "domestic abuse", "serious violence",
    "trusted adult", "early intervention", "county lines", "stalking protection order",
    "adverse childhood experiences", "police and crime commissioner", "youth offending team",
    "violence reduction unit", "key findings", "implications for practice", "theory of change",
    "school visits", "safeguarding partnership", "missing children", "child criminal exploitation",
]  # fmt: skip

ONSETS = _words(
    "b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p ph pl pr qu r s sc sh sk sl sm sn sp "
    "st str sw t th tr v w wh y z"
)
NUCLEI = _words("a e i o u ai ea ee ie oa oo ou au ei ay")
CODAS = ["", "", "", "n", "r", "s", "t", "l", "m", "nd", "nt", "st", "rk", "ck", "ng", "th"]
SUFFIXES = ["", "", "", "", "ed", "ing", "er", "ers", "ly", "tion", "ment", "ness", "ity", "s"]
ACCENTED = str.maketrans({"e": "é", "o": "ö", "a": "à", "u": "ü"})


def real_words() -> list[str]:
    """The hand-ranked words, without repeats, in rank order."""
    seen: set[str] = set()
    ordered: list[str] = []
    for word in TOP + COMMON + DOMAIN:
        if word not in seen:
            seen.add(word)
            ordered.append(word)
    return ordered


def pseudo_word(rng: random.Random) -> str:
    syllables = rng.choice((1, 2, 2, 2, 2, 3))
    parts = [rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS) for _ in range(syllables)]
    word = "".join(parts) + rng.choice(SUFFIXES)
    if rng.random() < 0.01:  # a few accented words, to exercise remove_diacritics
        word = word.translate(ACCENTED)
    return word


def build_vocabulary(seed: int, size: int) -> list[str]:
    """`size` distinct words in rank order: real TOP words first, real COMMON and DOMAIN words
    shuffled into the first thousand ranks, phrases among them, then the generated tail."""
    rng = random.Random(f"vocab-{seed}")
    real = real_words()
    top, rest = real[: len(TOP)], real[len(TOP) :] + PHRASES
    rng.shuffle(rest)
    words = top + rest
    seen = set(words)
    while len(words) < size:
        word = pseudo_word(rng)
        if 3 <= len(word) <= 14 and word not in seen:
            seen.add(word)
            words.append(word)
    return words[:size]
