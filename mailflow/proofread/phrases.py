"""The phrases the proofreader looks for, by what is wrong with them.

Each list is written for the meaning, not for one wording: "any update", "any news"
and "any word" count when they ask (a question in the same sentence), not when they
describe ("any updates to the plan are reviewed"), and "to see if there is any news"
(checking on the reader) does, while "to ask whether there is any news" (a plain
question, put once) does not; "check in" counts as a verb, not
as the noun "check-in"; "bump" as a verb ("bumping this"), not as a noun ("the p99
bump"). Every pattern is case-insensitive.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

#: impatient, "thirsty" phrases (F4): errors in every kind
THIRSTY = re.compile(
    r"\b(?:just\s+)?(?:wanted\s+to\s+|want\s+to\s+|to\s+)?check(?:ing)?\s+in\b(?![-'])"
    r"|\btouch(?:ing)?\s+base\b|\bcircl(?:e|ing)\s+back\b"
    r"|\b(?:as\s+)?per\s+my\s+(?:last|previous|earlier)\s+(?:e-?mail|message|note)\b"
    r"|\b(?:have|has|had)(?:\s+not|n't)\s+(?:yet\s+)?(?:heard|received)\s+(?:anything|back|a\s+(?:reply|response|word)|from\s+you)\b"
    r"|\b(?:still\s+|never\s+|not\s+yet\s+)(?:heard|received|got(?:ten)?)\s+(?:anything|back|a\s+(?:reply|response))\b"
    r"|\b(?:been\s+)?waiting\s+(?:to\s+hear\s+)?(?:for\s+)?(?:(?:the|an|your|a)\s+)?(?:answer|reply|response|decision|news)?\s*"
    r"for\s+(?:two|three|four|several|many|a\s+few|\d+)\s+(?:days|weeks|months)\b"
    r"|\bI\s+(?:still\s+)?haven't\s+heard(?=\s+(?:back|anything|from\b|a\s+(?:reply|response|word|thing)\b|yet\b|since\b)|\s*[.,;!?]|\s*$)"
    r"|\bstill\s+(?:no\s+(?:word|news|reply|response)|waiting|haven't)\b"
    r"|\bno\s+(?:word|news|reply|response)\s+(?:yet|so\s+far)\b"
    r"|\bjust\s+(?:wanted\s+to\s+)?follow(?:ing)?\s+up\b|\bfollowing\s+up\s+again\b"
    r"|\bbump(?:ing|ed)?\s+(?:this|my|it|up|the\s+thread)\b|\b(?:just\s+)?ping(?:ing)?\s+(?:you|again)\b"
    r"|\bany\s+(?:updates?|news|word|progress)\b[^.!?\n]*\?"
    r"|\bany\s+(?:updates?|news|word)\s+(?:yet|so\s+far)\b"
    r"|\bsee\s+(?:if|whether)\s+there\s+(?:is|are|was|were|has\s+been|have\s+been)\s+any\s+"
    r"(?:updates?|news|progress)\b"
    r"|\bdid\s+you\s+(?:get|receive|see|read)\s+my\s+(?:last\s+|previous\s+|earlier\s+)?(?:e-?mail|message|note)\b"
    r"|\bhave\s+you\s+(?:made|reached)\s+a\s+decision\b",
    _I,
)

#: urgency: errors in follow-ups, warnings elsewhere ("I was immediately drawn to ...")
URGENT = re.compile(
    r"\bASAP\b|\bA\.S\.A\.P\.?|\bas\s+soon\s+as\s+(?:possible|(?:you|they)\s+(?:possibly\s+)?can)\b"
    r"|\burgent(?:ly)?\b(?!-)"
    r"|\bimmediately\b|\bright\s+away\b|\btime[- ]sensitive\b|\bas\s+quickly\s+as\s+(?:possible|you\s+can)\b"
    r"|\bat\s+your\s+earliest\s+(?:convenience|opportunity)\b|\bwithout\s+delay\b",
    _I,
)

#: before an urgency word, the candidate offering their own speed ("I will be pleased to
#: send them without delay", "I can start immediately") or naming their own thing ("my
#: urgent care competencies"): no pressure on the reader
OWN_SPEED = re.compile(
    r"\bI(?:\s+(?:will|can|could|would)|['’]ll|['’]d)(?:\s+be\s+(?:happy|glad|pleased|able)\s+to)?\s+"
    r"(?:send|share|start|provide|forward|join|come|reply|respond|get|begin|deliver)\b"
    r"|\bI(?:\s+am|['’]m)\s+(?:happy|glad|pleased|able|ready)\s+to\s+\w+"
    r"|\bmy\s+(?:(?!my\b)[\w-]+\s+){0,4}$", _I)

#: desperation: pleading, hardship, "anything": errors in every kind
DESPERATE = re.compile(
    r"\b(?:really\s+|badly\s+|truly\s+)?need\s+(?:this|the|a)\s+(?:job|role|position|offer|opportunity)\b"
    r"|\b(?:really|badly|truly)\s+need\s+this\b(?=\s*[.!])"
    r"|\banything\s+(?:at\s+all\s+)?I\s+(?:can|could)\s+do\s+to\s+change\s+(?:your|the)\s+(?:mind|decision)\b"
    r"|\b(?:please\s+)?(?:just\s+)?give\s+me\s+(?:a|another|one\s+more|a\s+second)\s+(?:chance|shot|try)\b"
    r"|\bI(?:'ll|\s+will|\s+would|'d|\s+am\s+willing\s+to|'m\s+willing\s+to)\s+(?:do|take|accept)\s+"
    r"(?:anything|whatever|any\s+(?:role|job|position|salary|offer|title|level))\b"
    r"|\bwhatever\s+you\s+(?:can\s+)?offer\b|\bany\s+(?:role|job|position)\s+(?:at\s+all|you\s+have)\b"
    r"|\bbeg(?:ging)?\s+(?:you|for)\b|\bI\s+beg\b|\bdesperate(?:ly)?\b"
    r"|\b(?:would|will|could)\s+mean\s+(?:everything|the\s+world)\b"
    r"|\bcounting\s+on\s+(?:this|you|it|getting)\b|\bmy\s+(?:last|only)\s+(?:hope|chance|option)\b"
    r"|\bplease,?\s+please\b|\bplease\s+(?:hire|reconsider|choose|pick|don't\s+reject)\s*(?:me)?\b"
    r"|\breconsider\s+(?:your|the|my)\s+(?:decision|application|candidacy)\b"
    r"|\b(?:out\s+of\s+work|unemployed|been\s+(?:job\s+)?(?:searching|looking)|job\s+hunting)\s+for\s+"
    r"(?:so\s+long|months|years|a\s+(?:long\s+time|year)|\w+\s+(?:months|years))\b"
    r"|\b(?:I\s+would|I'd|I\s+will|I'll)\s+be\s+(?:devastated|crushed|heartbroken)\b"
    r"|\bI\s+can't\s+afford\s+(?:to\s+lose|not\s+to)\b",
    _I,
)

#: talking about pay and benefits in a thank-you or a follow-up
SALARY = re.compile(
    r"\bsalar(?:y|ies)\b|\bcompensation\b(?!\s+(?:claims?|awards?|orders?|cases?|fund|payments?|schemes?))|\bpay\s+(?:range|band|scale|grade|package|rate|bands|points?|spine|progression|rises?)\b"
    r"|\b(?:what|how\s+much)\b[^.?!;\n]{0,40}?\b(?:pay(?!\s+attention)|pays|paid|earn)\b"
    r"|\bannual\s+leave\b|\b(?:unsocial|overtime|enhanced|weekend|night)\s+(?:hours\s+)?(?:pay|rates?|enhancements?)\b"
    r"|\b(?:base|starting|take-home)\s+(?:pay|salary)\b|\bwhat\s+(?:the\s+role|it|the\s+position)\s+pays\b"
    r"|\bbenefits?\s+(?:package|plan|plans|options|offering)\b"
    r"|\b(?:health|dental|medical|vision|life)\s+(?:insurance|benefits|coverage|plan)\b"
    r"|\bPTO\b|\bpaid\s+(?:time\s+off|leave|holidays)\b|\bvacation\s+(?:days|policy|time|allowance)\b"
    r"|\bholiday\s+allowance\b|\bsick\s+(?:days|leave)\b|\bparental\s+leave\b"
    r"|\b401\s*\(?k\)?|\bpension\s+(?:plan|scheme|contributions?|match)\b|\bstock\s+options?\b|\bRSUs?\b"
    r"|\bpension\b[^.?!;\n]{0,30}?\b(?:employer|employee)\s+contributions?\b"
    r"|\b(?:carry|carries|come\s+with|comes\s+with|attract|attracts)\s+(?:a|an|any)\s+"
    r"(?:[\w-]+\s+)?(?:payment|allowance|uplift|supplement|enhancement)(?=\s*[,.?;!]|\s+(?:and|or)\b)"
    r"|\bequity\s+(?:package|grant|stake|compensation|refresh(?:er)?|offer)\b|\bvesting\b"
    r"|\b(?:signing|sign-on|annual|performance|year-end|joining)\s+bonus(?:es)?\b"
    r"|\bbonus(?:es)?\s+(?:structure|target|percentage|scheme|plan)\b"
    r"|\bstipend\b|\brelocation\s+(?:package|assistance|budget|bonus)\b|\braise\s+(?:after|in)\b"
    r"|\b(?:expect(?:ing|ed)?|looking\s+for|asking\s+for|target(?:ing)?)\s+(?:a\s+)?(?:base\s+)?(?:of\s+)?"
    r"(?:around\s+|about\s+)?[$€£]\s?\d",
    _I,
)

#: apologising for an answer or for how the interview went (T6): an error in every kind
APOLOGY = re.compile(
    r"\b(?:I'm|I\s+am|I\s+was)?\s*(?:so\s+|very\s+|really\s+|truly\s+)?sorry\s+"
    r"(?:for|about|that|if)\s+(?:my|not|how\s+I|the\s+way\s+I|I)\b"
    r"|\bsorry\s+(?:I|my)\b(?!\s+(?:can't|cannot|couldn't|won't|will|am\s+not\s+able))"
    r"|\bI\s+(?:sincerely\s+|truly\s+)?apologi[sz]e\s+(?:for\b|(?:that|if)\s+(?:my|not|how\s+I|the\s+way\s+I|I)\b)"
    r"|\b(?:my\s+)?apologies\s+(?:for\b|(?:that|if|about)\s+(?:my|not|how\s+I|the\s+way\s+I|I)\b)"
    r"|\bI\s+regret\s+(?:not|that\s+I|my)\b"
    r"|\bI\s+wish\s+I(?:\s+had|'d)\s+(?:answered|said|explained|given|mentioned|done|been|prepared|responded)\b"
    r"|\bI\s+should\s+have\s+(?:answered|said|explained|given|mentioned|prepared|been)\b"
    r"|\b(?:please\s+)?(?:forgive|excuse)\s+(?:my\s+(?:answer|response|rambling|nerves|mistake)|me\s+for)\b"
    r"|\bkick(?:ing|ed)?\s+myself\b|\bembarrass(?:ed|ing)\s+(?:by|about|that|how)\b"
    r"|\bI\s+(?:really\s+|completely\s+|totally\s+|rather\s+)?(?:fumbled|botched|blanked|rambled|stumbled|"
    r"messed\s+up|flubbed|bombed|choked|froze|mangled)\b"
    r"|\bmy\s+(?:answer|response|explanation|reply)\b[^.!?\n]{0,60}?\b(?:was|were|came\s+out)\s+"
    r"(?:so\s+|really\s+|quite\s+|a\s+bit\s+|rather\s+|too\s+)?(?:weak|poor|bad|terrible|awful|muddled|"
    r"scattered|rambling|incomplete|unclear|confusing|wrong|disjointed|all\s+over\s+the\s+place)\b"
    r"|\bnot\s+my\s+(?:best|finest|strongest)\s+(?:answer|moment|work|showing)\b",
    _I,
)

#: what an apology about the interview itself speaks of; a withdrawal or a rejection reply
#: may apologise or regret for anything else ("I regret that I must withdraw", "sorry for
#: any inconvenience"): a warning there
PERFORMANCE = re.compile(
    r"\b(?:answer\w*|question\w*|respon\w*|explain\w*|explanation|interview\w*|perform\w*|blank\w*|"
    r"nerv\w*|rambl\w*|fumbl\w*|stumbl\w*|mistake\w*|example\w*|whiteboard\w*|exercise|demo|presentation)\b",
    _I,
)
