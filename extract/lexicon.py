"""The resourcing lexicon: which words count as a mention of each theme, and which words make a
mention a *concern* or a *reassurance*. Data only — the rules that use it are in ``themes.py``
and in docs/stance.md.

Versioned: change ``LEXICON_VERSION`` (and ``extract.EXTRACTOR_VERSION``) whenever a list here
changes, so every stored extraction says which lexicon counted it. Patterns are Python regular
expressions, matched case-insensitively on whole words.

How a mention is judged (``themes.judge``; docs/stance.md), in this order. The mention's clause
is the sentence cut at ";", a dash and "but / although / though / whereas / while / despite /
except / yet" — not at "not yet", "has yet to" or a parenthetical ", however," — and a concession
("Despite X, Y", "…, although X, Y") is cut at its comma, across ", and …" ("While X, and Y, Z":
Z is the main clause).

A theme's term is looked for only in sentences with one of its ``stems``; a term inside an
``exclude`` pattern is another sense, and so is every term of a sentence with an ``other_sense``
pattern (recruiting foster carers) unless a ``keep`` pattern holds the term ("social worker
recruitment").

0. under a heading that lists what must improve (``IMPROVEMENT_SECTIONS``) → **concern**
   (cue "section: …"); a sentence that opens as a recommendation (``RECOMMENDATION``) → **concern**;
1. a **requirement** (``REQUIREMENT``: "needs to be done", "requires more", "would benefit from")
   or a **shortfall** (``SHORTFALL``: "has not yet resulted in") in the clause → **concern**;
2. a following clause that refers back to the term ("…, but they remain too high", "Although
   reducing, caseloads remain high"): a concern there → **concern**; after a concession, what the
   main clause states decides; after "despite", a concern in the main clause decides whether or not
   it refers back; a few words after "but" decide when the term's clause says nothing ("busy but
   manageable"); a conceded term gives way to a term of its theme in the main clause; a
   requirement after the contrast → **concern**;
3. the term after an **aim** (``AIMS``: "with the aim of", "a plan to", "work to reduce"; the aim's
   verb may be the term's own: "work to stabilise the workforce"), or a term that names a plan
   (``PLAN_NOUNS``: "a recruitment strategy") → **neutral**, unless a concern is stated as it
   stands or the sentence says the aim was achieved (``AIM_ACHIEVED``);
4. a term with a negation in it ("not always allocated") → **concern**;
5. a theme's own **concern** cue within ``NEAR`` words (not negated), or a negated reassurance cue
   → **concern** — unless, for a theme where less is good news (``falling_is_good``), a
   **reduction** applies to the term (``REDUCTION``; before it, or after it with no object of its
   own: "high turnover has reduced the impact of training" stays a concern) → **reassurance**;
6. a theme's own **reassurance** cue within ``NEAR`` words, or a negated concern cue, or a
   reduction of the term → **reassurance**; for a theme where more is good news, an **increase**
   of the term (``INCREASE``: "a recent increase in funding") → **reassurance**; for one where less
   is, a rise later in the term's clause ("turnover … has increased") → **concern**;
7. the term itself a concern ("unallocated", "churn") → **concern**; a term that states its own
   state ("the adoption team has remained stable") → the stance it states;
8. a **general concern** cue (including risk: "vulnerable to", "fragile") in the clause → **concern**;
9. the term itself a reassurance → **reassurance**; a **general reassurance** cue → **reassurance**,
   unless it is an adjective of another noun ("an effective participation officer was recruited");
10. otherwise **neutral**.

A problem put in the past (``PAST``: "until recently", "previously") is a reassurance for every
theme, and a good state "until recently" a concern, unless the sentence says it goes on
(``ONGOING``) or the past belongs to another item of a list. A good state in an opening
present-tense condition ("When workers have lower caseloads, …") is supposed, not found: neutral. Every term of
a theme in a sentence is judged; the sentence's mention is a concern if any is, else a
reassurance if any is. Each mention keeps the ``cue`` that decided it.

A negation is one of ``NEGATIONS`` up to three words before the cue.
"""

from __future__ import annotations

LEXICON_VERSION = "3.0"

NEAR = 8  # words either side of the term for a theme's own cues

# A mention in a section with one of these headings is a concern whatever its words: the
# section lists what must improve ("What needs to improve?" • "Management oversight and grip").
IMPROVEMENT_SECTIONS = (r"^(?:What needs to improve|What does the (?:local authority|LSCB) need to improve|"
                        r"Areas? for (?:priority action|(?:further )?improvement|development)|Recommendations|"
                        r"Priority and immediate action|Immediate action|Action within)")

# Sentences that open with one of these are recommendations ("Ensure that IROs have sufficient capacity").
RECOMMENDATION = (r"^\W*(?:Ensure|Take|Improve|Strengthen|Develop|Increase|Reduce|Address|Review|Consider|Continue to|"
                  r"Provide|Make sure|Establish|Implement|Enhance|Prioritise|Monitor|Evaluate|Embed|Secure|Urgently|Put in place|"
                  r"Undertake|Assure)\b")

