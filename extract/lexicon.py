"""The resourcing lexicon: which words count as a mention of each theme, and which words make a
mention a *concern* or a *reassurance*. Data only — the rules that use it are in ``themes.py``
and in the README section "Extraction".

Versioned: change ``LEXICON_VERSION`` (and ``extract.EXTRACTOR_VERSION``) whenever a list here
changes, so every stored extraction says which lexicon counted it. Patterns are Python regular
expressions, matched case-insensitively on whole words.

How a mention is judged (see ``themes.stance``), in this order, within the mention's clause (the
sentence cut at ";" and at "but / however / although / though / whereas / while / despite",
keeping a following contrast clause that refers back with "it / they / this / these"):

0. a mention under a heading that lists what must improve ("What needs to improve?", "Areas
   for priority action", "Recommendations"; ``IMPROVEMENT_SECTIONS``) → **concern**; so is
   a **recommendation** (the sentence starts with an instruction such as "Ensure", "Take",
   "Improve", or the term sits in a "but it / although its …" clause that carries a concern cue)
   → **concern**: a recommendation or a "but" clause states a shortfall;
1. a theme's own **concern** cue within ``NEAR`` words of the term (not negated), or a negated
   reassurance cue ("caseloads are not manageable") → **concern** — unless a **reduction** cue
   (``REDUCTION``: "reduced", "fallen", "stabilising" …) is also near: "dependency on agency
   workers has significantly reduced" → **reassurance**;
2. a theme's own **reassurance** cue within ``NEAR`` words (not negated), or a negated concern
   cue ("caseloads are not high") → **reassurance**;
3. the term itself is a concern ("unallocated", "waiting list", "instability", "churn") → **concern**;
4. a **general concern** cue anywhere in the clause → **concern**;
5. the term itself is a reassurance ("stable workforce", "permanent staff") → **reassurance**;
6. a **general reassurance** cue anywhere in the clause → **reassurance**;
7. otherwise **neutral** (the theme is mentioned, with no judgement attached).

A negation is one of ``NEGATIONS`` up to three words before the cue.
"""

from __future__ import annotations

LEXICON_VERSION = "1.0"

NEAR = 6  # words either side of the term for a theme's own cues

# A mention in a section with one of these headings is a concern whatever its words: the
# section lists what must improve ("What needs to improve?" • "Management oversight and grip").
IMPROVEMENT_SECTIONS = (r"^(?:What needs to improve|What does the (?:local authority|LSCB) need to improve|"
                        r"Areas? for (?:priority action|(?:further )?improvement|development)|Recommendations|"
                        r"Priority and immediate action|Immediate action|Action within)")

# Sentences that open with one of these are recommendations ("Ensure that IROs have sufficient capacity").
RECOMMENDATION = (r"^\W*(?:Ensure|Take|Improve|Strengthen|Develop|Increase|Reduce|Address|Review|Consider|Continue to|"
                  r"Provide|Make sure|Establish|Implement)\b")

# A concern that is falling is a reassurance ("high turnover has reduced").
REDUCTION = r"(?:reduced|reducing|reduction|fallen|fell|decreased|decreasing|lower(?:ed)?|stabilis\w+|stabiliz\w+|improved|improving)"

NEGATIONS = r"(?:not|no|never|nor|without|isn[’']t|aren[’']t|wasn[’']t|weren[’']t|hardly|rarely)"

