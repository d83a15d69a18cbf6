#!/usr/bin/env python3
"""Generate synthetic stand-in PDFs for the College of Policing VVCP evaluation reports.

The College of Policing page "Vulnerability and violent crime - join our online seminars"
(6 July 2021) lists nine evaluations (19 PDFs) discussed at four online seminars. The real
PDFs cannot be downloaded here, so this script draws realistic stand-ins with reportlab and
post-processes their document metadata with pypdf.

Every run is deterministic: reportlab runs with ``invariant=1``, all randomness comes from
``random.Random`` instances seeded with fixed strings, all dates are fixed and the PDF file
identifiers are derived from the file names. Re-running the script therefore rewrites
byte-identical files.

Usage::

    .venv/bin/python scripts/make_reports.py            # writes reports/*.pdf + README.md
    .venv/bin/python scripts/make_reports.py --out /tmp/x --only divert-key-findings.pdf
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import re
import sys
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, NameObject
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "reports"

NDASH = "\u2013"
REG = "\u00ae"
POUND = "\u00a3"
WORD365 = f"Microsoft{REG} Word for Microsoft 365"
DISCLAIMER = (
    "Synthetic stand-in: this text was generated for software testing and is not the "
    "published College of Policing report."
)
ORG = "College of Policing"
PROGRAMME = "Vulnerability and violent crime programme"

THEMES: dict[int, tuple[str, str]] = {
    1: (f"Serious violence {NDASH} diversion interventions", "7 July 2021"),
    2: ("Early intervention for vulnerable children", "13 July 2021"),
    3: ("Risk assessment and management", "21 July 2021"),
    4: (f"Knife crime {NDASH} early intervention", "28 July 2021"),
}
ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth"}

FIVE_QUESTIONS = [
    "how the intervention was designed and implemented",
    "what conditions are needed to enable the intervention to operate effectively",
    "the cost effectiveness of the intervention",
    "the overall impact on crime and other relevant outcomes",
    "whether the intervention could be applied to other areas or other crime types",
]
Q_HEADINGS = {
    "design": "Design and implementation",
    "conditions": "Conditions needed to operate effectively",
    "cost": "Cost effectiveness",
    "impact": "Impact on crime and other outcomes",
    "transfer": "Transferability to other areas and crime types",
}

# --------------------------------------------------------------------------------------
# Vocabulary and sentence templates
# --------------------------------------------------------------------------------------

COMMON_VOCAB: dict[str, list[str]] = {
    "method": [
        "semi-structured interviews with practitioners",
        "focus groups with frontline officers",
        "an online survey of staff",
        "analysis of police recorded crime data",
        "propensity score matching (PSM)",
        "a review of case files",
        "observations of team meetings",
        "interviews with service users",
        "analysis of management information",
    ],
    "stakeholder": [
        "senior leaders",
        "frontline practitioners",
        "partner agencies",
        "analysts",
        "supervisors",
        "commissioners",
        "team leaders",
    ],
    "strength": [
        "strong leadership",
        "a clear referral pathway",
        "dedicated and ring-fenced funding",
        "good relationships with partner agencies",
        "regular supervision and reflective practice",
        "timely access to police data",
        "a shared understanding of the aims",
        "manageable caseloads",
        "continuity of staff",
    ],
    "barrier": [
        "staff turnover",
        "short-term funding",
        "difficulties in sharing data between agencies",
        "high caseloads",
        "limited awareness among frontline officers",
        "delays in receiving referrals",
        "competing operational demands",
        "the COVID-19 pandemic",
    ],
    "cost_item": [
        "training",
        "management and supervision",
        "IT and data systems",
        "travel",
        "accommodation and overheads",
        "analytical support",
    ],
    "soft_outcome": [
        "engagement with services",
        "confidence and wellbeing",
        "relationships with the police",
        "trust in the police",
        "access to support",
        "attitudes towards offending",
    ],
    "effect": [
        "a small but statistically significant reduction",
        "no statistically significant difference",
        "a non-significant reduction",
        "a reduction of {pp} percentage points",
    ],
    "other_crime": [
        "acquisitive crime",
        "anti-social behaviour",
        "exploitation",
        "drug-related offending",
        "robbery",
    ],
    "months": ["12", "18", "24"],
    "fu": ["6", "12", "12", "18"],
    "weeks": ["two", "four", "six"],
}

GENERIC: dict[str, list[str]] = {
    "intro": [
        "This report presents the findings of an evaluation of {prog}, delivered by {force}.",
        "Local practitioners identified {harm} as a priority and developed {prog} in response.",
        "Interest in early intervention has grown as forces look for ways to prevent {harm} "
        "rather than respond to it after the event.",
        "Before {prog} was introduced, {staff} had limited means of responding to {client} "
        "whose needs fell outside formal processes.",
        "The evaluation was designed to provide practical learning for forces considering a "
        "similar approach.",
        "The report is intended for practitioners, supervisors and senior leaders with an "
        "interest in {harm}.",
        "{prog} was initially funded for {months} months.",
        "Findings are presented against the five questions that the evaluation explored.",
        "National and local data suggest that {harm} remains concentrated among a small number "
        "of people and places.",
        "The approach reflects a wider shift in policing towards prevention, early "
        "intervention and partnership working.",
    ],
    "method": [
        "The evaluation used a mixed-methods design combining {method} with {method}.",
        "In total, {nint} interviews were completed with {stakeholder} and {stakeholder}.",
        "Focus groups were held with {staff} in each area where {prog} operated.",
        "A comparison group was constructed using propensity score matching on age, gender, "
        "prior offending and area.",
        "Outcome data were extracted from police recorded crime and intelligence systems for a "
        "follow-up period of {fu} months.",
        "Interview transcripts were coded thematically using a framework based on the five "
        "evaluation questions.",
        "Costs were estimated using a bottom-up approach, drawing on staff time records and "
        "budget information supplied by {force}.",
        "The quality of the matching was assessed using standardised mean differences, all of "
        "which were below 0.1 after matching.",
        "All interviewees gave informed consent and were assured that their responses would "
        "be anonymised.",
        "Where numbers were small, results should be treated with caution.",
        "Management information was used to describe the cohort and to track the flow of "
        "cases through {prog}.",
        "A logic model was developed with {stakeholder} to set out how {prog} was expected to "
        "achieve its outcomes.",
        "Survey responses were received from {big2} officers and staff, a response rate of {pct}.",
        "The evaluation had several limitations, including incomplete recording by {staff} "
        "and a relatively short follow-up period.",
    ],
    "design": [
        "{prog} was delivered by {staff} in {setting}.",
        "Referrals were received from {partner} as well as from within {force}.",
        "Eligibility criteria were agreed at the outset but were interpreted flexibly by {staff}.",
        "The core offer included {activity} and {activity}.",
        "{staff} described their role as a mix of practical help and relationship building.",
        "Caseloads varied over the course of the evaluation, peaking at around {ncase} open "
        "cases per worker.",
        "Implementation took longer than planned, largely because of {barrier}.",
        "A steering group chaired by a chief inspector oversaw delivery and met every {weeks} "
        "weeks.",
        "Training for {staff} covered trauma-informed practice, safeguarding and information "
        "sharing.",
        "Most of the work took place in {setting}, although some contact was made by telephone.",
        "Practitioners reported that the most valued part of the offer was {activity}.",
        "The delivery model changed during the pilot in response to feedback from {staff}.",
        "Records of contact were held on a bespoke spreadsheet, which made it difficult to "
        "track {client} over time.",
        "Data recorded by {staff} showed that {pct} of {client} had at least one previous "
        "contact with the police.",
        "{client} were typically in contact with {prog} for between {n} and {n2} weeks.",
    ],
    "conditions": [
        "Interviewees identified {strength} as the most important condition for effective "
        "delivery.",
        "{strength} and {strength} were repeatedly described as essential.",
        "Where {barrier} occurred, delivery slowed and some {client} waited longer for support.",
        "Buy-in from frontline officers was uneven, and awareness of {prog} was lower in some "
        "areas than in others.",
        "Practitioners stressed the value of co-location with {partner}.",
        "Information sharing agreements with {partner} took several months to put in place.",
        "The personal qualities of {staff}, including persistence and empathy, were seen as "
        "critical.",
        "Senior sponsorship within {force} helped to protect {prog} from competing demands.",
        "Several interviewees said that {prog} relied on the goodwill of a small number of "
        "committed individuals.",
        "Clear and proportionate processes for escalating safeguarding concerns were needed.",
        "Short-term funding created uncertainty for {staff} and made recruitment more difficult.",
        "Regular feedback to referrers helped to maintain the flow of referrals.",
    ],
    "cost": [
        "The total cost of delivering {prog} over the evaluation period was estimated at {money}.",
        "Staff costs accounted for {staff_share} of the total, with the remainder made up of "
        "{cost_item} and {cost_item}.",
        "The estimated cost per participant was {money_small}.",
        "A full cost-benefit analysis was not possible because of the limited impact data.",
        "A break-even analysis suggested that {prog} would need to prevent around {n} violent "
        "offences a year to cover its costs.",
        "Estimates of the unit costs of crime were taken from the Home Office economic and "
        "social costs of crime (Heeks and others, 2018).",
        "Costs were calculated from the perspective of {force} and did not include the costs "
        "incurred by {partner}.",
        "Much of the cost was absorbed within existing budgets, meaning that the true cost may "
        "be underestimated.",
        "Sensitivity analysis showed that the cost per participant was most affected by "
        "assumptions about {cost_item}.",
        "Opportunity costs, such as officer time, were included where they could be estimated.",
        "The findings suggest that {prog} could be cost effective if even a small reduction "
        "in {outcome} were achieved.",
    ],
    "impact": [
        "Compared with the matched comparison group, participants showed {effect} in "
        "{outcome} over {fu} months.",
        "For the primary outcome ({outcome_measure}), the rate was {rate_int} in the "
        "intervention group and {rate_cmp} in the matched comparison group.",
        "The difference was not statistically significant (p = {pval}).",
        "Because of the small sample, the impact analysis was underpowered to detect modest "
        "effects.",
        "Qualitative evidence suggested that {prog} improved {soft_outcome} for some {client}.",
        "Practitioners gave examples of {client} who had stopped offending after contact with "
        "{prog}.",
        "Outcomes were measured using the Cambridge Crime Harm Index as well as simple counts "
        "of offences.",
        "Results were robust to alternative specifications of the matching model.",
        "There was some evidence that effects were stronger for those who engaged for longer.",
        "Findings on {outcome} should be interpreted cautiously given the limitations of the data.",
        "No evidence of harm or displacement was found.",
    ],
    "transfer": [
        "Interviewees felt that {prog} could be adapted for other areas, provided that local "
        "partners were involved in its design.",
        "The approach may be applicable to other crime types, such as {other_crime}.",
        "Forces considering a similar approach should first map existing services to avoid "
        "duplication.",
        "Transferability is likely to depend on the availability of {partner} in the "
        "receiving area.",
        "Rural forces may face additional challenges because of travel times and dispersed "
        "populations.",
        "A phased roll-out, with evaluation built in from the start, was recommended by "
        "{stakeholder}.",
        "The model relies on staff with particular skills, which may be hard to reproduce at "
        "scale.",
        "Further testing in a larger number of areas would help to establish whether the "
        "results hold elsewhere.",
        "Elements of {prog}, such as {activity}, could be adopted on their own.",
    ],
    "conclusion": [
        "Overall, the evaluation found that {prog} was implemented largely as intended.",
        "{prog} was valued by {staff} and by many of the {client} who took part.",
        "Evidence of impact on {outcome} was mixed.",
        "The findings highlight the importance of {strength}.",
        "Forces should build robust data collection into similar initiatives from the outset.",
        "Further research with a larger sample and a longer follow-up period is needed.",
        "The learning from {prog} is relevant to any force seeking to reduce {harm}.",
    ],
}
GENERIC["execsum"] = GENERIC["intro"][:4] + GENERIC["conclusion"]
GENERIC["explore"] = GENERIC["method"][:2] + GENERIC["conclusion"][3:6]

CONNECTORS = [
    "However, ",
    "In addition, ",
    "As a result, ",
    "For example, ",
    "Overall, ",
    "In practice, ",
    "At the same time, ",
]
LOWERABLE = {
    "The",
    "This",
    "These",
    "A",
    "An",
    "In",
    "Many",
    "Some",
    "Most",
    "Several",
    "Practitioners",
    "Interviewees",
    "Staff",
    "Officers",
    "There",
    "It",
    "Where",
    "Because",
    "Compared",
    "Costs",
    "Training",
    "Referrals",
    "Families",
    "Children",
    "Parents",
    "Outcome",
    "Outcomes",
    "Results",
    "Findings",
    "Coaches",
    "Eligibility",
}


@dataclass
class Intervention:
    slug: str
    short: str
    name: str
    forces: list[str]
    force_line: str
    theme: int
    vocab: dict[str, list[str]]
    topical: dict[str, list[str]]
    facts: dict[str, list[str]]
    flow: tuple[str, list[str], int]  # (caption noun, column headers, monthly volume)
    categories: tuple[str, str, list[str]]  # (caption, header, category labels)
    areas: tuple[str, list[str]]  # (area header, area labels)
    outcome_label: str
    references: list[str]
    in_text: str = ""  # how running text names the intervention ("the ... (CIRV)")
    subtitles: dict[str, str] = field(default_factory=dict)
    keywords: str = ""
    subject: str = ""

    def __post_init__(self) -> None:
        self.in_text = self.in_text or self.name


MONTHS = [
    "Apr 19",
    "May 19",
    "Jun 19",
    "Jul 19",
    "Aug 19",
    "Sep 19",
    "Oct 19",
    "Nov 19",
    "Dec 19",
    "Jan 20",
    "Feb 20",
    "Mar 20",
]

REF_COMMON = [
    "Braun V and Clarke V (2006) 'Using thematic analysis in psychology'. Qualitative Research "
    "in Psychology, 3(2), pp 77" + NDASH + "101.",
    "Heeks M, Reed S, Tafsiri M and Prince S (2018) The economic and social costs of crime. "
    "Second edition. Research report 99. London: Home Office.",
    "HM Treasury (2020) The Green Book: Central government guidance on appraisal and "
    "evaluation. London: HM Treasury.",
    "Home Office (2018) Serious Violence Strategy. London: Home Office.",
    "Rosenbaum PR and Rubin DB (1983) 'The central role of the propensity score in "
    "observational studies for causal effects'. Biometrika, 70(1), pp 41" + NDASH + "55.",
    "Sherman L, Neyroud PW and Neyroud E (2016) 'The Cambridge Crime Harm Index: Measuring "
    "total harm from crime based on sentencing guidelines'. Policing, 10(3), pp 171"
    + NDASH
    + "183.",
]

SEED_MET = "the Metropolitan Police Service (MPS)"

INTERVENTIONS: dict[str, Intervention] = {}


def _add(iv: Intervention) -> None:
    INTERVENTIONS[iv.slug] = iv


_add(
    Intervention(
        slug="divert",
        short="DIVERT",
        name="DIVERT",
        forces=["Metropolitan Police Service"],
        force_line="Metropolitan Police Service",
        theme=1,
        vocab={
            "prog": [
                "DIVERT",
                "DIVERT",
                "the DIVERT programme",
                "the DIVERT service",
                "the programme",
            ],
            "force": ["the MPS", "the Met", "the Metropolitan Police Service", "the MPS"],
            "staff": [
                "custody intervention coaches",
                "DIVERT coaches",
                "coaches",
                "the DIVERT coaches",
            ],
            "staff_one": ["a custody intervention coach", "a DIVERT coach", "the coach"],
            "client": [
                "young people aged 18 to 25",
                "young adults",
                "detainees",
                "DIVERT participants",
                "young people",
            ],
            "setting": [
                "custody suites",
                "the custody suite",
                "police custody",
                "custody suites across London",
            ],
            "activity": [
                "a conversation in the custody cell",
                "a needs assessment",
                "follow-up contact after release",
                "referral to employment and training",
                "help with housing applications",
                "motivational coaching",
            ],
            "need": [
                "unemployment",
                "unstable housing",
                "mental health needs",
                "substance misuse",
                "debt",
                "a lack of qualifications",
            ],
            "partner": [
                "employment and training providers",
                "local authority youth services",
                "housing providers",
                "mentoring charities",
                "Jobcentre Plus",
            ],
            "outcome": [
                "reoffending",
                "re-arrest",
                "violent reoffending",
                "engagement with employment or training",
            ],
            "harm": ["serious violence", "violent offending", "repeat offending"],
        },
        topical={
            "any": [
                "Coaches approached {client} while they were in custody and explained what DIVERT "
                "could offer.",
                "The moment of arrest was described by coaches as a 'teachable moment' in which "
                "{client} might be more open to change.",
                "Custody sergeants and detention officers were asked to tell DIVERT coaches about "
                "eligible detainees as they were booked in.",
                "Once released, DIVERT participants were contacted by {staff_one} within {n} days "
                "to agree a support plan.",
                "Several DIVERT coaches had lived experience of the criminal justice system, which "
                "participants said helped to build trust.",
                "Interviewees felt that the custody suite was a busy environment and that coaches "
                "sometimes struggled to find a private space.",
                "The main challenges reported by {client} were {need} and {need}.",
                "DIVERT coaches worked shifts that covered the busiest periods in {setting}.",
                "Custody staff generally welcomed DIVERT, although some were unclear about the "
                "eligibility criteria.",
                "A DIVERT coach described the first conversation in custody as 'planting a seed'.",
                "Coaches recorded each approach on the DIVERT case management system, including "
                "whether the detainee agreed to engage.",
                "The DIVERT offer was voluntary and did not form part of any charging decision.",
                "Engagement with DIVERT was highest among young people who were arrested for the "
                "first time.",
                "Coaches valued the support of custody inspectors, who gave them access to "
                "detainees at appropriate times.",
                "Many DIVERT participants were referred on to {partner} for support with {need}.",
            ],
            "impact": [
                "The DIVERT cohort was matched to young adults who passed through MPS custody "
                "suites where DIVERT was not operating.",
                "Re-arrest within 12 months of the index custody episode was the primary outcome "
                "for DIVERT.",
            ],
            "cost": [
                "The main cost of DIVERT was the salaries of custody intervention coaches.",
            ],
        },
        facts={
            "about": [
                "DIVERT was delivered in custody suites across the Metropolitan Police Service "
                "(MPS).",
                "Custody intervention coaches met with young people in custody to understand their "
                "main challenges and offered support and access to services.",
                "The aim of DIVERT was to reduce reoffending among young adults by using the "
                "period in custody as an opportunity to engage them with education, training and "
                "employment.",
            ],
            "design": [
                "In the Met, DIVERT coaches were based in custody suites and worked alongside "
                "custody sergeants and detention officers.",
            ],
            "summary": [
                "DIVERT was delivered in custody suites across the Metropolitan Police. Custody "
                "intervention coaches met with young people to understand their main challenges "
                "and offered support and access to services.",
            ],
        },
        flow=(
            "DIVERT participants",
            ["Detainees approached", "Agreed to engage", "Referred to services"],
            160,
        ),
        categories=(
            "Main challenges reported by DIVERT participants",
            "Main challenge",
            [
                "Employment",
                "Education and training",
                "Housing",
                "Mental health",
                "Substance misuse",
                "Finance and debt",
                "Family relationships",
            ],
        ),
        areas=(
            "Custody suite",
            [
                "Custody suite A",
                "Custody suite B",
                "Custody suite C",
                "Custody suite D",
                "Custody suite E",
            ],
        ),
        outcome_label="Re-arrested within 12 months",
        references=[
            "Home Office (2011) Ending Gang and Youth Violence: A cross-government report. "
            "London: Home Office.",
            "McAra L and McVie S (2007) 'Youth justice? The impact of system contact on patterns "
            "of desistance from offending'. European Journal of Criminology, 4(3), pp 315"
            + NDASH
            + "345.",
        ],
        subtitles={"design.3": "The role of custody intervention coaches"},
        keywords="DIVERT; custody; diversion; young adults; serious violence; evaluation",
        subject="Evaluation of DIVERT, a custody-based intervention for young adults delivered by "
        "the Metropolitan Police Service",
    )
)

_add(
    Intervention(
        slug="cirv",
        short="CIRV",
        name="Community initiative to reduce violence (CIRV)",
        in_text="the community initiative to reduce violence (CIRV)",
        forces=["Northamptonshire Police"],
        force_line="Northamptonshire Police",
        theme=1,
        vocab={
            "prog": ["CIRV", "CIRV", "the CIRV programme", "the CIRV model", "the initiative"],
            "force": ["Northamptonshire Police", "the force", "Northamptonshire Police"],
            "staff": ["CIRV navigators", "caseworkers", "CIRV caseworkers", "outreach workers"],
            "staff_one": ["a CIRV navigator", "the caseworker", "a CIRV caseworker"],
            "client": [
                "young people involved in gangs",
                "people at risk of gang involvement",
                "referred individuals",
                "young people aged 12 to 25",
                "CIRV clients",
            ],
            "setting": ["the community", "Northampton", "Corby", "Kettering", "Wellingborough"],
            "activity": [
                "one-to-one mentoring",
                "a needs assessment",
                "a call-in session",
                "support into education, training or employment",
                "family support",
                "help with relocation",
            ],
            "need": [
                "gang affiliation",
                "exploitation",
                "school exclusion",
                "unemployment",
                "substance misuse",
                "exposure to violence",
            ],
            "partner": [
                "youth offending services",
                "children's social care",
                "schools",
                "the probation service",
                "voluntary sector organisations",
                "housing providers",
            ],
            "outcome": [
                "violent offending",
                "gang-related offending",
                "reoffending",
                "weapon-related offending",
            ],
            "harm": ["gang violence", "serious violence", "gang-related violence"],
        },
        topical={
            "any": [
                "Referrals to CIRV came from a range of sources, including officers, schools, "
                "youth offending services and self-referral.",
                "Each referral was assessed by the CIRV team on the basis of individual needs.",
                "The CIRV model combined enforcement messages with an offer of support.",
                "CIRV caseworkers built relationships with {client} over several months.",
                "Partners described CIRV as a single front door for people at risk of gang "
                "involvement.",
                "The multi-agency CIRV panel met weekly to review new referrals and allocate "
                "support.",
                "Most CIRV clients were male and had previous contact with Northamptonshire "
                "Police.",
                "Gang mapping by force analysts helped the CIRV team to prioritise referrals.",
                "CIRV staff were co-located with partners in Northampton, which supported "
                "information sharing.",
                "Interviewees felt that CIRV gave officers a practical option when they had "
                "concerns about {need}.",
                "The CIRV offer was tailored to each individual and could include {activity}.",
            ],
            "design": [
                "Call-in sessions were used to deliver a clear message about the consequences of "
                "violence and to divert those attending towards support.",
            ],
            "conditions": [
                "CIRV navigators worked to divert individuals from violence by offering a "
                "credible alternative to gang life.",
            ],
            "impact": [
                "The CIRV cohort was compared with a matched group of people identified through "
                "gang intelligence before CIRV was introduced.",
            ],
            "transfer": [
                "Practitioners felt that the earlier the team could divert young people away from "
                "gangs, the better the outcomes were likely to be.",
            ],
        },
        facts={
            "about": [
                "The community initiative to reduce violence (CIRV) was delivered by "
                "Northamptonshire Police.",
                "Referrals from a range of sources were assessed on the basis of individual needs "
                "and allocated appropriate support, in order to divert people at risk of gang "
                "involvement into a range of local services.",
                "The aim of CIRV was to divert young people away from gangs and serious violence.",
                "CIRV was modelled on the Community Initiative to Reduce Violence in Glasgow "
                "(Williams and others, 2014).",
            ],
            "design": [
                "CIRV sought to divert young people away from gangs at the earliest opportunity.",
            ],
            "summary": [
                "CIRV was delivered by Northamptonshire Police. Referrals from a range of sources "
                "were assessed based on individual needs, and allocated appropriate support to "
                "divert people at risk of gang involvement into a range of local services.",
            ],
        },
        flow=("CIRV referrals", ["Referrals received", "Assessed", "Allocated support"], 38),
        categories=(
            "Source of referrals to CIRV",
            "Referral source",
            [
                "Police officers",
                "Youth offending service",
                "Schools",
                "Children's social care",
                "Probation",
                "Self-referral",
                "Other",
            ],
        ),
        areas=(
            "Area",
            ["Northampton", "Corby", "Kettering", "Wellingborough", "Daventry and South Northants"],
        ),
        outcome_label="Violent reoffending within 12 months",
        references=[
            "Kennedy DM (2011) Don't Shoot: One Man, A Street Fellowship, and the End of Violence "
            "in Inner-City America. New York: Bloomsbury.",
            "Williams DJ, Currie D, Linden W and Donnelly PD (2014) 'Addressing gang-related "
            "violence in Glasgow: A preliminary pragmatic quasi-experimental evaluation of the "
            "Community Initiative to Reduce Violence (CIRV)'. Aggression and Violent Behavior, "
            "19(6), pp 686" + NDASH + "691.",
        ],
        subtitles={"design.2": "Referral and assessment"},
        keywords="CIRV; gangs; serious violence; diversion; Northamptonshire",
        subject=(
            "Evaluation of the community initiative to reduce violence (CIRV), "
            "Northamptonshire Police"
        ),
    )
)

_add(
    Intervention(
        slug="taws",
        short="TAWs",
        name="Trusted adult workers (TAWs)",
        in_text="trusted adult workers (TAWs)",
        forces=[
            "Hampshire Constabulary",
            "Office of the Police and Crime Commissioner",
            "local authorities",
        ],
        force_line="Hampshire Constabulary, the Office of the Police and Crime Commissioner and "
        "local authorities",
        theme=2,
        vocab={
            "prog": ["the TAW service", "the TAW model", "the TAW programme", "the TAW service"],
            "force": ["Hampshire Constabulary", "the Constabulary", "the force"],
            "staff": ["TAWs", "trusted adult workers", "TAWs", "the TAWs"],
            "staff_one": ["each TAW", "a TAW", "the TAW", "one TAW"],
            "client": [
                "children and families",
                "children experiencing adverse childhood experiences",
                "children",
                "families",
                "young people",
            ],
            "setting": ["schools", "the family home", "community settings", "Hampshire"],
            "activity": [
                "regular one-to-one sessions",
                "help with school attendance",
                "support for parents",
                "building a trusted relationship",
                "signposting to specialist services",
            ],
            "need": [
                "parental substance misuse",
                "domestic abuse in the household",
                "parental mental ill health",
                "school exclusion",
                "exposure to violence",
                "parental separation",
            ],
            "partner": [
                "the Office of the Police and Crime Commissioner (OPCC)",
                "local authorities",
                "schools",
                "early help hubs",
                "children's services",
            ],
            "outcome": [
                "police contact",
                "missing episodes",
                "school exclusion",
                "offending by children",
            ],
            "harm": [
                "the impact of adverse childhood experiences (ACEs)",
                "child vulnerability",
                "future offending",
            ],
        },
        topical={
            "any": [
                "Each TAW held a small caseload so that they could build a trusted relationship "
                "with every child.",
                "TAWs were trained in trauma-informed practice and in recognising adverse "
                "childhood experiences (ACEs).",
                "A TAW typically saw a child once a week, either at school or at home.",
                "TAWs were specifically funded posts and were not drawn from existing police "
                "roles.",
                "Children told the evaluation team that their TAW listened to them and did not "
                "judge them.",
                "Referrals to TAWs were made by officers attending incidents where children were "
                "present, as well as by schools and early help hubs.",
                "The most common ACEs recorded by TAWs were {need} and {need}.",
                "Parents valued the practical help that TAWs provided, such as {activity}.",
                "Each TAW was supervised by a senior practitioner who reviewed cases every {weeks} "
                "weeks.",
                "TAWs worked with the whole family where this was appropriate.",
                "The OPCC, Hampshire Constabulary and local authorities jointly oversaw the TAW "
                "service.",
                "Some TAWs reported that closing cases was difficult because children had come to "
                "rely on them.",
                "The trusted relationship between a child and their TAW was seen as the key "
                "mechanism of change.",
            ],
            "impact": [
                "Children supported by TAWs were compared with children referred to early help "
                "services in areas without TAWs.",
            ],
        },
        facts={
            "about": [
                "Trusted adult workers (TAWs) were introduced in Hampshire as part of a "
                "collaboration between the Office of the Police and Crime Commissioner, Hampshire "
                "Constabulary and local authorities.",
                "Trained and specifically funded TAWs provided support for children and families "
                "experiencing adverse childhood experiences.",
            ],
            "design": [
                "Each TAW was employed to provide consistent, trusted adult support to a child "
                "over an extended period.",
            ],
            "summary": [
                "TAWs were introduced in Hampshire as part of a collaboration between the Office "
                "of the Police and Crime Commissioner, Hampshire Constabulary and local "
                "authorities. Trained and specifically funded TAWs provide support for children "
                "and families experiencing adverse childhood experiences.",
            ],
        },
        flow=("children referred to TAWs", ["New referrals", "Accepted", "Active cases"], 26),
        categories=(
            "Adverse childhood experiences recorded by TAWs",
            "ACE type",
            [
                "Domestic abuse",
                "Parental mental ill health",
                "Parental substance misuse",
                "Parental separation",
                "Parental imprisonment",
                "Physical or emotional abuse",
                "Neglect",
            ],
        ),
        areas=("Local authority area", ["Area 1", "Area 2", "Area 3", "Area 4"]),
        outcome_label="Police contact within 12 months",
        references=[
            "Bellis MA, Ashton K, Hughes K, Ford K, Bishop J and Paranjothy S (2015) Adverse "
            "Childhood Experiences and their impact on health-harming behaviours in the Welsh "
            "adult population. Cardiff: Public Health Wales.",
            "Felitti VJ and others (1998) 'Relationship of childhood abuse and household "
            "dysfunction to many of the leading causes of death in adults: The Adverse Childhood "
            "Experiences (ACE) Study'. American Journal of Preventive Medicine, 14(4), pp 245"
            + NDASH
            + "258.",
        ],
        subtitles={"design.3": "The role of each TAW"},
        keywords="TAWs; trusted adult workers; adverse childhood experiences; ACEs; early "
        "intervention; Hampshire",
        subject="Evaluation of trusted adult workers (TAWs) in Hampshire",
    )
)

_add(
    Intervention(
        slug="tfei",
        short="TFEI",
        name="Think family early intervention (TFEI)",
        in_text="think family early intervention (TFEI)",
        forces=["Avon and Somerset Police"],
        force_line="Avon and Somerset Police",
        theme=2,
        vocab={
            "prog": [
                "TFEI",
                "TFEI",
                "the TFEI approach",
                "think family early intervention",
                "the approach",
            ],
            "force": ["Avon and Somerset Police", "the force"],
            "staff": [
                "police community support officers (PCSOs)",
                "PCSOs",
                "PCs",
                "neighbourhood officers",
                "PCSOs and PCs",
                "TFEI officers",
            ],
            "staff_one": ["a PCSO", "the visiting officer", "a neighbourhood PC", "a TFEI officer"],
            "client": [
                "families",
                "families below the local authority threshold",
                "parents and children",
                "households",
                "TFEI families",
            ],
            "setting": [
                "the family home",
                "neighbourhoods",
                "Bristol",
                "Somerset",
                "South Gloucestershire",
                "North Somerset",
            ],
            "activity": [
                "home visits",
                "a family needs assessment",
                "signposting to local services",
                "follow-up visits",
                "joint visits with early help workers",
            ],
            "need": [
                "anti-social behaviour",
                "missing episodes",
                "parenting difficulties",
                "neighbour disputes",
                "school non-attendance",
                "low-level offending by children",
            ],
            "partner": [
                "the local authority",
                "early help services",
                "schools",
                "health visitors",
                "housing associations",
            ],
            "outcome": [
                "calls for service",
                "police demand",
                "offending by children",
                "repeat incidents",
            ],
            "harm": [
                "repeat demand from vulnerable families",
                "child vulnerability",
                "anti-social behaviour",
            ],
        },
        topical={
            "any": [
                "TFEI officers visited families who fell below the threshold for help from the "
                "local authority but still had policing or crime related issues.",
                "PCSOs and PCs were trained in the TFEI approach before they began visiting "
                "families.",
                "During a TFEI visit, the officer discussed the family's concerns and agreed what "
                "support might help.",
                "Families were identified for TFEI through repeat calls for service and "
                "safeguarding referrals.",
                "Most TFEI families had come to police attention because of {need}.",
                "PCSOs said that TFEI allowed them to use their local knowledge to help families.",
                "A TFEI officer typically made {n} visits to each family over {n2} weeks.",
                "Some families were initially suspicious of a police visit but later valued the "
                "support offered through TFEI.",
                "TFEI officers worked closely with {partner} to find suitable services.",
                "The think family approach encouraged officers to consider the needs of every "
                "member of the household.",
                "Supervisors reviewed TFEI cases monthly to decide whether further visits were "
                "needed.",
                "Neighbourhood teams in {setting} had the highest number of TFEI referrals.",
            ],
            "impact": [
                "TFEI families were compared with similar families identified in the year before "
                "TFEI started.",
            ],
        },
        facts={
            "about": [
                "Think family early intervention (TFEI) was delivered by Avon and Somerset Police.",
                "Police community support officers (PCSOs) and PCs visited and offered support to "
                "families who fell below the threshold for receiving help from the local "
                "authority, but still had policing and/or crime related issues.",
            ],
            "summary": [
                "TFEI was delivered by Avon and Somerset Police. PCSOs and PCs visit and offer "
                "support to families who fall below the threshold for receiving help from the "
                "local authority, but still have policing and/or crime related issues.",
            ],
        },
        flow=(
            "TFEI families",
            ["Families identified", "Families visited", "Signposted to services"],
            55,
        ),
        categories=(
            "Issues identified during TFEI visits",
            "Issue",
            [
                "Anti-social behaviour",
                "Missing episodes",
                "Parenting",
                "School attendance",
                "Neighbour disputes",
                "Mental health",
                "Domestic abuse",
            ],
        ),
        areas=(
            "Policing area",
            [
                "Bristol",
                "Somerset East",
                "Somerset West",
                "North Somerset",
                "South Gloucestershire",
                "Bath and North East Somerset",
            ],
        ),
        outcome_label="Repeat calls for service within 12 months",
        references=[
            "Department for Communities and Local Government (2012) Working with troubled "
            "families: A guide to the evidence and good practice. London: DCLG.",
            "Early Intervention Foundation (2018) Realising the potential of early intervention. "
            "London: EIF.",
        ],
        subtitles={"design.3": "TFEI visits"},
        keywords="TFEI; think family; early intervention; PCSOs; families",
        subject="Evaluation of think family early intervention (TFEI), Avon and Somerset Police",
    )
)

_add(
    Intervention(
        slug="fsps",
        short="FSPs",
        name="Family safety plans (FSPs) in cases of neglect",
        in_text="family safety plans (FSPs) in cases of neglect",
        forces=["Hampshire Constabulary"],
        force_line="Hampshire Constabulary",
        theme=2,
        vocab={
            "prog": ["the FSP approach", "the use of FSPs", "the FSP model", "the approach"],
            "force": ["Hampshire Constabulary", "the Constabulary"],
            "staff": [
                "CAIT officers",
                "CAIT investigators",
                "detectives in child abuse investigation teams (CAITs)",
                "officers in the CAITs",
            ],
            "staff_one": [
                "the officer in the case",
                "a CAIT detective",
                "the investigating officer",
            ],
            "client": [
                "families",
                "parents and carers",
                "families where neglect was suspected",
                "carers",
            ],
            "setting": [
                "child abuse investigation teams (CAITs)",
                "the CAITs",
                "each CAIT",
                "Hampshire",
            ],
            "activity": [
                "agreeing SMART actions with parents",
                "multi-agency review meetings",
                "joint visits with social workers",
                "monitoring progress against the plan",
            ],
            "need": [
                "poor home conditions",
                "missed health appointments",
                "inadequate supervision",
                "poor school attendance",
                "parental substance misuse",
            ],
            "partner": [
                "children's social care",
                "health visitors",
                "school nurses",
                "GPs",
                "the Crown Prosecution Service (CPS)",
            ],
            "outcome": [
                "repeat referrals for neglect",
                "prosecutions for wilful neglect",
                "re-referrals to children's social care",
                "child protection plans",
            ],
            "harm": ["child neglect", "wilful neglect", "neglect"],
        },
        topical={
            "any": [
                "An FSP set out SMART actions that parents agreed to complete within a set time.",
                "FSPs were developed early in a case, with social care and health services "
                "involved from the start.",
                "Each FSP was reviewed at a multi-agency meeting, usually every {weeks} weeks.",
                "Where an FSP was not followed, the record of agreed actions helped officers to "
                "evidence wilful neglect.",
                "Officers felt that FSPs gave parents a clear and fair opportunity to change.",
                "Most FSPs related to {need} and {need}.",
                "CAIT supervisors checked every FSP before it was agreed with the family.",
                "Social workers said that FSPs complemented existing child protection processes.",
                "Parents who completed an FSP were less likely to be re-referred for neglect.",
                "The number of FSPs agreed varied considerably between the CAITs.",
                "Some officers were concerned that an FSP could delay a necessary prosecution.",
                "The FSP template was revised twice during the pilot following feedback from "
                "officers.",
            ],
            "impact": [
                "Cases with an FSP were compared with neglect investigations from the previous "
                "two years.",
            ],
        },
        facts={
            "about": [
                "Family safety plans (FSPs) were implemented in child abuse investigation teams "
                "(CAITs) across Hampshire Constabulary to address the need to evidence wilful "
                "neglect.",
                "CAIT teams worked with social care and health services early in a case, "
                "developing SMART plans with families to support changes in behaviour and to "
                "avoid the need for a prosecution.",
            ],
            "summary": [
                "FSPs were implemented in CAITs across Hampshire Constabulary to address the need "
                "to evidence wilful neglect. CAIT teams worked with social care and health "
                "services early in a case, developing SMART plans with families.",
            ],
        },
        flow=("neglect cases", ["Neglect referrals", "FSPs agreed", "FSPs completed"], 21),
        categories=(
            "Outcomes of cases with an FSP",
            "Case outcome",
            [
                "FSP completed, no further action",
                "FSP completed, early help",
                "Escalated to child protection plan",
                "Referred to CPS for charging advice",
                "Charged with wilful neglect",
                "Case ongoing",
            ],
        ),
        areas=("CAIT", ["CAIT North", "CAIT East", "CAIT West", "CAIT Central"]),
        outcome_label="Re-referred for neglect within 12 months",
        references=[
            "Children and Young Persons Act 1933, section 1.",
            "Department for Education (2018) Working Together to Safeguard Children. London: DfE.",
        ],
        subtitles={"design.3": "Developing an FSP"},
        keywords="FSPs; family safety plans; neglect; wilful neglect; CAIT; safeguarding",
        subject="Evaluation of family safety plans (FSPs) in cases of neglect, Hampshire "
        "Constabulary",
    )
)

_add(
    Intervention(
        slug="hhpu",
        short="HHPU",
        name="High harm perpetrator unit (HHPU)",
        in_text="the high harm perpetrator unit (HHPU)",
        forces=["Surrey Police"],
        force_line="Surrey Police",
        theme=3,
        vocab={
            "prog": ["the HHPU", "the HHPU", "the unit", "the high harm perpetrator unit"],
            "force": ["Surrey Police", "the force"],
            "staff": [
                "HHPU officers",
                "offender managers",
                "detectives in the unit",
                "the HHPU team",
            ],
            "staff_one": ["an offender manager", "the lead officer", "an HHPU officer"],
            "client": [
                "high harm perpetrators",
                "offenders causing the most harm",
                "nominals",
                "perpetrators of domestic abuse and serious violence",
            ],
            "setting": ["Surrey", "East Surrey", "West Surrey", "North Surrey"],
            "activity": [
                "disruption activity",
                "intelligence development",
                "joint visits with probation",
                "multi-agency planning",
                "enforcement action",
            ],
            "need": [
                "domestic abuse",
                "serious violence",
                "sexual offending",
                "exploitation",
                "stalking",
            ],
            "partner": [
                "the National Probation Service",
                "multi-agency public protection arrangements (MAPPA)",
                "domestic abuse services",
                "children's social care",
                "multi-agency risk assessment conferences (MARACs)",
            ],
            "outcome": ["crime harm", "reoffending", "harm scores", "domestic abuse reoffending"],
            "harm": ["high harm offending", "domestic abuse", "serious harm"],
        },
        topical={
            "any": [
                "The HHPU focused on offenders causing the most harm rather than frequent "
                "offenders causing little harm.",
                "Nominals were selected for the HHPU using traditional intelligence-led means, an "
                "algorithm and external referrals.",
                "The algorithm ranked offenders by the harm caused in the previous two years, "
                "using a crime harm index.",
                "External referrals to the HHPU came from other police units and from {partner}.",
                "HHPU officers developed a management plan for each nominal, combining "
                "{activity} and {activity}.",
                "Most HHPU nominals had a history of {need}.",
                "The HHPU worked closely with {partner} to share risk information.",
                "Offender managers said that the HHPU allowed them to spend more time on the "
                "highest risk cases.",
                "The shift to the HHPU model required offender management units to stop "
                "managing some prolific but low harm offenders.",
                "Some officers were initially sceptical about the algorithm used by the HHPU.",
                "Nominals identified by the algorithm were reviewed by an HHPU sergeant before "
                "adoption.",
                "The HHPU case review meeting took place every {weeks} weeks.",
            ],
            "impact": [
                "Harm scores for HHPU nominals were compared with those of a matched group of "
                "high harm offenders who were not adopted by the HHPU.",
            ],
        },
        facts={
            "about": [
                "The high harm perpetrator unit (HHPU) was set up by Surrey Police following a "
                "decision to shift the focus of their offender management units to those "
                "offenders causing most harm, rather than frequent offenders causing little "
                "harm.",
                "The approach aimed to identify offenders via traditional means as well as by "
                "two novel means: an algorithm and through external referrals by other police "
                "units and external agencies.",
            ],
            "summary": [
                "The HHPU was set up by Surrey Police to shift the focus of offender management "
                "to those offenders causing most harm. Offenders were identified via traditional "
                "means, an algorithm and external referrals.",
            ],
        },
        flow=(
            "HHPU nominals",
            ["Nominals identified", "Adopted by HHPU", "Management plan in place"],
            17,
        ),
        categories=(
            "HHPU nominals by route of identification",
            "Identification route",
            [
                "Traditional intelligence-led selection",
                "Algorithm",
                "External referral: police units",
                "External referral: partner agencies",
            ],
        ),
        areas=("Division", ["East Surrey", "West Surrey", "North Surrey"]),
        outcome_label="Reoffended within 12 months",
        references=[
            "Sherman LW (2007) 'The power few: Experimental criminology and the reduction of "
            "harm'. Journal of Experimental Criminology, 3(4), pp 299" + NDASH + "321.",
        ],
        subtitles={"design.2": "Identifying high harm perpetrators"},
        keywords="HHPU; high harm; offender management; algorithm; Surrey",
        subject="Evaluation of the high harm perpetrator unit (HHPU), Surrey Police",
    )
)

_add(
    Intervention(
        slug="sara-sam",
        short="SARA/SAM",
        name="SAM / SARAv3 national pilot",
        in_text="the SAM / SARAv3 national pilot",
        forces=["West Midlands Police", "Cumbria Police", "Lancashire Constabulary"],
        force_line="West Midlands Police, Cumbria Police and Lancashire Constabulary",
        theme=3,
        vocab={
            "prog": [
                "the pilot",
                "the SAM / SARAv3 pilot",
                "the national pilot",
                "the SARA v3 and SAM pilot",
            ],
            "force": [
                "the three pilot forces",
                "West Midlands Police (WMP)",
                "WMP",
                "Cumbria Police",
                "Lancashire Constabulary",
            ],
            "staff": [
                "risk assessors",
                "trained officers",
                "public protection officers",
                "domestic abuse investigators",
                "stalking coordinators",
            ],
            "staff_one": ["a trained assessor", "the investigating officer", "a risk assessor"],
            "client": [
                "victims of domestic violence",
                "victims of stalking",
                "perpetrators",
                "suspects",
                "victims",
            ],
            "setting": [
                "public protection units",
                "the pilot forces",
                "WMP",
                "Cumbria",
                "Lancashire",
            ],
            "activity": [
                "completing a SARA v3 assessment",
                "completing the SAM",
                "formulating risk scenarios",
                "developing a risk management plan",
                "case formulation",
            ],
            "need": [
                "risk of serious physical harm",
                "imminent risk of violence",
                "escalation of stalking behaviour",
                "coercive control",
                "repeat domestic violence",
            ],
            "partner": [
                "independent domestic violence advisers (IDVAs)",
                "MARACs",
                "stalking advocacy services",
                "the probation service",
                "the CPS",
            ],
            "outcome": [
                "repeat victimisation",
                "domestic violence reoffending",
                "stalking reoffending",
                "risk",
            ],
            "harm": ["domestic violence", "stalking", "intimate partner violence"],
        },
        topical={
            "any": [
                "SARA v3 and SAM are structured professional judgement (SPJ) tools for assessing "
                "risk.",
                "The spousal assault risk assessment (SARA) version 3 guides assessors through "
                "the perpetrator's history, the nature of the relationship and victim "
                "vulnerability.",
                "The stalking assessment and management (SAM) tool considers the nature of the "
                "stalking, perpetrator risk factors and victim vulnerability.",
                "Officers completing a SARAv3 assessment were asked to formulate scenarios of "
                "future domestic violence.",
                "Assessors found that the SAM helped them to structure their thinking about "
                "stalking risk.",
                "Completing a SARA v3 assessment took between {n} and {n2} hours, which officers "
                "felt was difficult to sustain.",
                "Most SAM assessments were completed for cases involving ex-partner stalking.",
                "Officers compared SARA version 3 favourably with the DASH risk identification "
                "checklist for complex cases.",
                "Risk management plans produced after a SAM assessment were shared with {partner}.",
                "Assessors in {setting} reported that the SPJ tools improved their understanding "
                "of {need}.",
                "Supervisors quality assured a sample of SARAv3 and SAM assessments each month.",
                "Training in SARA v3 and SAM was delivered over {n} days by external trainers.",
                "Victims' accounts were central to judgements about stalking and domestic "
                "violence risk.",
            ],
            "impact": [
                "Repeat domestic violence and stalking incidents were compared for cases "
                "assessed with SARA v3 or SAM and matched cases assessed with DASH alone.",
            ],
        },
        facts={
            "about": [
                "West Midlands Police, Cumbria Police and Lancashire Constabulary trialled the use "
                "of two structured professional judgement tools for assessing the risk of "
                "stalking and the risk of domestic violence.",
                "The tools were the spousal assault risk assessment (SARA) version 3 and the "
                "stalking assessment and management (SAM) tool.",
                "For brevity, this report refers to the tools as SARAv3 and SAM.",
            ],
            "summary": [
                "West Midlands Police, Cumbria Police and Lancashire Constabulary trialled two "
                "structured professional judgement tools: the spousal assault risk assessment "
                "(SARA) version 3 and the stalking assessment and management (SAM) tool.",
            ],
        },
        flow=(
            "SARA v3 and SAM assessments",
            ["Cases screened", "SARA v3 completed", "SAM completed"],
            44,
        ),
        categories=(
            "Overall risk ratings from SARA v3 and SAM assessments",
            "Risk rating",
            [
                "SARA v3: low",
                "SARA v3: moderate",
                "SARA v3: high",
                "SAM: low",
                "SAM: moderate",
                "SAM: high",
            ],
        ),
        areas=("Force", ["West Midlands Police", "Cumbria Police", "Lancashire Constabulary"]),
        outcome_label="Repeat victimisation within 12 months",
        references=[
            "HMIC and HMCPSI (2017) Living in fear: The police and CPS response to harassment "
            "and stalking. London: HMIC.",
            "Kropp PR and Hart SD (2015) SARA-V3: User Manual for Version 3 of the Spousal "
            "Assault Risk Assessment Guide. Vancouver: ProActive ReSolutions.",
            "Kropp PR, Hart SD, Lyon DR and Storey JE (2008) Guidelines for Stalking Assessment "
            "and Management (SAM): User Manual. Vancouver: ProActive ReSolutions.",
        ],
        subtitles={"design.3": "Completing SARA v3 and SAM assessments"},
        keywords="SARA v3; SAM; stalking; domestic violence; risk assessment; structured "
        "professional judgement",
        subject="Evaluation of the SAM / SARAv3 national pilot in West Midlands Police, Cumbria "
        "Police and Lancashire Constabulary",
    )
)

_add(
    Intervention(
        slug="op-divan",
        short="Op Divan",
        name="Op Divan",
        forces=["North Yorkshire Police"],
        force_line="North Yorkshire Police",
        theme=4,
        vocab={
            "prog": ["Op Divan", "Op Divan", "Op Divan", "Operation Divan"],
            "force": ["North Yorkshire Police (NYP)", "NYP", "North Yorkshire Police"],
            "staff": [
                "neighbourhood officers",
                "PCSOs",
                "school liaison officers",
                "Op Divan officers",
            ],
            "staff_one": ["an officer", "a PCSO", "the visiting officer"],
            "client": [
                "young people at risk of carrying knives",
                "young people",
                "children identified through intelligence",
                "parents and carers",
            ],
            "setting": ["North Yorkshire", "Scarborough", "York", "Harrogate", "Selby"],
            "activity": [
                "home visits",
                "school visits",
                "a conversation with parents about knife carrying",
                "a knife crime awareness leaflet",
                "follow-up visits",
            ],
            "need": [
                "knife carrying",
                "exploitation",
                "school exclusion",
                "county lines involvement",
            ],
            "partner": [
                "schools",
                "youth justice services",
                "children's social care",
                "North Yorkshire County Council",
            ],
            "outcome": ["knife carrying", "knife crime", "offending", "further police contact"],
            "harm": ["knife crime", "knife carrying", "weapon-related violence"],
        },
        topical={
            "any": [
                "Op Divan officers made home visits or school visits to young people thought to "
                "be at risk of carrying a knife.",
                "Young people were identified for Op Divan through intelligence about knife "
                "carrying.",
                "During home visits, officers spoke with the young person and their parents "
                "about the risks of carrying a knife.",
                "School visits were arranged with the head teacher and usually took place in a "
                "private room.",
                "Most Op Divan visits in North Yorkshire took place in {setting}.",
                "Officers left a leaflet explaining the law on knife carrying and where to get "
                "support.",
                "Parents were often unaware of concerns about knife carrying before the Op Divan "
                "visit.",
                "Op Divan was low cost because visits were absorbed into neighbourhood policing "
                "duties.",
                "Officers felt that home visits were more effective when parents were present.",
                "A small number of Op Divan visits led to safeguarding referrals for {need}.",
                "Op Divan was seen by NYP as a proportionate response to low-level intelligence "
                "about knives.",
                "Schools in North Yorkshire welcomed school visits as part of their safeguarding "
                "work.",
            ],
            "impact": [
                "Young people visited under Op Divan were compared with young people subject to "
                "similar knife intelligence before the operation began.",
            ],
        },
        facts={
            "about": [
                "Op Divan was delivered by North Yorkshire Police (NYP), who made home or school "
                "visits to those at risk of carrying knives.",
                "The aim of Op Divan was to intervene early, before a young person's knife "
                "carrying led to serious harm.",
            ],
            "summary": [
                "Op Divan was delivered by North Yorkshire Police, who made home or school visits "
                "to those at risk of carrying knives.",
            ],
        },
        flow=("Op Divan visits", ["Young people identified", "Home visits", "School visits"], 19),
        categories=(
            "Source of intelligence leading to an Op Divan visit",
            "Intelligence source",
            [
                "Police intelligence report",
                "School",
                "Parent or carer",
                "Social media",
                "Partner agency",
                "Crimestoppers",
            ],
        ),
        areas=(
            "District",
            ["Scarborough", "York", "Harrogate", "Selby", "Craven", "Hambleton and Richmondshire"],
        ),
        outcome_label="Further knife-related intelligence within 12 months",
        references=[
            "Ofsted (2019) Safeguarding children and young people in education from knife crime: "
            "Lessons from London. Manchester: Ofsted.",
        ],
        subtitles={"design.3": "Home visits and school visits"},
        keywords="Op Divan; knife crime; knife carrying; home visits; school visits; North "
        "Yorkshire",
        subject="Evaluation of Op Divan, North Yorkshire Police",
    )
)

_add(
    Intervention(
        slug="op-met-divan",
        short="Op Met Divan",
        name="Op Met Divan",
        forces=["Metropolitan Police Service"],
        force_line="Metropolitan Police Service",
        theme=4,
        vocab={
            "prog": ["Op Met Divan", "Op Met Divan", "Op Met Divan", "the Op Met Divan pilot"],
            "force": ["the MPS", "the Met", "the Metropolitan Police Service"],
            "staff": [
                "Safer Schools officers",
                "ward officers",
                "youth engagement officers",
                "Op Met Divan officers",
            ],
            "staff_one": ["an officer", "a Safer Schools officer", "the visiting officer"],
            "client": [
                "young people at risk of carrying knives",
                "young people identified by Op Met Divan",
                "young people",
                "parents and carers",
            ],
            "setting": [
                "three South London boroughs",
                "Borough A",
                "Borough B",
                "Borough C",
                "South London",
            ],
            "activity": [
                "home visits",
                "school visits",
                "a conversation about knife carrying",
                "referral to youth services",
                "an information pack for parents",
            ],
            "need": [
                "knife carrying",
                "criminal exploitation",
                "school exclusion",
                "victimisation",
                "going missing",
            ],
            "partner": [
                "schools",
                "youth offending services",
                "children's social care",
                "youth services",
                "the local authority",
            ],
            "outcome": ["knife carrying", "knife crime", "offending", "further police contact"],
            "harm": ["knife crime", "knife carrying", "serious youth violence"],
        },
        topical={
            "any": [
                "Op Met Divan officers made home visits and school visits to young people "
                "thought to be at risk of carrying knives.",
                "Young people were identified for Op Met Divan through intelligence reports, stop "
                "and search records and referrals from schools.",
                "Op Met Divan visits in {setting} were usually carried out by two officers.",
                "Parents told officers that the Op Met Divan visit was the first time they had "
                "heard of concerns about knife carrying.",
                "Many young people identified by Op Met Divan were already known to {partner}.",
                "Officers found it harder to arrange home visits in London than expected.",
                "Op Met Divan officers referred some young people to {partner} for further "
                "support.",
                "Safer Schools officers were well placed to carry out school visits because they "
                "already knew staff and pupils.",
                "Recording of Op Met Divan visits improved after a dedicated form was introduced.",
                "Interviewees felt that Op Met Divan visits should be followed up with longer-term "
                "support.",
                "The Op Met Divan cohort included young people who had been victims of {need}.",
            ],
            "impact": [
                "Young people visited under Op Met Divan were compared with young people in "
                "neighbouring boroughs who were subject to similar intelligence.",
            ],
        },
        facts={
            "about": [
                "Op Met Divan was a 'replication' of Op Divan delivered in three South London "
                "boroughs by the Metropolitan Police Service (MPS).",
                "Op Divan was originally developed by North Yorkshire Police, whose officers made "
                "home or school visits to those at risk of carrying knives.",
            ],
            "design": [
                "The Met adapted the Op Divan model to fit an urban setting, where the number of "
                "young people identified was much higher.",
            ],
            "transfer": [
                "The experience of Op Met Divan suggests that the core elements of Op Divan can "
                "be replicated in a large urban force, but that local adaptation is needed.",
            ],
            "summary": [
                "Op Met Divan was a 'replication' of Op Divan delivered in three South London "
                "boroughs by the Metropolitan Police. Officers made home or school visits to "
                "young people at risk of carrying knives.",
            ],
            "explore": [
                "Op Met Divan replicated Op Divan, in which officers made home or school visits "
                "to young people at risk of carrying knives.",
            ],
        },
        flow=(
            "Op Met Divan visits",
            ["Young people identified", "Home visits", "School visits"],
            48,
        ),
        categories=(
            "Prior experiences of young people identified by Op Met Divan",
            "Prior experience",
            [
                "Previous arrest",
                "Recorded as a victim of crime",
                "Reported missing",
                "Excluded from school",
                "Known to children's social care",
                "Stop and search for weapons",
                "Flagged for criminal exploitation",
            ],
        ),
        areas=("Borough", ["Borough A", "Borough B", "Borough C"]),
        outcome_label="Further knife-related intelligence within 12 months",
        references=[
            "Ofsted (2019) Safeguarding children and young people in education from knife crime: "
            "Lessons from London. Manchester: Ofsted.",
        ],
        subtitles={"design.3": "Home visits and school visits"},
        keywords="Op Met Divan; knife crime; knife carrying; young people; London; replication",
        subject="Evaluation of Op Met Divan, Metropolitan Police Service",
    )
)

EXPLORE_TOPICAL = [
    "Young people identified by Op Met Divan had often been in contact with the police "
    "before, most commonly as victims or witnesses.",
    "Around {pct} of the cohort had been recorded as a victim of crime in the two years "
    "before identification.",
    "A notable minority of the Op Met Divan cohort had been reported missing at least once.",
    "School exclusion was more common in the Op Met Divan cohort than in the general "
    "population of the boroughs.",
    "The data suggest that many young people sit on the edges of knife crime rather than "
    "being involved in serious violence.",
    "Records from children's social care showed that some young people had experienced "
    "domestic abuse at home.",
    "The cohort was predominantly male, with an average age of {age} years at identification.",
    "Prior arrests were concentrated among the older members of the Op Met Divan cohort.",
    "Stop and search records indicated that few young people had been found carrying a knife.",
    "Indicators of criminal exploitation were recorded for {pct} of young people.",
    "Several young people had experienced multiple adverse childhood experiences.",
    "Patterns of prior contact differed between Borough A, Borough B and Borough C.",
]


# --------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------


@dataclass
class DocSpec:
    filename: str
    slug: str
    kind: str  # "summary", "technical", "exploratory"
    pages: int
    meta: dict[str, Any]

    @property
    def iv(self) -> Intervention:
        return INTERVENTIONS[self.slug]

    @property
    def title(self) -> str:
        short = self.iv.short
        if self.kind == "summary":
            return f"{short}: Key findings and implications for practice"
        if self.kind == "technical":
            return f"{short}: Full technical report"
        return (
            f"{short}: On the edges of knife crime {NDASH} an exploratory analysis of young people"
        )

    @property
    def doc_type(self) -> str:
        return {
            "summary": "Key findings summary",
            "technical": "Full technical report",
            "exploratory": "Exploratory analysis",
        }[self.kind]


def _proper(title: str, created: str, modified: str, tool: str = "word365") -> dict[str, Any]:
    creator, producer = {
        "word365": (WORD365, WORD365),
        "pdfmaker": ("Acrobat PDFMaker 21 for Word", "Adobe PDF Library 21.1.174"),
    }[tool]
    return {
        "kind": "proper",
        "/Title": title,
        "/Author": ORG,
        "/Creator": creator,
        "/Producer": producer,
        "/CreationDate": created,
        "/ModDate": modified,
    }


def _word(title: str, author: str, created: str, tool: str = "distiller20") -> dict[str, Any]:
    creator, producer = {
        "distiller19": ("PScript5.dll Version 5.2.2", "Acrobat Distiller 19.0 (Windows)"),
        "distiller20": ("PScript5.dll Version 5.2.2", "Acrobat Distiller 20.0 (Windows)"),
        "distiller21": ("PScript5.dll Version 5.2.2", "Acrobat Distiller 21.0 (Windows)"),
        "quartz": ("Microsoft Word", "macOS Version 10.15.7 (Build 19H15) Quartz PDFContext"),
    }[tool]
    return {
        "kind": "word-export",
        "/Title": f"Microsoft Word - {title}",
        "/Author": author,
        "/Creator": creator,
        "/Producer": producer,
        "/CreationDate": created,
        "/ModDate": created,
    }


def _none(variant: str, **extra: str) -> dict[str, Any]:
    return {"kind": "none", "variant": variant, **extra}


DOCS: list[DocSpec] = [
    DocSpec(
        "divert-key-findings.pdf",
        "divert",
        "summary",
        6,
        _word("DIVERT summary FINAL.docx", "user", "D:20210629142211+01'00'"),
    ),
    DocSpec(
        "divert-technical-report.pdf",
        "divert",
        "technical",
        66,
        _proper(
            "DIVERT: Full technical report", "D:20210701101532+01'00'", "D:20210705163004+01'00'"
        ),
    ),
    DocSpec(
        "cirv-key-findings.pdf",
        "cirv",
        "summary",
        7,
        _proper(
            "CIRV: Key findings and implications for practice",
            "D:20210702091845+01'00'",
            "D:20210702092310+01'00'",
            "pdfmaker",
        ),
    ),
    DocSpec(
        "cirv-technical-report.pdf",
        "cirv",
        "technical",
        47,
        _word(
            "CIRV_technical_report_v4.docx", "S Hollis", "D:20210624170342+01'00'", "distiller19"
        ),
    ),
    DocSpec("taws-key-findings.pdf", "taws", "summary", 8, _none("no-info")),
    DocSpec(
        "taws-technical-report.pdf",
        "taws",
        "technical",
        41,
        _proper(
            "TAWs: Full technical report", "D:20210708113020+01'00'", "D:20210709084512+01'00'"
        ),
    ),
    DocSpec(
        "tfei-key-findings.pdf",
        "tfei",
        "summary",
        6,
        _word("TFEI summary FINAL.docx", "J Bennett", "D:20210618085312Z00'00'", "quartz"),
    ),
    DocSpec("tfei-technical-report.pdf", "tfei", "technical", 79, _none("empty-info")),
    DocSpec(
        "fsps-key-findings.pdf",
        "fsps",
        "summary",
        5,
        _none("producer-only", **{"/Producer": "Microsoft: Print To PDF"}),
    ),
    DocSpec(
        "fsps-technical-report.pdf",
        "fsps",
        "technical",
        60,
        _word(
            "FSP full report draft 7 (clean).docx", "user", "D:20210630121508+01'00'", "distiller21"
        ),
    ),
    DocSpec(
        "hhpu-key-findings.pdf",
        "hhpu",
        "summary",
        5,
        _proper(
            "HHPU: Key findings and implications for practice",
            "D:20210714104401+01'00'",
            "D:20210715092133+01'00'",
        ),
    ),
    DocSpec(
        "hhpu-technical-report.pdf",
        "hhpu",
        "technical",
        52,
        _word("HHPU_final_v3.docx", "R White", "D:20210630154927+01'00'"),
    ),
    DocSpec("sara-sam-key-findings.pdf", "sara-sam", "summary", 6, _none("no-info")),
    DocSpec(
        "sara-sam-technical-report.pdf",
        "sara-sam",
        "technical",
        35,
        _proper(
            "SARA/SAM: Full technical report",
            "D:20210715135502+01'00'",
            "D:20210716101217+01'00'",
            "pdfmaker",
        ),
    ),
    DocSpec("op-divan-key-findings.pdf", "op-divan", "summary", 4, _none("empty-info")),
    DocSpec(
        "op-divan-technical-report.pdf",
        "op-divan",
        "technical",
        28,
        _proper(
            "Op Divan: Full technical report", "D:20210720094315+01'00'", "D:20210722161048+01'00'"
        ),
    ),
    DocSpec(
        "op-met-divan-key-findings.pdf",
        "op-met-divan",
        "summary",
        7,
        _proper(
            "Op Met Divan: Key findings and implications for practice",
            "D:20210721100207+01'00'",
            "D:20210721100207+01'00'",
        ),
    ),
    DocSpec(
        "op-met-divan-technical-report.pdf",
        "op-met-divan",
        "technical",
        31,
        {
            "kind": "xmp",
            "title": "Op Met Divan: Full technical report",
            "creator": ORG,
            "created": "2021-07-19T11:42:07+01:00",
            "modified": "2021-07-22T15:03:51+01:00",
            "tool": "Adobe InDesign 16.2 (Windows)",
            "producer": "Adobe PDF Library 15.0",
        },
    ),
    DocSpec(
        "op-met-divan-edges-of-knife-crime.pdf",
        "op-met-divan",
        "exploratory",
        18,
        _word("Edges of knife crime_v2 JB.docx", "McKenzie, Laura", "D:20210716143058+01'00'"),
    ),
]

# --------------------------------------------------------------------------------------
# Text generation
# --------------------------------------------------------------------------------------

SLOT = re.compile(r"\{(\w+)\}")


def seeded(*parts: object) -> random.Random:
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def fill(template: str, rng: random.Random, vocab: dict[str, list[str]]) -> str:
    def pick(match: re.Match[str]) -> str:
        key = match.group(1)
        specials: dict[str, Callable[[], str]] = {
            "n": lambda: str(rng.randint(2, 6)),
            "n2": lambda: str(rng.randint(8, 16)),
            "nint": lambda: str(rng.randint(18, 64)),
            "ncase": lambda: str(rng.randint(12, 35)),
            "big2": lambda: str(rng.randint(45, 320)),
            "age": lambda: str(rng.randint(14, 16)),
            "pct": lambda: f"{rng.randint(9, 78)}%",
            "pp": lambda: str(rng.randint(3, 12)),
            "pval": lambda: f"0.{rng.randint(11, 89):02d}",
            "money": lambda: f"{POUND}{rng.randint(90, 960) * 1000:,}",
            "money_small": lambda: f"{POUND}{rng.randint(240, 4800):,}",
            "staff_share": lambda: f"{rng.randint(55, 80)}%",
            "rate_int": lambda: f"{rng.uniform(18, 40):.1f}%",
            "rate_cmp": lambda: f"{rng.uniform(22, 45):.1f}%",
        }
        options = vocab.get(key) or COMMON_VOCAB.get(key)
        if not options and key in specials:
            return specials[key]()
        if not options:
            raise KeyError(f"unknown slot {key!r} in template {template!r}")
        fresh = [o for o in options if o not in used] or options
        choice = rng.choice(fresh)
        used.add(choice)
        return choice

    used: set[str] = set()  # avoid "travel and travel" within one sentence
    text = template
    for _ in range(3):
        text = SLOT.sub(pick, text)
    return capitalise(text)


class ProseWriter:
    """Writes the paragraphs of one block from a shuffled deck of sentence templates.

    Templates are dealt without replacement and the deck is reshuffled only when it is
    exhausted, so sentences do not repeat within a few paragraphs. Paragraph ``i`` depends
    only on paragraphs ``0..i-1`` of the same block, which keeps the page-filling search
    monotonic.
    """

    def __init__(
        self,
        rng: random.Random,
        iv: Intervention,
        pool: str,
        vocab: dict[str, list[str]],
        lead: Sequence[str] = (),
    ) -> None:
        topical = (
            EXPLORE_TOPICAL if pool == "explore" else (iv.topical.get(pool, []) + iv.topical["any"])
        )
        self.templates = list(dict.fromkeys(topical + GENERIC[pool]))
        self.rng = rng
        self.vocab = vocab
        self.lead = list(lead)
        self.deck: list[str] = []
        self.paragraphs: list[str] = []

    def _deal(self) -> str:
        if not self.deck:
            self.deck = self.templates[:]
            self.rng.shuffle(self.deck)
        return self.deck.pop()

    def paragraph(self, i: int) -> str:
        while len(self.paragraphs) <= i:
            rng = self.rng
            sentences = [] if self.paragraphs else [fill(t, rng, self.vocab) for t in self.lead]
            for _ in range(rng.randint(4, 7)):
                sentence = fill(self._deal(), rng, self.vocab)
                first = sentence.split(" ", 1)[0]
                if sentences and first in LOWERABLE and rng.random() < 0.15:
                    sentence = rng.choice(CONNECTORS) + sentence[0].lower() + sentence[1:]
                sentences.append(sentence)
            self.paragraphs.append(" ".join(sentences))
        return self.paragraphs[i]


def make_bullet(
    rng: random.Random, iv: Intervention, pool: str, vocab: dict[str, list[str]]
) -> str:
    topical = iv.topical.get(pool, []) + iv.topical["any"]
    template = rng.choice(topical + GENERIC[pool])
    return fill(template, rng, vocab)


# --------------------------------------------------------------------------------------
# Tables and figures
# --------------------------------------------------------------------------------------

NAVY = colors.HexColor("#1F3864")
TEAL = colors.HexColor("#2E75B6")
LIGHT = colors.HexColor("#DEEAF6")

STYLES = {
    "body": ParagraphStyle("body", fontName="Helvetica", fontSize=12, leading=18, spaceAfter=10),
    "bullet": ParagraphStyle(
        "bullet",
        fontName="Helvetica",
        fontSize=12,
        leading=18,
        spaceAfter=6,
        leftIndent=18,
        bulletIndent=4,
        bulletFontName="Symbol",
    ),
    "h1": ParagraphStyle(
        "h1",
        fontName="Helvetica-Bold",
        fontSize=16,
        leading=20,
        spaceBefore=12,
        spaceAfter=9,
        textColor=NAVY,
        keepWithNext=1,
    ),
    "h2": ParagraphStyle(
        "h2",
        fontName="Helvetica-Bold",
        fontSize=12.5,
        leading=16,
        spaceBefore=9,
        spaceAfter=6,
        textColor=TEAL,
        keepWithNext=1,
    ),
    "caption": ParagraphStyle(
        "caption",
        fontName="Helvetica-Bold",
        fontSize=9.5,
        leading=12,
        spaceBefore=6,
        spaceAfter=4,
        keepWithNext=1,
    ),
    "note": ParagraphStyle(
        "note",
        fontName="Helvetica-Oblique",
        fontSize=8.5,
        leading=11,
        spaceAfter=10,
        textColor=colors.HexColor("#404040"),
    ),
    "ref": ParagraphStyle(
        "ref",
        fontName="Helvetica",
        fontSize=10,
        leading=14,
        spaceAfter=6,
        leftIndent=18,
        firstLineIndent=-18,
    ),
    "toc": ParagraphStyle("toc", fontName="Helvetica", fontSize=11, leading=15),
    "cover_title": ParagraphStyle(
        "cover_title",
        fontName="Helvetica-Bold",
        fontSize=28,
        leading=35,
        textColor=NAVY,
        spaceAfter=26,
    ),
    "cover_org": ParagraphStyle(
        "cover_org", fontName="Helvetica-Bold", fontSize=16, leading=21, spaceAfter=6
    ),
    "cover_prog": ParagraphStyle(
        "cover_prog", fontName="Helvetica", fontSize=13, leading=18, spaceAfter=18, textColor=TEAL
    ),
    "cover_line": ParagraphStyle(
        "cover_line", fontName="Helvetica", fontSize=12, leading=16, spaceAfter=6
    ),
    "cover_warn": ParagraphStyle(
        "cover_warn",
        fontName="Helvetica-Bold",
        fontSize=10.5,
        leading=14,
        textColor=colors.HexColor("#9C0006"),
        backColor=colors.HexColor("#FFE8E8"),
        borderColor=colors.HexColor("#9C0006"),
        borderWidth=0.8,
        borderPadding=7,
        spaceBefore=30,
    ),
}

FRAME_WIDTH = A4[0] - 2 * 2.6 * cm


def styled_table(
    rows: list[list[Any]], col_widths: list[float] | None = None, total_row: bool = False
) -> Table:
    table = Table(rows, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTNAME", (0, 1), (-1, -1), "Helvetica"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("LEADING", (0, 0), (-1, -1), 11),
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#A6A6A6")),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for i in range(2, len(rows), 2):
        commands.append(("BACKGROUND", (0, i), (-1, i), LIGHT))
    if total_row:
        commands.append(("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"))
    table.setStyle(TableStyle(commands))
    return table


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


@dataclass
class TableData:
    caption: str
    rows: list[list[Any]]
    widths: list[float] | None = None
    total: bool = False
    note: str = ""
    series: list[int] = field(default_factory=list)
    figures: dict[str, str] = field(default_factory=dict)  # quoted in the prose


def table_flow(iv: Intervention, rng: random.Random) -> TableData:
    noun, cols, volume = iv.flow
    rows = [["Month", *cols]]
    totals = [0, 0, 0]
    series: list[int] = []
    for i, month in enumerate(MONTHS):
        first = max(3, int(volume * (0.6 + 0.05 * min(i, 8)) * rng.uniform(0.8, 1.2)))
        second = int(first * rng.uniform(0.55, 0.9))
        third = int(second * rng.uniform(0.45, 0.85))
        for j, val in enumerate((first, second, third)):
            totals[j] += val
        series.append(first)
        rows.append([month, str(first), str(second), str(third)])
    rows.append(["Total", *(f"{t:,}" for t in totals)])
    return TableData(
        f"Monthly {noun}, April 2019 to March 2020",
        rows,
        [3.2 * cm, 4.2 * cm, 4.2 * cm, 4.2 * cm],
        True,
        "Source: management information supplied by the force.",
        series,
    )


def table_cost(iv: Intervention, rng: random.Random) -> TableData:
    items = [
        "Staff salaries",
        "Training",
        "Management and supervision",
        "IT and data systems",
        "Travel",
        "Accommodation and overheads",
    ]
    values = [rng.randint(150, 520) * 1000] + [rng.randint(4, 60) * 1000 for _ in items[1:]]
    total = sum(values)
    participants = int(iv.flow[2] * 12 * rng.uniform(0.35, 0.6))
    rows = [["Cost item", f"Annual cost ({POUND})", "Share of total"]]
    rows += [[name, f"{val:,}", pct(val, total)] for name, val in zip(items, values, strict=True)]
    rows.append(["Total", f"{total:,}", "100%"])
    rows.append(
        [f"Cost per participant (n = {participants})", f"{total // max(participants, 1):,}", ""]
    )
    figures = {
        "money": f"{POUND}{total:,}",
        "money_small": f"{POUND}{total // max(participants, 1):,}",
        "staff_share": pct(values[0], total),
    }
    return TableData(
        f"Estimated annual cost of {iv.short} and cost per participant, 2019/20",
        rows,
        [7.2 * cm, 4.2 * cm, 3.6 * cm],
        True,
        "Note: costs are rounded to the nearest pound and exclude partner agency time.",
        figures=figures,
    )


def table_outcome(iv: Intervention, rng: random.Random) -> TableData:
    n_int = rng.randint(90, 420)
    n_cmp = n_int * rng.choice([1, 2, 3])
    base = rng.uniform(0.22, 0.45)
    treat = base - rng.uniform(-0.03, 0.08)
    rows: list[list[Any]] = [["Group", "n", iv.outcome_label, "Mean offences", "Mean harm score"]]
    rows.append(
        [
            f"{iv.short} group",
            str(n_int),
            f"{treat * 100:.1f}%",
            f"{rng.uniform(0.4, 1.6):.2f}",
            f"{rng.uniform(40, 420):.1f}",
        ]
    )
    rows.append(
        [
            "Matched comparison group",
            str(n_cmp),
            f"{base * 100:.1f}%",
            f"{rng.uniform(0.5, 1.8):.2f}",
            f"{rng.uniform(50, 460):.1f}",
        ]
    )
    diff = f"{(treat - base) * 100:+.1f} (0.{rng.randint(4, 89):02d})"
    rows.append(["Difference (p-value)", "", diff, "", ""])
    widths = [4.6 * cm, 1.5 * cm, 4.4 * cm, 2.6 * cm, 2.8 * cm]
    rows[0][2] = Paragraph(
        f"<b>{escape(iv.outcome_label)}</b>",
        ParagraphStyle(
            "th", fontName="Helvetica-Bold", fontSize=9, leading=11, textColor=colors.white
        ),
    )
    figures = {"rate_int": f"{treat * 100:.1f}%", "rate_cmp": f"{base * 100:.1f}%"}
    return TableData(
        f"{iv.outcome_label}: {iv.short} group and matched comparison group",
        rows,
        widths,
        False,
        "Note: comparison group constructed using propensity score matching.",
        figures=figures,
    )


def table_categories(iv: Intervention, rng: random.Random) -> TableData:
    caption, header, labels = iv.categories
    counts = [rng.randint(6, 140) for _ in labels]
    total = sum(counts)
    rows = [[header, "Number", "Per cent"]]
    rows += [[label, str(c), pct(c, total)] for label, c in zip(labels, counts, strict=True)]
    rows.append(["Total", f"{total:,}", "100%"])
    return TableData(caption, rows, [8.4 * cm, 3.0 * cm, 3.0 * cm], True)


def table_areas(iv: Intervention, rng: random.Random) -> TableData:
    header, labels = iv.areas
    cols = iv.flow[1]
    rows = [[header, *cols]]
    for label in labels:
        a = rng.randint(20, 260)
        b = int(a * rng.uniform(0.5, 0.9))
        c = int(b * rng.uniform(0.4, 0.8))
        rows.append([label, str(a), str(b), str(c)])
    return TableData(
        f"{capitalise(iv.flow[0])} by {header.lower()}",
        rows,
        [4.6 * cm, 3.6 * cm, 3.6 * cm, 3.6 * cm],
    )


def table_sample(iv: Intervention, rng: random.Random) -> TableData:
    groups = [
        capitalise(iv.vocab["staff"][0]),
        "Supervisors and managers",
        capitalise(iv.vocab["partner"][0]),
        capitalise(iv.vocab["partner"][1]),
        "Senior leaders",
        capitalise(iv.vocab["client"][0]),
    ]
    rows: list[list[Any]] = [
        ["Participant group", "Interviews", "Focus groups", "Survey responses"]
    ]
    for g in groups:
        rows.append([g, str(rng.randint(2, 14)), str(rng.randint(0, 3)), str(rng.randint(0, 90))])
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)
    for row in rows[1:]:
        row[0] = Paragraph(escape(row[0]), cell)
    return TableData(
        "Interview, focus group and survey sample", rows, [7.2 * cm, 2.6 * cm, 2.6 * cm, 3.2 * cm]
    )


def table_monthly_areas(iv: Intervention, rng: random.Random) -> TableData:
    header, labels = iv.areas
    labels = labels[:6]
    rows: list[list[Any]] = [["Month", *labels]]
    for month in MONTHS:
        rows.append(
            [month, *(str(rng.randint(1, max(4, iv.flow[2] // len(labels) * 2))) for _ in labels)]
        )
    cell = ParagraphStyle(
        "cellh", fontName="Helvetica-Bold", fontSize=7.5, leading=9, textColor=colors.white
    )
    rows[0] = [rows[0][0], *(Paragraph(escape(label), cell) for label in labels)]
    other = (FRAME_WIDTH - 2.0 * cm) / len(labels)
    return TableData(
        f"{capitalise(iv.flow[0])} by month and {header.lower()}, April 2019 to March 2020",
        rows,
        [2.0 * cm] + [other] * len(labels),
    )


TABLE_MAKERS: dict[str, Callable[[Intervention, random.Random], TableData]] = {
    "flow": table_flow,
    "cost": table_cost,
    "outcome": table_outcome,
    "categories": table_categories,
    "areas": table_areas,
    "sample": table_sample,
    "monthly_areas": table_monthly_areas,
}


def bar_chart(values: list[int], labels: list[str]) -> Drawing:
    drawing = Drawing(FRAME_WIDTH, 6.2 * cm)
    chart = VerticalBarChart()
    chart.x, chart.y = 36, 26
    chart.width, chart.height = FRAME_WIDTH - 50, 6.2 * cm - 40
    chart.data = [values]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = TEAL
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return drawing


# --------------------------------------------------------------------------------------
# Document structure
# --------------------------------------------------------------------------------------


@dataclass
class Block:
    """A unit of content: a heading with paragraphs, tables and fixed material."""

    heading: str
    level: int  # 1 = chapter heading, 2 = sub-heading, 0 = none
    pool: str
    weight: float = 1.0
    facts: list[str] = field(default_factory=list)
    fixed: list[Any] = field(default_factory=list)  # ("p", text) / ("bullets", [...])
    tables: list[str] = field(default_factory=list)
    figure: bool = False
    new_page: bool = False
    toc: bool = False
    min_paras: int = 1


def seminar_sentence(iv: Intervention) -> str:
    theme, date = THEMES[iv.theme]
    return (
        f"The findings were discussed at the {theme} seminar on {date}, the "
        f"{ORDINAL[iv.theme]} in a series of online seminars held by the College of "
        "Policing as part of the vulnerability and violent crime programme."
    )


def vvcp_paragraph() -> str:
    return (
        "The vulnerability and violent crime programme (VVCP) brought together researchers "
        "and police forces in England and Wales to build the evidence base on what works in "
        "tackling vulnerability and violent crime. Each evaluation was written in "
        "collaboration with the force or forces concerned and explored five questions:"
    )


def technical_blocks(iv: Intervention) -> list[Block]:
    s = iv.subtitles
    seminar = seminar_sentence(iv)

    def sub(key: str, default: str) -> str:
        return s.get(key, default)

    chapter_names = [
        "Introduction",
        "Methodology",
        Q_HEADINGS["design"],
        Q_HEADINGS["conditions"],
        Q_HEADINGS["cost"],
        Q_HEADINGS["impact"],
        Q_HEADINGS["transfer"],
        "Conclusions",
    ]
    structure = "This report is structured as follows. " + " ".join(
        f"Chapter {i} covers {name[0].lower() + name[1:]}."
        for i, name in enumerate(chapter_names[1:], start=2)
    )
    blocks = [
        Block(
            "Executive summary",
            1,
            "execsum",
            1.2,
            new_page=True,
            toc=True,
            facts=[*iv.facts["summary"][:1], seminar],
        ),
        Block("Key findings", 2, "execsum", 0.4, fixed=[("bullets", "keyfind")]),
        Block("1. Introduction", 1, "intro", 0.0, new_page=True, toc=True),
        Block("1.1 Background", 2, "intro", 1.0),
        Block(f"1.2 About {iv.short}", 2, "intro", 1.0, facts=iv.facts["about"]),
        Block(
            "1.3 The vulnerability and violent crime programme",
            2,
            "intro",
            0.3,
            fixed=[("p", vvcp_paragraph()), ("bullets", FIVE_QUESTIONS), ("p", seminar)],
        ),
        Block(
            "1.4 Structure of this report", 2, "intro", 0.0, fixed=[("p", structure)], min_paras=0
        ),
        Block("2. Methodology", 1, "method", 0.0, new_page=True, toc=True),
        Block("2.1 Evaluation questions", 2, "method", 0.4, fixed=[("bullets", FIVE_QUESTIONS)]),
        Block("2.2 Process evaluation", 2, "method", 1.0, tables=["sample"]),
        Block("2.3 Impact evaluation", 2, "method", 1.0),
        Block("2.4 Cost analysis", 2, "method", 0.6),
        Block("2.5 Limitations", 2, "method", 0.7),
        Block(f"3. {Q_HEADINGS['design']}", 1, "design", 0.0, new_page=True, toc=True),
        Block(
            "3.1 " + sub("design.1", "Aims and objectives"),
            2,
            "design",
            0.8,
            facts=iv.facts.get("design", []),
        ),
        Block(
            "3.2 " + sub("design.2", "Referral and eligibility"),
            2,
            "design",
            1.2,
            tables=["flow"],
            figure=True,
        ),
        Block("3.3 " + sub("design.3", "Delivery model"), 2, "design", 1.4, tables=["categories"]),
        Block("3.4 Staffing and training", 2, "design", 1.0),
        Block("3.5 Engagement and reach", 2, "design", 1.0, tables=["areas"]),
        Block(f"4. {Q_HEADINGS['conditions']}", 1, "conditions", 0.0, new_page=True, toc=True),
        Block("4.1 Leadership and governance", 2, "conditions", 1.0),
        Block("4.2 Partnership working", 2, "conditions", 1.1),
        Block("4.3 Staff skills and capacity", 2, "conditions", 1.0),
        Block("4.4 Data and information sharing", 2, "conditions", 0.8),
        Block(f"5. {Q_HEADINGS['cost']}", 1, "cost", 0.0, new_page=True, toc=True),
        Block("5.1 Approach", 2, "cost", 0.6, facts=iv.topical.get("cost", [])),
        Block("5.2 Costs of delivery", 2, "cost", 1.0, tables=["cost"]),
        Block("5.3 Cost per participant", 2, "cost", 0.7),
        Block("5.4 Potential benefits", 2, "cost", 0.7),
        Block(f"6. {Q_HEADINGS['impact']}", 1, "impact", 0.0, new_page=True, toc=True),
        Block("6.1 Description of the cohort", 2, "impact", 1.0),
        Block(
            "6.2 Constructing a comparison group",
            2,
            "impact",
            0.9,
            facts=iv.topical.get("impact", [])[:1],
        ),
        Block("6.3 Reoffending outcomes", 2, "impact", 1.2, tables=["outcome"]),
        Block("6.4 Harm outcomes", 2, "impact", 0.8),
        Block("6.5 Other outcomes", 2, "impact", 0.9),
        Block(f"7. {Q_HEADINGS['transfer']}", 1, "transfer", 0.0, new_page=True, toc=True),
        Block("7.1 Other areas", 2, "transfer", 1.0, facts=iv.facts.get("transfer", [])),
        Block("7.2 Other crime types", 2, "transfer", 0.8),
        Block("7.3 Considerations for implementation", 2, "transfer", 0.9),
        Block("8. Conclusions", 1, "conclusion", 0.0, new_page=True, toc=True),
        Block("8.1 Summary of findings", 2, "conclusion", 0.9),
        Block(
            "8.2 Implications for practice",
            2,
            "conclusion",
            0.6,
            fixed=[("bullets", "implications")],
        ),
        Block("8.3 Recommendations for future evaluation", 2, "conclusion", 0.5),
        Block(
            "References",
            1,
            "conclusion",
            0.0,
            new_page=True,
            toc=True,
            min_paras=0,
            fixed=[("refs", None)],
        ),
        Block(
            "Appendix A: Additional tables",
            1,
            "method",
            0.0,
            new_page=True,
            toc=True,
            min_paras=0,
            tables=["monthly_areas"],
        ),
    ]
    return blocks


def summary_blocks(iv: Intervention) -> list[Block]:
    seminar = seminar_sentence(iv)
    about = (
        f"This summary presents the key findings and implications for practice from an "
        f"evaluation of {iv.in_text}, carried out as part of the vulnerability and violent "
        "crime programme. A full technical report is available separately."
    )
    return [
        Block(
            "About this summary",
            1,
            "execsum",
            0.0,
            fixed=[("p", about), ("p", iv.facts["summary"][0] + " " + seminar)],
            min_paras=0,
        ),
        Block("Key findings", 1, "execsum", 0.0, fixed=[("bullets", "keyfind")], min_paras=0),
        Block(
            Q_HEADINGS["design"],
            1,
            "design",
            1.3,
            facts=iv.facts.get("design", iv.facts["about"][1:2]),
        ),
        Block(Q_HEADINGS["conditions"], 1, "conditions", 1.0),
        Block(Q_HEADINGS["cost"], 1, "cost", 0.8, tables=["cost"]),
        Block(Q_HEADINGS["impact"], 1, "impact", 1.0, tables=["outcome"]),
        Block(Q_HEADINGS["transfer"], 1, "transfer", 0.8, facts=iv.facts.get("transfer", [])),
        Block(
            "Implications for practice",
            1,
            "conclusion",
            0.0,
            fixed=[("bullets", "implications")],
            min_paras=0,
        ),
        Block(
            "Further information",
            1,
            "conclusion",
            0.0,
            min_paras=0,
            fixed=[
                (
                    "p",
                    f"The full technical report on {iv.short} sets out the methods, "
                    "data and limitations of the evaluation in more detail. Evidence "
                    "summaries for the other interventions discussed at the seminar series "
                    "are available from the College of Policing.",
                )
            ],
        ),
    ]


def exploratory_blocks(iv: Intervention) -> list[Block]:
    seminar = seminar_sentence(iv)
    return [
        Block(
            "Summary",
            1,
            "explore",
            0.8,
            new_page=True,
            toc=True,
            facts=[*iv.facts["explore"], seminar],
        ),
        Block("1. Introduction", 1, "intro", 0.0, new_page=True, toc=True),
        Block("1.1 Op Met Divan", 2, "intro", 0.8, facts=iv.facts["about"]),
        Block(
            "1.2 Aims of this analysis",
            2,
            "explore",
            0.6,
            fixed=[
                (
                    "p",
                    "This exploratory analysis examines the backgrounds and prior "
                    "experiences of young people identified by Op Met Divan, to see what can "
                    "be learned about young people on the edges of knife crime.",
                )
            ],
        ),
        Block("2. Data and methods", 1, "method", 0.0, new_page=True, toc=True),
        Block("2.1 Data sources", 2, "method", 0.8),
        Block("2.2 Analysis", 2, "method", 0.6),
        Block("2.3 Limitations", 2, "method", 0.5),
        Block("3. Who was identified by Op Met Divan?", 1, "explore", 0.0, new_page=True, toc=True),
        Block("3.1 Age, gender and borough", 2, "explore", 0.9, tables=["areas"]),
        Block("3.2 Prior contact with the police", 2, "explore", 1.0, tables=["categories"]),
        Block("4. Prior experiences", 1, "explore", 0.0, new_page=True, toc=True),
        Block("4.1 Victimisation", 2, "explore", 0.9),
        Block("4.2 Missing episodes and exploitation", 2, "explore", 0.9),
        Block("4.3 Education and school exclusion", 2, "explore", 0.8),
        Block("4.4 Adverse childhood experiences", 2, "explore", 0.8),
        Block("5. Discussion", 1, "conclusion", 0.0, new_page=True, toc=True),
        Block(
            "5.1 Implications for Op Met Divan",
            2,
            "conclusion",
            0.8,
            fixed=[("bullets", "implications")],
        ),
        Block(
            f"5.2 {Q_HEADINGS['transfer']}", 2, "transfer", 0.6, facts=iv.facts.get("transfer", [])
        ),
        Block(
            "References",
            1,
            "conclusion",
            0.0,
            new_page=True,
            toc=True,
            min_paras=0,
            fixed=[("refs", None)],
        ),
    ]


def schedule(weights: list[float], length: int) -> list[int]:
    """Deterministic weighted round-robin order in which blocks receive extra paragraphs."""
    counts = [0] * len(weights)
    order: list[int] = []
    total = sum(weights)
    for step in range(1, length + 1):
        best = max(
            (i for i, w in enumerate(weights) if w > 0),
            key=lambda i: (weights[i] / total * step - counts[i], -i),
        )
        counts[best] += 1
        order.append(best)
    return order


# --------------------------------------------------------------------------------------
# PDF building
# --------------------------------------------------------------------------------------


class ReportDoc(SimpleDocTemplate):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.heading_pages: dict[str, int] = {}

    def afterFlowable(self, flowable: Flowable) -> None:
        key = getattr(flowable, "toc_key", None)
        if key:
            self.heading_pages[key] = self.page


class Builder:
    def __init__(self, spec: DocSpec) -> None:
        self.spec = spec
        self.iv = spec.iv
        if spec.kind == "technical":
            self.blocks = technical_blocks(self.iv)
        elif spec.kind == "summary":
            self.blocks = summary_blocks(self.iv)
        else:
            self.blocks = exploratory_blocks(self.iv)
        self.order = schedule([b.weight for b in self.blocks], 2000)
        self._writers: dict[int, ProseWriter] = {}
        # Document-level numbers, so that a report quotes the same figures throughout.
        figures = seeded(spec.filename, "figures")
        self.vocab: dict[str, list[str]] = {
            **self.iv.vocab,
            "nint": [str(figures.randint(18, 64))],
            "big2": [str(figures.randint(45, 320))],
            "money": [f"{POUND}{figures.randint(90, 960) * 1000:,}"],
            "money_small": [f"{POUND}{figures.randint(240, 4800):,}"],
            "ncase": [str(figures.randint(12, 35))],
            "age": [str(figures.randint(14, 16))],
            "outcome_measure": [self.iv.outcome_label[0].lower() + self.iv.outcome_label[1:]],
        }
        self.tables: dict[tuple[int, str], TableData] = {}
        for index, block in enumerate(self.blocks):
            for key in block.tables:
                rng = seeded(spec.filename, "table", index, key)
                self.tables[(index, key)] = TABLE_MAKERS[key](self.iv, rng)
                for name, value in self.tables[(index, key)].figures.items():
                    self.vocab.setdefault(f"table_{name}", [value])
        for name in ("money", "money_small", "staff_share", "rate_int", "rate_cmp"):
            if f"table_{name}" in self.vocab:
                self.vocab[name] = self.vocab[f"table_{name}"]

    # -- content -------------------------------------------------------------------------

    def paragraph_text(self, block_index: int, i: int) -> str:
        if block_index not in self._writers:
            block = self.blocks[block_index]
            rng = seeded(self.spec.filename, "prose", block_index)
            self._writers[block_index] = ProseWriter(
                rng, self.iv, block.pool, self.vocab, block.facts
            )
        return self._writers[block_index].paragraph(i)

    def bullets(self, kind: str) -> list[str]:
        rng = seeded(self.spec.filename, "bullets", kind)
        if kind == "keyfind":
            pools = ["design", "design", "conditions", "cost", "impact", "transfer"]
        else:
            pools = ["conditions", "transfer", "conditions", "conclusion", "design"]
        items: list[str] = []
        for pool in pools:
            for _ in range(50):
                item = make_bullet(rng, self.iv, pool, self.vocab)
                if item.split(" ")[:4] not in [i.split(" ")[:4] for i in items]:
                    break
            items.append(item)
        return items

    def references(self) -> list[str]:
        return sorted(REF_COMMON + self.iv.references)

    # -- flowables -----------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        short, rest = self.spec.title.split(": ", 1)
        heading = f"{escape(short)}:<br/>{escape(rest)}"
        return [
            Spacer(1, 3.2 * cm),
            Paragraph(heading, STYLES["cover_title"]),
            Paragraph(ORG, STYLES["cover_org"]),
            Paragraph(PROGRAMME, STYLES["cover_prog"]),
            Paragraph(escape(self.iv.force_line), STYLES["cover_line"]),
            Paragraph("July 2021", STYLES["cover_line"]),
            Paragraph(DISCLAIMER, STYLES["cover_warn"]),
            PageBreak(),
        ]

    def contents(self, toc_pages: dict[str, int] | None) -> list[Flowable]:
        rows = []
        for block in self.blocks:
            if block.toc:
                page = (toc_pages or {}).get(block.heading, 0)
                rows.append(
                    [
                        Paragraph(escape(block.heading), STYLES["toc"]),
                        f"{page}" if toc_pages else "00",
                    ]
                )
        table = Table(rows, colWidths=[FRAME_WIDTH - 2 * cm, 2 * cm], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (1, 0), (1, -1), "Helvetica"),
                    ("FONTSIZE", (1, 0), (1, -1), 11),
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#BFBFBF")),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        intro = Paragraph(
            "This document is a synthetic stand-in produced for software testing. Its "
            "structure follows the published evaluation reports of the vulnerability and "
            "violent crime programme, but the text, figures and tables were generated.",
            STYLES["note"],
        )
        return [Paragraph("Contents", STYLES["h1"]), table, Spacer(1, 0.6 * cm), intro]

    def table_flowables(self, data: TableData, number: int) -> list[Flowable]:
        items: list[Flowable] = [
            Paragraph(f"Table {number}: {escape(data.caption)}", STYLES["caption"]),
            styled_table(data.rows, data.widths, data.total),
        ]
        if data.note:
            items.append(Paragraph(escape(data.note), STYLES["note"]))
        else:
            items.append(Spacer(1, 8))
        return [KeepTogether(items)]

    def story(self, extra: int, toc_pages: dict[str, int] | None) -> list[Flowable]:
        counts = [b.min_paras for b in self.blocks]
        for index in self.order[:extra]:
            counts[index] += 1
        story: list[Flowable] = self.cover()
        if self.spec.kind != "summary":
            story += self.contents(toc_pages)
        table_no = 0
        figure_no = 0
        for index, block in enumerate(self.blocks):
            if block.new_page:
                story.append(PageBreak())
            if block.level:
                heading = Paragraph(
                    escape(block.heading), STYLES["h1" if block.level == 1 else "h2"]
                )
                heading.toc_key = block.heading if block.toc else None
                story.append(heading)
            paras = [self.paragraph_text(index, i) for i in range(counts[index])]
            if counts[index] == 0 and block.facts:
                paras = [" ".join(block.facts)]
            body = [Paragraph(escape(p), STYLES["body"]) for p in paras]
            story += body[:1]
            for kind, payload in block.fixed:
                if kind == "p":
                    story.append(Paragraph(escape(payload), STYLES["body"]))
                elif kind == "bullets":
                    items = payload if isinstance(payload, list) else self.bullets(payload)
                    story += [
                        Paragraph(escape(t), STYLES["bullet"], bulletText="\u2022") for t in items
                    ]
                    story.append(Spacer(1, 4))
                elif kind == "refs":
                    story += [Paragraph(escape(r), STYLES["ref"]) for r in self.references()]
            for key in block.tables:
                table_no += 1
                story += self.table_flowables(self.tables[(index, key)], table_no)
                if key == "flow" and block.figure:
                    figure_no += 1
                    data = self.tables[(index, key)]
                    story.append(
                        KeepTogether(
                            [
                                Paragraph(
                                    f"Figure {figure_no}: {escape(data.caption)}", STYLES["caption"]
                                ),
                                bar_chart(data.series, MONTHS),
                                Spacer(1, 8),
                            ]
                        )
                    )
            story += body[1:]
        return story

    # -- page decoration -----------------------------------------------------------------

    def draw_cover(self, canvas: Any, doc: Any) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFillColor(NAVY)
        canvas.rect(0, height - 2.2 * cm, width, 2.2 * cm, stroke=0, fill=1)
        canvas.setFillColor(TEAL)
        canvas.rect(0, height - 2.5 * cm, width, 0.3 * cm, stroke=0, fill=1)
        canvas.setFillColor(NAVY)
        canvas.rect(0, 0, width, 1.4 * cm, stroke=0, fill=1)
        canvas.restoreState()

    def draw_page(self, canvas: Any, doc: Any) -> None:
        width, height = A4
        left = right_margin = 2.6 * cm
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.HexColor("#404040"))
        canvas.drawString(left, height - 1.5 * cm, self.spec.title)
        canvas.drawRightString(width - right_margin, height - 1.5 * cm, ORG)
        canvas.setStrokeColor(TEAL)
        canvas.setLineWidth(0.5)
        canvas.line(left, height - 1.65 * cm, width - right_margin, height - 1.65 * cm)
        canvas.drawCentredString(width / 2, 1.3 * cm, f"Page {doc.page} of {self.spec.pages}")
        canvas.restoreState()

    def build(
        self, extra: int, toc_pages: dict[str, int] | None = None
    ) -> tuple[bytes, int, dict[str, int]]:
        buffer = io.BytesIO()
        doc = ReportDoc(
            buffer,
            pagesize=A4,
            leftMargin=2.6 * cm,
            rightMargin=2.6 * cm,
            topMargin=2.4 * cm,
            bottomMargin=2.2 * cm,
            title=self.spec.title,
            invariant=1,
            pageCompression=1,
        )
        doc.build(
            self.story(extra, toc_pages), onFirstPage=self.draw_cover, onLaterPages=self.draw_page
        )
        return buffer.getvalue(), doc.page, dict(doc.heading_pages)

    def render(self) -> bytes:
        """Find the largest amount of prose that fills exactly ``spec.pages`` pages."""
        target = self.spec.pages
        cache: dict[int, tuple[bytes, int, dict[str, int]]] = {}

        def pages(extra: int) -> int:
            if extra not in cache:
                cache[extra] = self.build(extra)
            return cache[extra][1]

        if pages(0) > target:
            raise RuntimeError(f"{self.spec.filename}: minimal content exceeds {target} pages")
        lo = 0  # pages(lo) <= target
        hi = max(4, target * 3)
        while pages(hi) <= target:
            lo, hi = hi, hi * 2
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if pages(mid) <= target:
                lo = mid
            else:
                hi = mid
        if pages(lo) != target:
            raise RuntimeError(f"{self.spec.filename}: got {pages(lo)} pages, want {target}")
        toc = cache[lo][2] if self.spec.kind != "summary" else None
        data, count, heading_pages = self.build(lo, toc)
        if count != target or (toc is not None and heading_pages != toc):
            raise RuntimeError(f"{self.spec.filename}: layout changed after adding contents")
        return data


# --------------------------------------------------------------------------------------
# Metadata post-processing
# --------------------------------------------------------------------------------------


def xmp_packet(spec: DocSpec) -> bytes:
    m = spec.meta
    doc_id = uuid.UUID(bytes=hashlib.md5(spec.filename.encode()).digest())
    inst_id = uuid.UUID(bytes=hashlib.md5((spec.filename + "#1").encode()).digest())
    text = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 5.6-c017 91.164464, 2020/06/15">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:format>application/pdf</dc:format>
   <dc:title>
    <rdf:Alt>
     <rdf:li xml:lang="x-default">{escape(m["title"])}</rdf:li>
    </rdf:Alt>
   </dc:title>
   <dc:creator>
    <rdf:Seq>
     <rdf:li>{escape(m["creator"])}</rdf:li>
    </rdf:Seq>
   </dc:creator>
   <xmp:CreateDate>{m["created"]}</xmp:CreateDate>
   <xmp:ModifyDate>{m["modified"]}</xmp:ModifyDate>
   <xmp:MetadataDate>{m["modified"]}</xmp:MetadataDate>
   <xmp:CreatorTool>{escape(m["tool"])}</xmp:CreatorTool>
   <xmpMM:DocumentID>xmp.did:{doc_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{inst_id}</xmpMM:InstanceID>
   <pdf:Producer>{escape(m["producer"])}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return text.encode("utf-8")


def apply_metadata(spec: DocSpec, pdf: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    meta = spec.meta
    kind = meta["kind"]
    if kind in ("proper", "word-export"):
        info = {k: v for k, v in meta.items() if k.startswith("/")}
        if kind == "proper":
            info["/Subject"] = spec.iv.subject
            info["/Keywords"] = spec.iv.keywords
        writer.metadata = info
    elif kind == "none":
        variant = meta["variant"]
        if variant == "no-info":
            writer.metadata = None
        elif variant == "empty-info":
            writer.metadata = {}
        else:
            writer.metadata = {k: v for k, v in meta.items() if k.startswith("/")}
    elif kind == "xmp":
        writer.metadata = {"/Creator": meta["tool"], "/Producer": meta["producer"]}
        writer.xmp_metadata = xmp_packet(spec)
        stream = writer.root_object["/Metadata"].get_object()
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
    else:
        raise ValueError(kind)
    file_id = ByteStringObject(hashlib.md5(f"evalcatalog:{spec.filename}".encode()).digest())
    writer._ID = ArrayObject([file_id, file_id])
    writer.pdf_header = "%PDF-1.7"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------


def readme(page_counts: dict[str, int]) -> str:
    lines = [
        "# Synthetic stand-in evaluation reports",
        "",
        "These 19 PDFs are **synthetic stand-ins** for the College of Policing evaluation "
        "reports listed on the page *Vulnerability and violent crime " + NDASH + " join our "
        "online seminars* (published 6 July 2021). The real PDFs could not be downloaded, so "
        "the files here were generated for software testing. Their text, numbers, tables and "
        "charts are made up and are **not** the published College of Policing reports; every "
        "cover says so.",
        "",
        "They are generated deterministically by `scripts/make_reports.py` (reportlab for "
        "drawing, pypdf for metadata). Regenerate them from the repository root with:",
        "",
        "```",
        ".venv/bin/python scripts/make_reports.py",
        "```",
        "",
        "Re-running the script produces byte-identical files (reportlab `invariant=1`, seeded "
        "`random.Random`, fixed dates and file identifiers).",
        "",
        "| File | Type | Intervention | Force(s) | Seminar theme (date) | Pages | Metadata |",
        "|---|---|---|---|---|---:|---|",
    ]
    for spec in DOCS:
        theme, date = THEMES[spec.iv.theme]
        forces = "; ".join(spec.iv.forces)
        kind = spec.meta["kind"]
        if kind == "none":
            kind = f"none ({spec.meta['variant']})"
        lines.append(
            f"| `{spec.filename}` | {spec.doc_type} | {spec.iv.name} | {forces} | "
            f"{spec.iv.theme}. {theme} ({date}) | {page_counts[spec.filename]} | "
            f"{kind} |"
        )
    lines += [
        "",
        "Metadata kinds:",
        "",
        "- **proper**: `/Info` with Title (the document title), Author `College of Policing`, "
        "Subject, Keywords, Creator/Producer of a Word or Acrobat export, CreationDate and "
        "ModDate in July 2021 before the seminar date.",
        "- **word-export**: `/Info` Title like `Microsoft Word - DIVERT summary FINAL.docx`, "
        "Author a person name or `user`, print-to-PDF Creator/Producer, dates in June/July "
        "2021.",
        "- **none**: no Title and no Author. Variants: `no-info` (no `/Info` dictionary at "
        "all), `empty-info` (empty `/Info`), `producer-only` (`/Info` holds only a Producer).",
        "- **xmp**: title, creator and dates only in the XMP metadata stream (`dc:title`, "
        "`dc:creator`, `xmp:CreateDate`); `/Info` has only Creator and Producer.",
        "",
        "Deliberate hard cases for the tagger: the CIRV reports use *divert* as a verb but "
        "never mention the DIVERT programme; the Op Met Divan reports refer to *Op Divan* "
        "(the North Yorkshire original) a few times; the SARA/SAM reports use every spelling "
        "of the tools (SARA v3, SARAv3, SARA version 3, spousal assault risk assessment, SAM, "
        "stalking assessment and management); the TAWs and FSPs reports use both singular "
        "and plural acronyms (TAW/TAWs, FSP/FSPs).",
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument(
        "--only", action="append", default=[], help="generate only this file name (repeatable)"
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    page_counts: dict[str, int] = {}
    for spec in DOCS:
        page_counts[spec.filename] = spec.pages
        if args.only and spec.filename not in args.only:
            continue
        data = apply_metadata(spec, Builder(spec).render())
        (out / spec.filename).write_bytes(data)
        print(
            f"{spec.filename}: {spec.pages} pages, {len(data):,} bytes, "
            f"metadata {spec.meta['kind']}"
        )
    if not args.only:
        (out / "README.md").write_text(readme(page_counts), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