# A call for action or a requirement in the term's clause makes it a concern, whatever else the
# clause says ("more needs to be done so that children do not have repeated changes of social
# worker", "teams that require more robust management oversight").
REQUIREMENT = [
    r"needs? to (?:be |further |continue to |urgently )?(?:improve\w*|ensure|strengthen\w*|reduce|increase|address\w*|develop\w*|"
    r"make|do|focus|consider|review\w*|done|embed\w*|tackle\w*|secure|establish\w*|take|progress|prioritise)",
    r"(?:has|have) to be (?:done|improved|strengthened|addressed|reduced)", r"more (?:needs|has) to be done",
    r"requires? (?:more|further|greater|better|stronger|additional|improve\w*|strengthen\w*|urgent|attention|action)",
    r"required to (?:improve|strengthen|reduce|address)", r"would benefit from", r"must (?:improve|ensure|be)",
    # what a body should do is a call for action ("the local authority should satisfy itself that there is
    # sufficient senior management capacity"); not what a child should get, nor "should not"
    r"(?:authority|council|partners|leaders|managers|board|LSCB|trust|partnership|it|they) should (?!not\b)\w+",
    r"should (?:be (?:strengthened|improved|reduced|increased|addressed)|ensure|improve|consider|strengthen|reduce)",
    r"(?:is|are) (?:yet|still) to (?:be|have|make|achieve|see|result|lead)",
    r"(?:is|are) (?:urgently |still |now )?(?:required|needed) (?:to|in|for)", r"(?:much |still )?more (?:work )?to (?:do|be done)",
    r"further (?:work|action|improvement|progress) is (?:still )?(?:needed|required)", r"(?:work|action|improvement) is (?:still )?needed",
]

# A stated outcome that has not happened: the action before it did not work ("increased
# investment … has not yet resulted in consistently effective monitoring").
SHORTFALL = [
    r"(?:has|have|had) not (?:yet )?(?:led|resulted|translated|had|made|achieved|improved|reduced|been (?:sufficient|effective|enough)|"
    r"addressed|resolved|secured|ensured|embedded)",
    r"(?:does|do|did) not (?:yet )?(?:lead|result|translate|achieve|ensure|provide|have (?:sufficient|enough|the capacity))",
    r"not yet (?:led|resulted|had|achieved|embedded|effective|sufficient|translated|fully|consistently|stable|settled)",
    r"too (?:early|soon) to", r"yet to (?:have|make|achieve|see|result|lead|be)",
    # an ability that failed ("senior leaders have not yet been able to reduce caseloads")
    r"not (?:yet )?(?:been )?able to", r"unable to", r"fail(?:ed|s|ing)? to",
]

# Plans, aims and intentions: a good outcome named after one of these is not achieved yet
# ("with the aim of reducing the number of changes of social worker" is neutral).
AIMS = [
    r"with the (?:aim|intention|intent|purpose) of", r"aim(?:s|ed|ing)? to", r"plans? to", r"plann(?:ed|ing) to",
    r"intend(?:s|ed)? to", r"in order to", r"so as to", r"designed to", r"seek(?:s|ing)? to", r"sought to",
    r"strateg(?:y|ies) to", r"(?:will|would) (?:help to |further )?(?:reduce|increase|improve|strengthen|stabilise|enable|ensure|allow)",
    r"efforts? to", r"priorit(?:y|ies) (?:is|are) to", r"(?:campaign|drive|initiative|plan|work|action)s? to (?:reduce|increase|improve|recruit|stabilise)",
    r"ambition to", r"commitment to", r"proposals? to", r"working (?:towards|to)", r"trying to", r"attempts? to",
    # an action named by its purpose, its effect unstated ("work to review and reduce caseloads")
    r"(?<!help )(?<!helped )(?<!helps )(?<!begun )(?<!beginning )(?<!started )(?<!starting )to (?:\w+ and )?(?:reduce|stabilise|stabilize|lower|increase|strengthen|tackle|recruit|retain)",
    r"(?:focus\w*|invest\w*) (?:on |in )(?:\w+ ){0,2}(?:stabilising|stabilizing|reducing|recruiting|retaining|increasing)",
    r"continu(?:e|es|ing) to (?:reduce|stabilise|recruit|increase)",
]

# A term that names a plan ("a recruitment strategy in place", "a retention campaign") is an aim:
# neutral unless a concern is stated or the sentence says it worked.
PLAN_NOUNS = r"(?:strateg(?:y|ies)|plans?|campaigns?|drives?|programmes?|initiatives?|activity|activities|process(?:es)?|events?|panels?)"

# ...unless the sentence says the plan worked ("successful in their efforts to reduce workloads,
# which are now generally manageable").
AIM_ACHIEVED = [
    r"successful(?:ly)?", r"succeeded", r"help(?:s|ed)?(?: to)? (?:reduce|stabilise|increase|lower)", r"enabled", r"has allowed", r"(?:has|have) (?:worked|paid off)", r"which (?:are|is|has|have) now", r"(?:are|is) now",
    r"(?:is|are|has|have) (?:already |now |begun to |beginning to |starting to )?(?:led|resulted|reduced|had (?:a |an )?(?:positive|significant)|"
    r"have (?:a |an )?positive|been (?:effective|successful))",
]

# A problem put in the past ("until recently, frequent changes of social worker") is a
# reassurance, unless the clause says it goes on ("still", "remain", "continue").
PAST = r"(?:until (?:very |quite )?recently|previously|historically|following a period (?:of|with|when)|in the past|formerly|used to)"
ONGOING = r"(?:still|remains?|remained|continues?|continued|persist\w*|again)"

# A clause that opens with one of these is conceded; the main clause after it says what holds
# ("Despite most caseloads having reduced, some remain too high").
CONCESSIVE = r"(?:although|though|even though|despite|in spite of|while|whilst|notwithstanding)"

# A concern that is falling is a reassurance ("high turnover has reduced").
REDUCTION = r"(?:reduced|reduces?|reducing|reductions?|fallen|fell|decreased|decreasing|lower(?:ed)?|stabilis\w+|stabiliz\w+|improved|improving)"

# More of something good ("a recent increase in funding", "capacity has increased") for a theme
# where less is bad news.
INCREASE = r"(?:increase[ds]?|increasing|an increase in|rise|risen|rising|grown|growing|expanded|expanding|boost(?:ed)?)"

NEGATIONS = r"(?:not|no|never|nor|without|rather than|isn[’']t|aren[’']t|wasn[’']t|weren[’']t|hardly|rarely)"