# Words and phrases that make any mention a concern when they are in its clause.
GENERAL_CONCERN = [
    r"too (?:many|high|few|much|often|large|slow|long|great)",
    r"lack(?:s|ing)?\b", r"insufficient(?:ly)?", r"inadequate(?:ly)?", r"poor(?:ly)?",
    r"weak(?:ness|nesses|er)?", r"not (?:always|consistently|sufficiently|yet|routinely|regularly|reliably)",
    r"inconsistent(?:ly)?", r"inconsistency", r"variable", r"variability", r"delays?", r"delayed", r"drift",
    r"unable to", r"struggl\w*", r"difficult(?:y|ies)?", r"pressures?", r"shortages?", r"negative(?:ly)?",
    r"unmanageable", r"excessive(?:ly)?", r"reliance on", r"over-?reliance", r"dependen(?:ce|cy) on",
    r"limited", r"concerns?", r"concerning", r"fragil\w+", r"unstable", r"instability", r"hamper\w*",
    r"hinder\w*", r"deteriorat\w+", r"worse(?:ned)?", r"advers\w*", r"disrupt\w*",
    r"problem\w*", r"an issue", r"issues", r"compromis\w+", r"affect(?:s|ed|ing)?", r"remains?", r"remained",
    r"would benefit from", r"needs? to", r"should", r"areas? for (?:further )?(?:development|improvement)", r"churn", r"gaps?", r"absence of", r"does not", r"do not",
    r"did not", r"has not", r"have not", r"remains? high", r"remain a challenge", r"a challenge",
    r"challenges", r"challenging", r"ineffective", r"superficial", r"lacks?", r"overstretched",
    r"stretched", r"high turnover", r"heavy", r"increase in", r"rising", r"risen", r"significant(?:ly)? (?:high|number)",
    r"unallocated", r"infrequent", r"sporadic", r"not all", r"few(?:er)? than", r"below",
]

# Words and phrases that make a mention a reassurance when no concern cue is in its clause.
GENERAL_REASSURANCE = [
    r"manageable", r"reasonable", r"low(?:er)?", r"reduced", r"reducing", r"reductions? in", r"decreas\w+",
    r"fallen", r"few", r"fewer", r"minimal", r"stable", r"stability", r"stabilis\w+", r"stabiliz\w+",
    r"regular(?:ly)?", r"effective(?:ly)?", r"strong(?:er)?", r"robust(?:ly)?", r"good", r"improved",
    r"improvements? in", r"successful(?:ly)?", r"supportive", r"high[- ]quality", r"clear(?:ly)?",
    r"appropriate(?:ly)?", r"prioritis\w+", r"invest\w*", r"additional", r"increased capacity",
    r"benefit\w*", r"protected", r"well[- ]?(?:supported|managed|established)", r"consistent(?:ly)?",
    r"timely", r"reflective", r"purposeful", r"valued", r"positive(?:ly)?", r"thorough", r"evident",
    r"sufficient", r"continuity", r"enables?", r"helps?", r"ensures?", r"in place", r"strengthened",
]