# Words and phrases that make any mention a concern when they are in its clause.
GENERAL_CONCERN = [
    r"too (?:many|high|few|much|often|large|slow|long|great)",
    r"lack(?:s|ing)?\b", r"insufficient(?:ly)?", r"inadequate(?:ly)?", r"poor(?:ly)?",
    r"weak(?:ness|nesses|er)?", r"not (?:always|consistently|sufficiently|yet|routinely|regularly|reliably)",
    r"inconsistent(?:ly)?", r"inconsistency", r"variable", r"variability", r"delays?", r"delayed", r"drift",
    r"unable to", r"struggl\w*", r"difficult(?:y|ies)?", r"pressures?", r"shortages?", r"negative(?:ly)?",
    r"unmanageable", r"excessive(?:ly)?", r"reliance on", r"over-?reliance", r"dependen(?:ce|cy) on",
    r"limited", r"concerns? (?:about|over|regarding|remain|that)", r"(?:a|some|significant|serious) concern", r"concerning",
    r"too late", r"not (?:early|soon|quickly) enough", r"unacceptabl[ey]", r"fragil\w+", r"unstable", r"instability", r"hamper\w*",
    r"hinder\w*", r"deteriorat\w+", r"worse(?:ned)?", r"advers\w*", r"disrupt\w*",
    r"problem\w*", r"an issue", r"issues", r"compromis\w+", r"affect(?:s|ed|ing)?",
    r"(?<!\bto )remain(?:s|ed)?\b(?! (?:living|at home|with|in (?:their|the|touch)|stable|low|manageable|good|strong|consistent|settled|positive|"
    r"effective|appropriate|reasonable|safe|small|in place|committed|the same|focused|engaged|a (?:strength|priority)|for (?:longer|long)))",
    r"would benefit from", r"needs? to", r"should", r"areas? for (?:further )?(?:development|improvement)", r"churn", r"gaps?", r"absence of", r"does not", r"do not",
    r"did not", r"has not", r"have not", r"remains? high", r"remain a challenge", r"a challenge",
    r"challenges", r"challenging", r"ineffective", r"superficial", r"lacks?", r"overstretched",
    r"stretched", r"high turnover", r"heavy", r"increase in", r"rising", r"risen", r"significant(?:ly)? (?:high|number)",
    r"unallocated", r"infrequent", r"sporadic", r"not all", r"few(?:er)? than", r"below",
    # risk and vulnerability ("the service remains vulnerable to the impact of staff turnover")
    r"vulnerab(?:le|ility|ilities) to (?:the )?(?:impact|effects?|changes|loss|further|staff|turnover|pressures?|any)", r"(?:remains?|is|are|was|were|left|becomes?) (?:\w+ )?vulnerable(?! (?:children|young|adults?|famil\w+|people|groups|learners|care))", r"risks? (?:that|of (?:further|losing|staff|drift|delay|not))", r"(?:at|a) risk of (?:losing|not|further)",
    r"susceptib\w+", r"exposed to", r"precarious", r"not (?:enough|sufficient)", r"unsettl\w+", r"loss of",
    r"over-?reliant", r"not (?:yet )?(?:proportionate|commensurate|in line with|keeping pace)",
    # progress held back ("turnover of staff has slowed progress")
    r"slow(?:ed|ing|s)? (?:down )?(?:the )?(?:\w+ )?(?:progress|improvement|pace)", r"imped(?:e|ed|es|ing)", r"undermin\w+", r"held back",
    r"hold(?:s|ing)? back",
    # a harm done ("staffing changes have impacted on the quality of practice"), not a good effect
    r"(?:has|have|had|is|are|was|were) (?:(?!positively|well|favourably)\w+ )?impact(?:ed|ing) (?:up)?on", r"impact(?:s|ed)? (?:adversely|negatively) on",
]

# Words and phrases that make a mention a reassurance when no concern cue is in its clause.
GENERAL_REASSURANCE = [
    r"manageable", r"reasonable", r"low(?:er)?", r"reduced", r"reducing", r"reductions? in", r"decreas\w+",
    r"fallen", r"few", r"fewer", r"minimal", r"stable", r"stability", r"stabilis\w+", r"stabiliz\w+",
    r"regular(?:ly)?", r"effective(?:ly)?", r"strong(?:er)?", r"robust(?:ly)?", r"good", r"improved",
    r"improvements? in", r"improving", r"successful(?:ly)?", r"supportive", r"high[- ]quality", r"clear(?:ly)?",
    r"appropriate(?:ly)?", r"prioritis\w+", r"better", r"additional", r"increased capacity",
    r"benefit\w*", r"protected", r"well[- ]?(?:supported|managed|established)", r"consistent(?:ly)?",
    r"timely", r"reflective", r"purposeful", r"valued", r"positive(?:ly)?", r"thorough", r"evident",
    r"sufficient", r"continuity", r"enables?", r"helps?", r"ensures?", r"in place", r"strengthened",
]