# Each theme: name (slug), label, description, the terms that make a mention, terms to ignore
# (other meanings of the same words), and the theme's own concern / reassurance cues.
THEME_RULES = [
    {
        "name": "caseload", "label": "Caseloads",
        "description": "How many children or cases each worker holds, and workload.",
        "terms": [r"case\s?loads?", r"workloads?"],
        "exclude": [],
        "concern": [r"high(?:er)?", r"too high", r"large", r"heavy", r"increas\w+", r"rising", r"risen",
                    r"unmanageable", r"excessive", r"pressures?", r"demanding", r"significant", r"grow\w*"],
        "reassurance": [r"manageable", r"reasonable", r"low(?:er)?", r"reduced", r"reducing", r"reduction",
                        r"protected", r"appropriate", r"lighter", r"small", r"capped", r"fallen", r"decreas\w+",
                        r"allow\w*", r"enabl\w+"],
    },
    {
        "name": "vacancies", "label": "Vacancies",
        "description": "Unfilled posts and vacancy rates.",
        "terms": [r"vacanc(?:y|ies)", r"vacant posts?", r"unfilled posts?"],
        "exclude": [r"(?:apprenticeship|job|work experience) vacanc\w+"],
        "concern": [r"high(?:er)?", r"significant", r"number of", r"increas\w+", r"rising", r"carry\w*",
                    r"persistent", r"large"],
        "reassurance": [r"low(?:er)?", r"few", r"no", r"reduced", r"reduction", r"fallen", r"filled",
                        r"decreas\w+", r"minimal", r"small"],
    },
    {
        "name": "agency_staff", "label": "Agency staff",
        "description": "Use of, and reliance on, agency or locum workers.",
        "terms": [r"(?<!multi-)(?<!multi )(?<!partner )agency (?:social )?(?:workers?|staff|practitioners?|managers?|"
                  r"team managers?|staffing|personnel|usage|use)", r"use of agency", r"reliance on agency",
                  r"locums?", r"interim (?:staff|social workers?)"],
        "exclude": [r"other agency staff", r"partner agency staff"],
        "concern": [r"reliance", r"reliant", r"rely", r"dependen\w+", r"high(?:er)?", r"significant",
                    r"large", r"increas\w+", r"many", r"too many"],
        "reassurance": [r"minimal", r"low(?:er)?", r"few", r"reduced", r"reduction", r"reducing", r"small",
                        r"no", r"decreas\w+", r"fallen", r"converted", r"permanent"],
    },
    {
        "name": "turnover", "label": "Turnover and changes of social worker",
        "description": "Staff leaving, and children experiencing changes of social worker.",
        "terms": [r"turnover", r"changes? (?:of|in) (?:their )?(?:social )?workers?", r"changes? of (?:personal adviser|practitioner|worker)s?",
                  r"(?:many|several|numerous|multiple|a number of|different|successive) (?:social )?workers",
                  r"churn"],
        "exclude": [],
        "concern": [r"high(?:er)?", r"many", r"frequent(?:ly)?", r"too many", r"several", r"numerous", r"constant",
                    r"multiple", r"repeated", r"significant", r"number of", r"led to", r"disrupt\w*", r"churn"],
        "reassurance": [r"low(?:er)?", r"few", r"reduced", r"reduction", r"minimal", r"stable", r"fallen",
                        r"decreas\w+", r"limited", r"same", r"consistent", r"no"],
    },
    {
        "name": "unallocated_work", "label": "Unallocated work",
        "description": "Children or cases waiting for a worker.",
        "terms": [r"unallocated", r"not (?:yet )?allocated", r"awaiting allocation", r"waiting lists?",
                  r"waiting for (?:allocation|a (?:social )?worker)", r"delays? in allocati\w+", r"allocation delays?"],
        "exclude": [],
        "concern": [r"unallocated", r"waiting", r"delays?", r"number of", r"too many", r"some", r"backlogs?"],
        "reassurance": [r"no", r"all children", r"none", r"promptly", r"quickly", r"reduced", r"fallen"],
    },
    {
        "name": "recruitment_retention", "label": "Recruitment and retention",
        "description": "Recruiting and keeping social workers and managers.",
        "terms": [r"recruit(?:ment|ing|ed)?", r"retention", r"retain(?:ing|ed)? (?:staff|social workers|workers|practitioners|managers)"],
        "exclude": [r"recruit\w*(?: [\w-]+){0,5} (?:foster\w*|adopt\w*|carers?|mentors?|volunteers?|famil\w+|households?|"
                    r"young people|children|independent visitors?|members|apprentices|placements?)",
                    r"(?:foster|adopt\w*|carers?|placements?) (?:\w+ ){0,2}recruit\w*", r"recruitment (?:interviews?|panels?)",
                    r"recruitment of staff"],
        "concern": [r"difficult\w*", r"challeng\w+", r"struggl\w*", r"hard to", r"problem\w*", r"unable"],
        "reassurance": [r"successful(?:ly)?", r"effective(?:ly)?", r"improved", r"strong", r"good",
                        r"stable", r"invest\w*"],
    },
    {
        "name": "workforce_stability", "label": "Workforce stability",
        "description": "Whether the workforce is stable or unsettled (including permanent staffing).",
        "terms": [r"(?:stable|stability of the|instability (?:in|of) the|unstable|stabilis\w+ the|settled) (?:social work )?(?:workforce|staff(?:ing)?|teams?)",
                  r"workforce (?:stability|instability)", r"staffing (?:stability|instability)",
                  r"permanent (?:staff|workforce|social workers|workers|managers)"],
        "exclude": [],
        "concern": [r"instability", r"unstable", r"fragile", r"lack of", r"not yet", r"fluctuat\w+"],
        "reassurance": [r"stable", r"stability", r"stabilis\w+", r"settled", r"permanent", r"improved"],
    },
    {
        "name": "capacity", "label": "Capacity",
        "description": "Whether teams and services have enough people and time.",
        "terms": [r"capacity"],
        "exclude": [r"capacity (?:to|for) improve\w*", r"mental capacity", r"capacity assessments?", r"(?:parent\w*|parents[’']|carers[’']|learning|parental) capacity",
                    r"capacity (?:to|of) (?:change|parent|care for|protect|the parent|parents|carers|families)",
                    r"capacity (?:for|to make) (?:change|decisions)"],
        "concern": [r"insufficient", r"lack\w*", r"limited", r"stretched", r"pressures?", r"not enough",
                    r"reduced", r"issues", r"constraints?", r"shortfall"],
        "reassurance": [r"increased", r"additional", r"sufficient", r"extra", r"more", r"enough", r"increas\w+",
                        r"created", r"expanded", r"boost\w*"],
    },
    {
        "name": "sickness", "label": "Sickness and absence",
        "description": "Staff sickness and absence.",
        "terms": [r"sickness", r"staff absences?", r"(?:staff|sickness) absence (?:rates?|levels)", r"long-term absences?"],
        "exclude": [],
        "concern": [r"high(?:er)?", r"long-term", r"increas\w+", r"impact\w*"],
        "reassurance": [r"low(?:er)?", r"reduced", r"fallen", r"decreas\w+"],
    },
    {
        "name": "management_oversight", "label": "Management oversight and supervision",
        "description": "Managers' oversight of practice and workers' supervision.",
        "terms": [r"management oversight", r"managerial oversight", r"managers[’']? oversight", r"oversight by managers",
                  r"supervision(?! orders?)(?! of contact)"],
        "exclude": [r"supervision orders?", r"supervised contact", r"supervision requirements?"],
        "concern": [r"not always", r"inconsistent\w*", r"lack\w*", r"limited", r"weak", r"variable",
                    r"poor", r"insufficient", r"infrequent", r"not evident", r"not recorded", r"ineffective",
                    r"superficial", r"not (?:sufficiently|consistently|regularly)"],
        "reassurance": [r"regular(?:ly)?", r"effective(?:ly)?", r"strong", r"good", r"clear(?:ly)?", r"evident",
                        r"robust", r"reflective", r"high[- ]quality", r"consistent(?:ly)?", r"timely",
                        r"purposeful", r"frequent", r"well"],
    },
    {
        "name": "budget", "label": "Budget and funding",
        "description": "Money: budgets, funding, investment, overspends.",
        "terms": [r"budgets?", r"funding", r"financial (?:pressures?|constraints?|challenges?|investment|resources?|position|support)",
                  r"overspen\w+", r"invest(?:ment|ed|ing)?", r"austerity", r"savings"],
        "exclude": [r"invest\w* (?:time|effort)", r"financial support(?: (?:for|to) [\w ]{0,30})?", r"access funding",
                    r"funding for (?:help|setting up|equipment)", r"provide funding", r"jointly[- ]funded"],
        "concern": [r"pressures?", r"overspen\w+", r"cuts?", r"constraints?", r"reductions?", r"savings",
                    r"insufficient", r"shortfall", r"reduced", r"austerity", r"challeng\w+"],
        "reassurance": [r"invest\w*", r"additional", r"increased", r"significant", r"protected", r"secured",
                        r"new", r"extra"],
    },
]