# Each theme: name (slug), whether less of it is good news (fewer vacancies: yes; less capacity or
# funding: no — only then does a reduction turn a concern into a reassurance), label, description,
# The candidate finder: per theme, (stems, patterns) wider than its terms, so that a mention the
# terms miss ("do not have an allocated social worker", "a settled team") is still read. The
# stance model (``stance_model``) decides which candidates are mentions: a candidate it reads as
# another sense ("the allocated social worker visited", "stability of placements") is dropped.
# These are the patterns that found the rows of the labelled fixture (docs/stance.md). Without
# the model, only the terms below count.
CANDIDATES = {
    "caseload": (("caseload", "case load", "workload", "work load", "case-holding", "caseholding", "hold", "held", "carr"),
                 [r"case\s?loads?", r"work\s?loads?", r"case-?holding",
                  r"(?:number|numbers) of (?:children|cases|families) (?:that |which )?(?:\w+ ){0,3}(?:hold|held|carry|carried|allocated to)",
                  r"(?:hold|holding|held|carry|carrying) (?:\w+ ){0,2}(?:cases|children)\b"]),
    "vacancies": (("vacan", "unfilled", "post", "gap"),
                  [r"vacanc\w*", r"vacant", r"unfilled", r"posts? (?:\w+ ){0,3}(?:empty|filled|gaps?)", r"gaps? in staffing",
                   r"staffing gaps?"]),
    "agency_staff": (("agency", "locum", "interim", "temporary", "contracted"),
                     [r"(?<!multi-)(?<!multi )(?<!inter-)(?<!partner )agency",
                      r"(?:multi-|partner )agency (?:staff|workers?|practitioners?|professionals?)", r"locums?", r"interim",
                      r"temporary (?:\w+ )?(?:staff|workers?|managers?|social workers?|leaders?|director)", r"contracted staff"]),
    "turnover": (("turnover", "churn", "change", "worker", "staff", "left"),
                 [r"turnover", r"churn", r"changes? (?:of|in) (?:their )?(?:allocated )?(?:social )?(?:workers?|practitioners?|personal advisers?|PAs?)",
                  r"(?:many|several|numerous|multiple|a number of|different|successive|new|same|consistent) (?:social )?workers?\b",
                  r"staff (?:leaving|left|departures?)", r"left the (?:local authority|service|council)"]),
    "unallocated_work": (("allocat", "waiting", "awaiting", "backlog"),
                         [r"unallocated", r"allocat\w*", r"waiting lists?", r"waiting for", r"awaiting", r"backlogs?"]),
    "recruitment_retention": (("recruit", "retention", "retain"), [r"recruit\w*", r"retention", r"retain\w*"]),
    "workforce_stability": (("stab", "settled", "permanen", "workforce"),
                            [r"stab\w+", r"unstable", r"instability", r"settled", r"unsettled",
                             r"permanen\w+ (?:staff|workforce|social workers?|workers|managers?|posts?|team)",
                             r"permanently (?:employed|appointed)", r"workforce"]),
    "capacity": (("capacit", "stretched"), [r"capacity", r"capacities", r"stretched", r"overstretched"]),
    "sickness": (("sick", "absen", "illness", "ill health", "maternity"),
                 [r"sickness", r"absences?", r"absent", r"staff (?:illness|ill health)", r"ill health", r"maternity"]),
    "management_oversight": (("oversight", "supervis"), [r"oversight", r"supervis\w+"]),
    "budget": (("budget", "fund", "invest", "financ", "overspen", "austerity", "saving", "resourc"),
               [r"budgets?", r"fund(?:s|ed|ing)?", r"invest(?:s|ed|ing|ments?)?", r"financ\w+", r"overspen\w+", r"austerity",
                r"savings", r"resourc\w+"]),
}

# stems (every term contains one of them, lower case: a sentence without any is skipped, much
# faster than trying the terms; a corpus test checks that no mention is lost), the terms that make a mention, terms to ignore (other meanings of the same words), and the
# theme's own concern / reassurance cues.
THEME_RULES = [
    {
        "name": "caseload", "falling_is_good": True, "label": "Caseloads",
        "description": "How many children or cases each worker holds, and workload.",
        "stems": ("caseload", "case load", "workload", "case-holding", "case holding"),
        "terms": [r"case\s?loads?", r"workloads?", r"case[- ]holding"],
        "exclude": [],
        "concern": [r"high(?:er)?(?![- ](?:quality|standards?|levels? of (?:skill|support|scrutiny)))", r"too high", r"large", r"heavy", r"increas\w+", r"rising", r"risen",
                    r"unmanageable", r"excessive", r"pressures?", r"demanding", r"significant", r"grow\w*"],
        "reassurance": [r"manageable", r"reasonable", r"low(?:er)?", r"reduced", r"reducing", r"reduction",
                        r"protected", r"appropriate", r"lighter", r"small", r"capped", r"fallen", r"decreas\w+",
                        r"allow\w*", r"enabl\w+"],
    },
    {
        "name": "vacancies", "falling_is_good": True, "label": "Vacancies",
        "description": "Unfilled posts and vacancy rates.",
        "stems": ("vacan", "unfilled", "staffing gap", "gaps in staffing", "gap in staffing"),
        "terms": [r"vacanc(?:y|ies)", r"vacant (?:[\w-]+ ){0,3}(?:posts?|positions?|roles?)", r"unfilled (?:[\w-]+ ){0,2}(?:posts?|positions?|roles?)",
                  r"(?:posts?|positions?|roles?) (?:\w+ ){0,3}(?:unfilled|vacant)", r"staffing gaps?", r"gaps? in staffing"],
        "exclude": [r"(?:apprenticeship|job|work experience|placement|foster\w*|bed) vacanc\w+",
                    r"vacanc(?:y|ies) (?:for|in|at) (?:\w+ ){0,2}(?:foster\w*|placements?|residential|children[’']s homes?|homes?|beds?|schools?)"
                    r"(?! (?:team|service|social|staff|workforce))"],
        "concern": [r"high(?:er)?(?![- ](?:quality|standards?|levels? of (?:skill|support|scrutiny)))", r"significant", r"number of", r"increas\w+", r"rising", r"carry\w*",
                    r"persistent", r"large"],
        "reassurance": [r"only (?:\w+ )?(?:one|two|three|four|five|six|a (?:small|few|handful)|\d+)\b", r"low(?:er)?", r"few", r"no", r"reduced", r"reduction", r"fallen", r"filled",
                        r"decreas\w+", r"minimal", r"small"],
    },
    {
        "name": "agency_staff", "falling_is_good": True, "label": "Agency staff",
        "description": "Use of, and reliance on, agency or locum workers.",
        "stems": ("agency", "locum", "interim", "temporary"),
        "terms": [r"(?<!multi-)(?<!multi )(?<!partner )agency (?:social )?(?:workers?|staff|practitioners?|managers?|"
                  r"team managers?|staffing|personnel|usage|use|teams?|workforce|cover)", r"use of agency", r"reliance on agency",
                  r"(?:social work|in-house|staffing) agency",
                  r"locums?", r"interim (?:staff|social workers?|(?:team |senior |service )?managers?|management|(?:senior )?leaders?|leadership|"
                  r"directors?(?: of children[’']s services)?|DCS|heads? of service|assistant directors?|appointments?|arrangements)",
                  r"temporary (?:staff|social workers?|managers?|workers|leaders?|appointments?)",
                  r"agency (?:rates?|levels?|numbers|spend(?:ing)?|costs?)",
                  r"interim (?:[\w-]+ ){0,2}(?:chief executive|directors?|doctor|nurse|heads?|leads?|officers?|principal social worker|post ?holders?)"],
        "exclude": [r"other agency staff", r"partner agency staff"],
        "concern": [r"reliance", r"reliant", r"rely", r"dependen\w+", r"high(?:er)?(?![- ](?:quality|standards?|levels? of (?:skill|support|scrutiny)))", r"significant",
                    r"large", r"increas\w+", r"many", r"too many"],
        "reassurance": [r"only (?:\w+ )?(?:one|two|three|four|five|six|a (?:small|few|handful)|\d+)\b", r"minimal", r"low(?:er)?", r"few", r"reduced", r"reduction", r"reducing", r"small",
                        r"no", r"decreas\w+", r"fallen", r"converted", r"permanent"],
    },
    {
        "name": "turnover", "falling_is_good": True, "label": "Turnover and changes of social worker",
        "description": "Staff leaving, and children experiencing changes of social worker.",
        "stems": ("turnover", "change", "churn", "worker", "leav", "left", "departure"),
        "terms": [r"turnover", r"changes? (?:of|in) (?:their )?(?:social )?workers?", r"changes? of (?:personal adviser|practitioner|worker)s?",
                  r"(?<=had |ave |has |een |ced |ith |rom | by )(?:\w+ )?(?:many|several|numerous|multiple|a number of|different|successive) (?:social )?workers",
                  r"churn", r"how many (?:social )?workers", r"(?:consistent|same|new|permanent) (?:allocated )?(?:social )?workers?", r"continuity of (?:social )?workers?",
                  r"consistency of (?:social )?workers?", r"(?:social workers?|staff|workers|managers) (?:\w+ )?(?:leave|leaving|left)\b",
                  r"(?:changes?|change) (?:of|in) (?:allocated )?(?:social workers?|PAs?|personal advisers?|practitioners?)",
                  r"changes? (?:of|in) (?:the )?(?:senior |team |middle )?(?:managers?|management roles|leaders|staffing|personnel|staff)\b(?! (?:development|training|supervision|practice|culture))",
                  r"staff(?:ing)? changes", r"staff departures?", r"departures? of (?:\w+ ){0,2}(?:staff|social workers|managers|leaders)",
                  r"left the (?:local authority|service|council|organisation|trust|authority)"],
        "exclude": [],
        "concern": [r"high(?:er)?(?![- ](?:quality|standards?|levels? of (?:skill|support|scrutiny)))", r"many", r"frequent(?:ly)?", r"too many", r"several", r"numerous", r"constant",
                    r"multiple", r"repeated", r"significant", r"number of", r"led to", r"disrupt\w*", r"churn",
                    r"changes? (?:of|in) (?:\w+ )?(?:social )?workers?", r"increas\w+", r"ris(?:en|ing|e)", r"considerable", r"lot of",
                    r"leav(?:e|es|ing)", r"left"],
        "reassurance": [r"low(?:er)?", r"few(?:er)?", r"reduced", r"reduction", r"minimal", r"stable", r"fallen",
                        r"decreas\w+", r"limited", r"same", r"consistent", r"no", r"continuity", r"consistency"],
    },
    {
        "name": "unallocated_work", "falling_is_good": True, "label": "Unallocated work",
        "description": "Children or cases waiting for a worker.",
        "stems": ("allocat", "backlog", "wait"),
        "terms": [r"unallocated", r"not (?:yet |always |been |promptly |consistently )?allocated", r"awaiting allocation",
                  r"waiting (?:for|to be) (?:allocat\w+|a (?:social )?worker)", r"delays? in (?:the )?allocati\w+", r"allocation delays?",
                  r"(?:do|does|did) not (?:yet )?have an? (?:allocated|named|permanent) (?:social )?worker",
                  r"without an? (?:allocated|named) (?:social )?worker", r"(?:not having|no) an? allocated (?:social )?worker",
                  r"(?:is|are|were|was|been|being|be|get|gets|getting|remain|promptly|quickly|immediately|swiftly|now) (?:\w+ )?allocated\b(?! (?:to them|time|funding|budgets?|resources|£|\d))",
                  r"allocated (?:to )?(?:a|an|their) (?:\w+ ){0,4}(?:social workers?|workers?|personal advisers?|PAs?)\b",
                  r"(?:PAs?|personal advisers?|social workers?) (?:are |were |is |being )?allocated\b",
                  r"allocat(?:e|ing) (?:a|the|their) (?:child[’']s )?(?:case|child|children|work|personal adviser|PA|social worker)",
                  r"allocation(?! of (?:resources|funding|budgets?|money|£))", r"backlogs?",
                  # who has a worker and who waits ("all children have an allocated social worker")
                  r"(?:all|every|each|most|no|few|some|many) (?:[\w’'-]+ ){0,5}(?:have|has|had) (?:an? )?allocated (?:social )?(?:workers?|personal advisers?|PAs?)",
                  r"wait(?:s|ed|ing)? (?:\w+ ){0,3}for (?:an? )?(?:allocated )?(?:social )?worker",
                  # social work waiting to be done ("400 children in need cases … are still awaiting a single assessment")
                  r"(?:cases|referrals)\W+(?:[\w’'-]+\W+){0,12}?(?:awaiting|waiting for) (?:an? |their )?(?:single |initial |social work |child and family )?assessments?"],
        "exclude": [r"backlogs? (?:\w+\W+){0,12}(?:court|proceedings)", r"grant allocations?",
                    r"(?:housing|school|place|placement|bed|grant|funding|budget|resource|flat)s? allocations?",
                    r"allocation of (?:\w+ ){0,2}(?:places?|housing|accommodation|placements?|homes?|flats|tasks|roles|responsibilit\w+|grants?|monies)",
                    r"backlogs? (?:of |in )(?:\w+ ){0,3}(?:health|adopters?|foster\w*|DBS|dental|CAMHS|housing|tribunal|inquests?)", r"backlogs? of (?:[\w()-]+ ){0,8}\(?(?:MARAC|Multi[- ]Agency Risk|child deaths?)", r"court\w* (?:\w+ ){0,4}backlogs?", r"resource allocations?",
                    r"allocation of (?:resources|funding|budgets?|money)", r"tasks (?:are|were) not allocated", r"the case being allocated",
                    r"(?:finance|funding|money|million|budgets?|resources?|£[\d.,]+)(?: \w+){0,5} allocated"],
        "concern": [r"unallocated", r"waiting", r"delays?", r"number of", r"too many", r"some", r"backlogs?", r"awaiting",
                    r"not (?:yet |always |been |promptly |consistently )?allocated", r"(?:do|does|did) not (?:yet )?have", r"without"],
        "reassurance": [r"no", r"all children", r"none", r"promptly", r"quickly", r"reduced", r"fallen",
                        r"(?:is|are|were|was|been|being|promptly|quickly|immediately|swiftly|now) (?:\w+ )?allocated", r"allocated (?:to )?(?:a|an)"],
    },
    {
        "name": "recruitment_retention", "falling_is_good": False, "label": "Recruitment and retention",
        "description": "Recruiting and keeping social workers and managers.",
        "stems": ("recruit", "retention", "retain"),
        "terms": [r"recruit(?:ment|ing|ed|s)?", r"retention", r"retain(?:s|ing|ed)? (?:\w+ ){0,3}(?:staff|social workers|workers|practitioners|managers)"],
        "exclude": [r"recruit\w*(?: [\w-]+){0,5} (?:foster\w*|adopt\w*|carers?|mentors?|volunteers?|famil\w+|households?|"
                    r"young people|children|independent visitors?|members|apprentices|placements?)",
                    r"(?:foster|adopt\w*|carers?|placements?) (?:\w+ ){0,2}recruit\w*", r"recruitment (?:interviews?|panels?)",
                    r"(?:members|volunteers|mentors|carers|adopters|visitors|consultants) (?:\w+ ){0,3}recruited",
                    # fostering and adoption: carers and families, not staff
                    r"(?:foster\w*|adopt\w*|carers?|households|mentors|apprenticeships?)(?:\W+\w+){0,8}\W+recruit\w*",
                    r"recruit\w*(?:\W+\w+){0,12}\W+(?:foster\w*|adopt\w*|carers?|households|sufficiency)",
                    r"retention (?:of|in) (?:\w+ ){0,2}(?:young people|children|pupils|learners|care leavers|placements?|education|school|training|employment)",
                    r"retain(?:ing|ed)? (?:their|a|the) (?:place|placement|tenancy|school|links?)"],
        # a sentence about carers or adopters with no staff word is another sense throughout
        "other_sense": [r"foster(?:ing)? (?:carers?|households|families|placements?)", r"adopters?", r"adoptive (?:families|parents|homes)",
                        r"(?:mainstream|kinship|connected|specialist|potential|prospective|new|more|of) carers"],
        # ...and a staff word attached to the term keeps it ("social worker recruitment and retention and placement sufficiency")
        "keep": [r"(?:social work(?:ers?)?|staff(?:ing)?|workforce|IROs?|managers?|practitioners?|personal advisers?|PAs|leaders?|employee) "
                 r"(?:\w+ )?(?:recruitment|retention)",
                 r"(?:recruit\w*|retention|retain\w*) (?:and (?:retention|retain\w*|recruitment) )?(?:of |to )?(?:\w+ ){0,2}"
                 r"(?:social workers?|staff|managers?|IROs?|practitioners?|personal advisers?|PAs|workforce|posts?|vacanc\w+)"],
        "concern": [r"difficult\w*", r"challeng\w+", r"struggl\w*", r"hard to", r"problem\w*", r"unable"],
        "reassurance": [r"success\w*", r"effective(?:ly)?", r"improved", r"strong", r"good",
                        r"stable", r"invest\w*"],
    },
    {
        "name": "workforce_stability", "falling_is_good": False, "label": "Workforce stability",
        "description": "Whether the workforce is stable or unsettled (including permanent staffing).",
        "stems": ("stab", "settled", "permanent", "workforce", "churn", "uncertain"),
        "terms": [r"(?:stable|settled|unstable)(?:,? (?:and )?[\w-]+){1,4} (?:social (?:work|care) )?workforce",
                  r"(?:stable|stability of the|instability (?:in|of) the|unstable|stabilis\w+ the|settled) (?:social work )?(?:workforce|staff(?:ing)?|teams?)",
                  r"workforce (?:stability|instability)", r"staffing (?:stability|instability)",
                  r"permanent (?:staff|workforce|social workers|workers|managers)",
                  r"(?:in)?stability (?:in|of|at|across|within) (?:the )?(?:senior |social work )?(?:leadership|management|workforce|staff\w*|teams?)",
                  r"(?:leadership|management|staffing|team|workforce) (?:in)?stability", r"stable (?:senior )?(?:leadership|management)(?: teams?)?",
                  r"workforce (?:(?:in|of|across|within) (?:the |its |their )?[\w-]+ )?(?:is|are|remains|has been|was|were) (?:\w+ ){0,2}"
                  r"(?:stable|unstable|settled|unsettled|fragile|over-?reliant|reliant|dependent)",
                  r"(?:instability|uncertainty|churn) (?:\w+ ){0,2}(?:in|across|within|of) (?:the )?(?:[\w-]+ ){0,4}?(?:workforce|leadership|management|staff\w*|teams?)",
                  r"(?:workforce|staffing|staff|team) churn",
                  # the state of a team or workforce ("staffing has stabilised", "teams are now more settled")
                  r"(?:workforce|staffing|teams?|staff group|management team|leadership team)(?: (?:in|of|across|within) (?:the |its |their )?[\w-]+)? "
                  r"(?:is|are|remains?|has|have|had|was|were)(?: (?:now|been|become|largely|more|much|increasingly|generally|relatively|mostly|very|"
                  r"fairly|not|also|remained|become|yet|sufficiently))* (?:stable|unstable|settled|unsettled|stabilised|stabilized|stabilising|fragile|permanent)",
                  r"(?:stable|settled|permanent|unstable)(?:,? (?:and )?[\w-]+){0,3} (?:senior )?(?:leadership|management)(?: teams?)?",
                  r"(?<!placement )stability (?:to|in|across|within) (?:the |most |all |some |many )?(?:teams?|service|workforce)\b",
                  r"permanent (?:posts?|appointments?|positions?|team managers?|heads? of service|directors?|leaders?|leadership|senior \w+)",
                  r"permanently (?:employed|appointed|recruited)",
                  r"sufficiently stable", r"(?:stabilis|stabiliz)\w+ (?:the |its |their )?(?:\w+ )?(?:workforce|staff\w*|teams?)"],
        "exclude": [r"placements? (?:\w+ )?stability", r"stability (?:of|in|for) (?:\w+ )?(?:placements?|children|young people|care leavers|homes?|famil\w+)"],
        "concern": [r"instability", r"unstable", r"unsettled", r"over-?reliant", r"reliant", r"dependent", r"churn", r"uncertainty",
                    r"fragile", r"lack of", r"not yet", r"fluctuat\w+", r"challeng\w+",
                    r"difficult\w*", r"struggl\w*"],
        "reassurance": [r"stable", r"stability", r"stabilis\w+", r"settled", r"permanent", r"improved"],
    },
    {
        "name": "capacity", "falling_is_good": False, "label": "Capacity",
        "description": "Whether teams and services have enough people and time.",
        "stems": ("capacity",),
        "terms": [r"capacity"],
        "exclude": [r"(?<!additional )(?<!extra )(?<!more )capacity (?:to|for) improve\w*", r"mental capacity", r"capacity assessments?", r"(?:parent\w*|parents[’']|carers[’']|learning|parental) capacity",
                    r"capacity (?:to|of) (?:change|parent|care for|protect|the parent|parents|carers|families)",
                    r"capacity (?:for|to make) (?:change|decisions)",
                    # what a person can do: to change, to parent, to protect, to consent (plurals and words between)
                    r"capacity (?:to|for|of) (?:\w+ ){0,3}?(?:chang\w*|parent\w*|care for|protect\w*|safeguard\w*|keep (?:\w+ )?safe|"
                    r"sustain\w*|cope|consent|understand\w*|make (?:\w+ )?decisions?|engage|learn\w*)",
                    r"(?:child|young person|person|individual|adult|mother|father|carer|parent|family|guardian)(?:s[’']|[’']s) capacity",
                    r"(?<!additional )(?<!extra )(?<!more )(?<!increased )capacity (?:of (?:the )?(?:\w+ ){0,3})?to (?:further |continue to )?improve\w*", r"capacity for (?:further |continued |sustained )?improvement",
                    r"in (?:his|her|their|its|my) capacity as", r"(?:community|communities[’']?|voluntary sector|family[’']?s?) capacity",
                    r"(?:mother|father|carer|parent|family|guardian)s?[’']s? capacity", r"(?:their|his|her) capacity to (?:parent|care|protect|change|keep)",
                    r"capacity (?:of|to) (?:the )?(?:special guardians?|carers?|foster carers?|adopters?|mother|father|family|families|parents?)",
                    r"capacity to (?:safely )?(?:parent|care for|meet (?:the|their) (?:child|children|needs))",
                    # places, not people: placement sufficiency
                    r"(?:residential|fostering|foster care|emergency care|placement|bed|sufficiency|housing|school) capacity",
                    r"capacity (?:of|in) (?:the )?(?:emergency care|residential|fostering|placements?|special guardian\w*|provision)",
                    r"in an? (?:interim|acting|temporary|advisory|voluntary|personal) capacity",
                    r"(?:their|its|his|her) capacity to (?:successfully |effectively )?(?:negotiate|challenge|influence|sustain|engage|cope)"],
        "concern": [r"insufficient", r"lack\w*", r"limited", r"stretched", r"pressures?", r"not enough",
                    r"reduced", r"issues", r"constraints?", r"shortfall"],
        "reassurance": [r"increased", r"additional", r"sufficient", r"extra", r"more", r"enough", r"increas\w+",
                        r"created", r"expanded", r"boost\w*"],
    },
    {
        "name": "sickness", "falling_is_good": True, "label": "Sickness and absence",
        "description": "Staff sickness and absence.",
        "stems": ("sickness", "absen", "maternity", "illness", "ill health", "ill-health", "sick leave", "off sick"),
        "terms": [r"sickness", r"staff absences?", r"maternity (?:leave|absences?|cover)", r"sick leave", r"off sick",
                  r"(?:staff|worker|manager|practitioner|team|employee)(?:s|s[’']|[’']s)? (?:\w+ )?(?:illness|ill[- ]health)",
                  r"(?:(?:illness|ill[- ]health) (?:of|among|amongst|in)|absences? (?:among|amongst)) (?:the )?(?:\w+ ){0,2}(?:staff|workers|social workers|managers|team members|practitioners|workforce)", r"(?:staff|sickness) absence (?:rates?|levels)", r"long-term absences?",
                  r"absences? of (?:a|the|their) (?:team |service |senior )?managers?", r"(?:manager|staff|worker)s?[’']? absences?",
                  r"(?:workers?|staff|managers?|social workers?) (?:are|is|were|was|being) absent", r"absent for (?:long )?periods",
                  # staffing cover ("peripatetic staff … fill gaps when there is an issue of absence")
                  r"(?:cover(?:ing)? (?:for )?|gaps? (?:\w+ ){0,6}?)(?:staff |team )?absences?"],
        "exclude": [],
        "concern": [r"high(?:er)?(?![- ](?:quality|standards?|levels? of (?:skill|support|scrutiny)))", r"long-term", r"increas\w+", r"impact\w*",
                    r"ris(?:en|ing|e)", r"absen\w+"],
        "reassurance": [r"low(?:er)?", r"reduced", r"fallen", r"decreas\w+"],
    },
    {
        "name": "management_oversight", "falling_is_good": False, "label": "Management oversight and supervision",
        "description": "Managers' oversight of practice and workers' supervision.",
        "stems": ("oversight", "supervis"),
        "terms": [r"oversight", r"supervisions?(?! orders?)(?! of contact)", r"(?:are|is|were|being|be) supervised"],
        "exclude": [r"supervision orders?", r"supervised contact", r"supervision requirements?", r"MAPPA oversight",
                    r"(?:LSCB|LSCB[’']s|board[’']s|partnership|strategic partnership) oversight", r"oversight (?:by|from) the (?:LSCB|board|improvement board)",
                    r"oversight of (?:\w+ ){0,2}(?:pupils|their care histories)", r"independent oversight from",
                    r"(?:political|councillors?[’']?|(?:elected )?members[’']?|lead member[’']?s?|scrutiny|governance|LADO[’']?s?) oversight",
                    r"oversight (?:through|by|from) (?:the )?(?:local authority designated officer|LADO|councillors|elected members|lead member|scrutiny)"],
        "concern": [r"not always", r"inconsistent\w*", r"lack\w*", r"limited", r"weak", r"variable",
                    r"(?:no|little|limited) (?:clear |recorded |written )?(?:evidence|record\w*) of(?! (?:drift|delay|harm|risk))",
                    r"poor", r"insufficient", r"infrequent", r"not evident", r"not recorded", r"ineffective",
                    r"superficial", r"not (?:sufficiently|consistently|regularly)"],
        "reassurance": [r"regular(?:ly)?", r"effective(?:ly)?", r"strong", r"good", r"clear(?:ly)?", r"evident",
                        r"robust", r"reflective", r"high[- ]quality", r"consistent(?:ly)?", r"timely",
                        r"purposeful", r"frequent", r"well"],
    },
    {
        "name": "budget", "falling_is_good": False, "label": "Budget and funding",
        "description": "Money: budgets, funding, investment, overspends.",
        "stems": ("budget", "fund", "financ", "overspen", "invest", "austerity", "saving", "resourc"),
        "terms": [r"budgets?", r"funding", r"financial (?:pressures?|constraints?|challenges?|investment|resources?|position|support)",
                  r"overspen\w+", r"invest(?:ment|ed|ing|s)?", r"austerity", r"savings", r"(?:part-)?fund(?:s|ed)\b", r"fund\b",
                  r"(?:additional|lack of|pressures? on|secured|sufficient(?:ly)?|insufficient|limited|financial|staffing|dedicated|extra|more|"
                  r"committing|focus\w*|direct|scarce) (?:\w+ )?resources?\b",
                  r"resources? (?:were|was|are|is|have been|has been) (?:\w+ )?(?:mobilised|allocated|committed|directed|increased|reduced|limited|stretched)",
                  r"(?:under-?|well[- ]|appropriately |adequately |sufficiently )?resourced", r"resourcing", r"resource[- ]intensive"],
        "exclude": [r"invest\w* (?:time|effort)", r"financial support(?: (?:for|to) [\w ]{0,30})?", r"access funding",
                    r"funding for (?:help|setting up|equipment)", r"provide funding", r"jointly[- ]funded",
                    r"funding (?:for|to) (?:\w+ ){0,3}(?:driving|lessons|housing|accommodation|travel|university)",
                    r"(?:secure|access|accessing) (?:\w+ ){0,2}funding(?! for (?:an? |the )?(?:additional|new|extra|more) (?:\w+ ){0,3}(?:teams?|posts?|staff|workers|social workers|managers))",
                    r"(?:their|own) funds", r"pupil premium",
                    # a child's money, a family's hardship, materials and time
                    r"savings? (?:accounts?|schemes?|plans?)", r"junior ISAs?", r"(?:their|own|personal|young people[’']s|children[’']s) savings", r"trust funds?",
                    r"(?:famil\w+|parents?|households?|care leavers|young people|carers)(?: [\w’']+){0,4} financial (?:pressures?|challenges?|difficult\w+|constraints?)",
                    r"(?:online|web|learning|training|educational|information|useful|practical|direct work|digital|written|reading|community) resources?",
                    r"invest\w* (?:\w+ ){0,2}(?:time|effort|energy|emotionally)", r"(?:funded by an? )?personal budgets?", r"funding sources",
                    r"(?:funds?|funding|budgets?) (?:\w+ ){0,3}(?:to meet|for) (?:\w+ ){0,2}(?:children|young people|care leavers)[’']?s? (?:education\w*|learning|needs|activities)",],
        "concern": [r"pressures?", r"overspen\w+", r"cuts?", r"constraints?", r"reductions?", r"savings",
                    r"insufficient", r"shortfall", r"reduced", r"austerity", r"challeng\w+", r"lack\w*", r"limited", r"scarce",
                    r"under-?resourced"],
        "reassurance": [r"invest\w*", r"additional", r"increased", r"significant", r"protected", r"secured",
                        r"new", r"extra"],
    },
]
