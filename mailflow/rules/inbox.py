"""Whose mail it is and what it means (PRODUCT.md I1-I2). Pure: no I/O, no clock.

``attribute`` gives a received ``Letter`` to at most one application (a ``Target``):

1. a reply in the thread of a message mailflow wrote for it (In-Reply-To/References);
2. mail from one of its people (interviewers, contact): when the person works on several
   applications, the role named in the subject or text decides;
3. mail from its domains (or a subdomain), or from a sender in ``ATS_SENDERS`` (an
   applicant-tracking system or job board writing for companies): the company named in
   the display name, subject or text, by whole words (so "Nova Health" is not "Nova
   Healthcare Group" nor "NovaHealth Partners"), and the role when the company has
   several applications. Never guessed between two: no single answer, no application.

``classify`` gives it a ``MailClass`` and the phrase that decided it, in tiers:

- signs in the headers first: an autoresponder's (RFC 3834 and kin, ``rules.replies``)
  make an autoreply, a mailing list's (``List-Unsubscribe``, ``List-Id``, ``Precedence:
  bulk|list``) outside a thread make bulk;
- then strong phrases, in English, German (Sie and du), French and Spanish, each sentence
  read apart; a phrase in a sentence that negates it ("unable to offer you", "keine
  Absage") or makes it a condition ("if you are not selected", "Sollten wir ...") does
  not count. When several classes have strong phrases the order below decides: an
  explicit rejection > offer > paused > a refused offer of the position ("we are unable
  to offer you the role") > autoreply wording > scheduling > timeline > receipt;
- weak phrases only corroborate: bulk wording ("job alert", "unsubscribe") makes bulk
  when nothing strong was found; otherwise the message is another human ``reply``;
- a second reader (``rules.reader``, a trained linear model handed in by the caller) reads
  every message but a rule's rejection or offer and a reading the headers decided (an
  autoresponder's, a mailing list's: never overruled into an answer). Where the rules fall
  through (``reply``, ``automated``) or only bulk wording spoke it may decide above its
  class's threshold; over any other class of the rules only above its higher ``overrule``
  threshold (very sure). A rejection or an offer only with a weak cue of the same class
  (``weak_cue``) that states this candidate's outcome. Its evidence says so: "classifier 0.93:
  words offer, contract, start".

``read_date`` finds the date a timeline or an out-of-office gives (see its docstring).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from mailflow.model import Incoming, MailClass
from mailflow.patterns import lazy
from mailflow.rules import reader
from mailflow.rules.letter import Letter
from mailflow.rules.reader import Model
from mailflow.rules.replies import is_autoreply

# --------------------------------------------------------------------------- senders

#: Applicant-tracking systems and job boards that write for companies (API_FACTS §9.9):
#: a sender at one of these domains (or a subdomain) is read for every application, and
#: the company is found in the display name, subject or text. ``[inbox] ats_domains`` in
#: the config adds more. Kept short on purpose: every domain is a term of the one reply
#: search a run sends (Gmail's query has a length limit), so a subdomain of a listed one
#: (hire.lever.co, us.greenhouse-mail.io) is not listed again.
ATS_SENDERS: dict[str, str] = {
    "greenhouse-mail.io": "Greenhouse", "greenhouse.io": "Greenhouse",
    "lever.co": "Lever",
    "ashbyhq.com": "Ashby",
    "myworkday.com": "Workday",
    "smartrecruiters.com": "SmartRecruiters",
    "teamtailor-mail.com": "Teamtailor",
    "workablemail.com": "Workable",
    "personio.de": "Personio",
    "icims.com": "iCIMS",
    "jobvite.com": "Jobvite",
    "bamboohr.com": "BambooHR",
    "successfactors.com": "SuccessFactors", "successfactors.eu": "SuccessFactors",
    "taleo.net": "Taleo",
    "gem.com": "Gem",
    "recruitee.com": "Recruitee",
    "softgarden.io": "softgarden",
    "linkedin.com": "LinkedIn", "indeed.com": "Indeed", "indeedemail.com": "Indeed",
    "stepstone.de": "StepStone",
    "welcometothejungle.com": "Welcome to the Jungle",
}

#: free mail providers: a person's address there says nothing about their company's domain
FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com",
    "me.com", "gmx.de", "gmx.net", "web.de", "proton.me", "protonmail.com", "fastmail.com", "aol.com",
    "orange.fr", "free.fr", "laposte.net", "t-online.de",
})


@dataclass(frozen=True)
class Target:
    """One application as attribution sees it."""

    id: str
    company: str
    role: str = ""
    domains: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()  # its people, lower-case
    #: Message-IDs of what the user sent for it (thank-yous, follow-ups)
    threads: tuple[str, ...] = ()


def ats_name(sender: str, extra: Iterable[str] = ()) -> str:
    """The tracking system or job board ``sender`` writes through ("" when none)."""
    host = sender.rpartition("@")[2].strip().lower()
    table = dict(ATS_SENDERS)
    table.update({d.strip().lower().lstrip("@."): d.strip().lower() for d in extra if d.strip()})
    for domain, name in table.items():
        if host == domain or host.endswith("." + domain):
            return name
    return ""


def watched_domains(extra: Iterable[str] = ()) -> tuple[str, ...]:
    """Every domain mail is read from besides the companies' own: the table and the config's."""
    return tuple(sorted({*ATS_SENDERS, *(d.strip().lower().lstrip("@.") for d in extra if d.strip())}))


def target_domains(domains: Iterable[str], addresses: Iterable[str]) -> tuple[str, ...]:
    """A company's domains: those given, and those of its people's addresses (a career
    site's domain is often not the one its people write from), never a free-mail one."""
    found = {d.strip().lower().lstrip("@.") for d in domains if d.strip()}
    for address in addresses:
        host = address.rpartition("@")[2].strip().lower()
        if host and host not in FREE_MAIL and not ats_name(address):
            found.add(host)
    return tuple(sorted(found))


def _on(host: str, domain: str) -> bool:
    return bool(domain) and (host == domain or host.endswith("." + domain))


#: a company's legal form at the end of a display name ("Lindenwerk Energie GmbH", "Acme, Inc."); the
#: look-behind starts the match at the first space or comma of a run, so a name padded with thousands
#: of commas is read in one pass
_LEGAL = lazy(
    r"(?<![\s,])[\s,]+(?:gmbh(?:\s*&\s*co\.?\s*kg)?|ag|se|kg|inc\.?|llc|ltd\.?|limited|plc|corp\.?|co\.?|s\.?a\.?s?\.?|"
    r"s\.?l\.?u?\.?|s\.?a\.? de c\.?v\.?|s\.?r\.?l\.?|b\.?v\.?|n\.?v\.?|oy|ab|as)$", re.IGNORECASE)


def _fold(text: str) -> str:
    """Lower-case, accents kept, punctuation and whitespace runs made one space."""
    text = unicodedata.normalize("NFC", text).casefold().replace("&amp;", "&")
    return " ".join(re.sub(r"[^\w&·'+]+", " ", text).split())


def _core(name: str) -> str:
    name = name.strip()
    while True:
        shorter = _LEGAL.sub("", name).strip()
        if shorter == name:
            return name
        name = shorter


def _names(text: str, name: str) -> bool:
    """``text`` (folded) names ``name`` as whole words."""
    needle = _fold(name)
    if not needle:
        return False
    return re.search(r"(?<![\w&·-])" + re.escape(needle) + r"(?![\w&·-])", text) is not None


def _role_core(role: str) -> str:
    return re.split(r"[(,]", role)[0].strip()


def attribute(letter: Letter, targets: Iterable[Target], *, ats_domains: Iterable[str] = (),
              sentence: str = "") -> Target | None:
    """The one application ``letter`` belongs to, or None (no match, or two equally).
    ``sentence`` is the one that decided the message's class (``Reading.sentence``):
    when the text names two roles at one company, the role named there decides."""
    targets = list(targets)
    host = letter.sender.rpartition("@")[2]
    refs = {r.strip() for r in (letter.in_reply_to, *letter.references) if r.strip()}
    threaded = [t for t in targets if refs & set(t.threads)]
    if len(threaded) == 1:
        return threaded[0]
    raw = " \n ".join((letter.subject, letter.text))
    text = _fold(" \n ".join((letter.sender_name, letter.subject, letter.text)))
    history = _fold(letter.history)
    people = [t for t in targets if letter.sender in t.addresses or (letter.reply_to and letter.reply_to in t.addresses)]
    deciding = _fold(sentence)
    if people:
        return _one(people, text, history, deciding, raw)
    own = [t for t in targets if any(_on(host, d) for d in t.domains)]
    if own:
        return _not_another_role(_one(own, text, history, deciding, raw), raw)
    if ats_name(letter.sender, ats_domains):
        named = [t for t in targets if _names(text, _core(t.company)) or _names(text, t.company)]
        # "Nova Health" inside a longer company name that is also tracked is that one
        named = [t for t in named if not any(o.company != t.company and _fold(_core(t.company)) in _fold(o.company)
                                             and (_names(text, _core(o.company))) for o in named)]
        if not named:
            named = _tenant(letter.sender, targets, ats_domains)
        if named:
            return _not_another_role(_one(named, text, deciding=deciding), raw)
    return None


#: the role an application is for, as a message names it: "your application for Senior Data Analyst
#: at ...", "the Data Analyst role", "Ihrer Bewerbung: Data Analyst (m/w/d) - ...", "tu candidatura a
#: Analista de Datos en ...", "le poste de ...", "el puesto de ..."
_APPLIED_ROLE = lazy(r"(?:\b(?:application|candidacy)[ \t]+(?:for|to)[ \t]+(?:the[ \t]+)?|\bBewerbung(?:[ \t]+als|[ \t]*:)[ \t]*|"
                     r"\bcandidatura[ \t]+(?:a|al|para)[ \t]+(?:(?:el|la)[ \t]+)?(?:(?:puesto|cargo|vacante)[ \t]+de[ \t]+)?|"
                     r"\bcandidature[ \t]+(?:au poste d['e][ \t]*|pour le poste d['e][ \t]*|pour[ \t]+)|"
                     r"\b(?:the|your)[ \t]+(?=(?:[A-Z][\w/-]*[ \t]+){1,5}(?:role|position)\b))"
                     r"((?:[A-Z][\w/-]*|de|of)(?:[ \t]+(?:[A-Z][\w/-]*|de|of|\([\w/]+\)))*)")
#: words of a role's name that tell no two roles apart
_ROLE_FILLER = frozenset({"senior", "junior", "lead", "staff", "principal", "sr", "jr", "de", "of", "m/w/d", "h/f", "f/m/d",
                          "w/m/d", "m/f/d", "role", "position", "ii", "iii", "i"})


def _role_name_words(role: str) -> set[str]:
    return {w for w in re.findall(r"[\w/]+", _fold(role)) if w not in _ROLE_FILLER and len(w) >= 2}


def _not_another_role(target: Target | None, raw: str) -> Target | None:
    """``target``, unless the message is about the reader's application for a role it names and
    that role shares no word with ``target``'s ("Your application for Senior Data Analyst at Nova
    Health" when the tracked application is the Analytics Engineer one): news about an
    application mailflow does not track is not guessed onto the one it does."""
    if target is None or not target.role:
        return target
    mine = _role_name_words(target.role)
    company = _role_name_words(target.company) | _role_name_words(_core(target.company))
    named = [_role_name_words(m.group(1)) - company for m in _APPLIED_ROLE.finditer(raw)]
    named = [words for words in named if words]  # "your application to Kestrel Robotics" names the company
    if named and mine and not any(words & mine for words in named):
        return None
    return target


#: words of a tracking system's addresses that name no company
_GENERIC_LABELS = frozenset({
    "no", "reply", "noreply", "donotreply", "do", "not", "jobs", "job", "careers", "career", "talent", "hire", "hiring",
    "recruiting", "recruitment", "recruit", "team", "hr", "mail", "email", "m", "us", "eu", "emea", "apac", "www",
    "notifications", "notification", "notify", "system", "bounce", "bounces", "info", "candidates", "apply", "app",
    "appreview", "messages", "message", "inmail", "em", "e", "t", "mx", "smtp", "karriere", "bewerbung", "empleo",
    "emploi", "stellen", "rh", "talentos",
})


def _tenant(sender: str, targets: list[Target], extra: Iterable[str] = ()) -> list[Target]:
    """The applications a tracking system's address names as its tenant, when nothing
    else does: ``x@fuchsbau.teamtailor-mail.com``, ``lindenwerk-jobs@m.personio.de``,
    ``acme@myworkday.com`` -> the company whose domain or name is that word."""
    local, _, host = sender.lower().rpartition("@")
    system = next((d for d in sorted({*ATS_SENDERS, *(e.strip().lower().lstrip("@.") for e in extra if e.strip())},
                                     key=len, reverse=True) if _on(host, d)), "")
    # the whole tenant, generic words left out: "lindenwerk-netze-jobs" is "lindenwerknetze", not "lindenwerk"
    parts = [re.split(r"[._+-]", local), host[:-len(system)].strip(".").split(".") if system else []]
    words = {"".join(w for w in part if w not in _GENERIC_LABELS) for part in parts}
    words = {w for w in words if len(w) >= 4}
    if not words:
        return []

    def names(t: Target) -> set[str]:
        core = _fold(_core(t.company))
        found = {d.split(".")[0] for d in t.domains if d}
        found |= {core.replace(" ", ""), core.split(" ")[0] if core else ""}
        return {n for n in found if len(n) >= 4}

    return [t for t in targets if words & names(t)]


def _one(found: list[Target], text: str, history: str = "", deciding: str = "", raw: str = "") -> Target | None:
    """The single one of ``found``: by company first, then by the role named in the
    sentence that decided the class, then in the text, then (the text naming none) in
    the quoted or forwarded history; then, in the sender's own words (``raw``), by a word
    only one of the roles has, named as a role ("the Perception role"), or by a person
    only one of them has, named ("Daniel is travelling")."""
    if len(found) == 1:
        return found[0]
    if deciding:
        by_role = [t for t in found if t.role and _names(deciding, _role_core(t.role))]
        if len(by_role) == 1:
            return by_role[0]
    for words in (text, history):
        by_role = [t for t in found if t.role and _names(words, _role_core(t.role))]
        if len(by_role) == 1:
            return by_role[0]
        if by_role:
            return None
    if raw:
        by_word = [t for t in found if any(re.search(rf"\b{re.escape(w)}\b(?:[ -](?-i:[A-Z])\w*)?\s+{_A_ROLE}\b", raw)
                                           for w in _own_words(t, found, _role_words))]
        if len(by_word) == 1:
            return by_word[0]
        by_person = [t for t in found if any(re.search(rf"\b{re.escape(w)}\b", raw) for w in _own_words(t, found, _people_names))]
        if len(by_person) == 1:
            return by_person[0]
    return None


#: what names a role after its distinctive word: "the Perception role", "die Platform-Stelle"
_A_ROLE = r"(?i:role|position|job|opening|vacancy|req|requisition|team|Stelle|Position|poste|puesto|vacante)"


def _role_words(t: Target) -> set[str]:
    """The capitalised words of a target's role ("Machine Learning Engineer, Perception")."""
    return {w for w in re.findall(r"[\w·]+", t.role) if len(w) >= 4 and w[:1].isupper()}


def _people_names(t: Target) -> set[str]:
    """The first and last names its people's addresses spell ("daniel.osei@..." -> Daniel, Osei)."""
    names = set()
    for address in t.addresses:
        parts = address.rpartition("@")[0].split(".")
        if len(parts) == 2 and all(len(part) >= 3 and part.isalpha() for part in parts):
            names |= {part.capitalize() for part in parts}
    return names


def _own_words(t: Target, found: list[Target], words) -> set[str]:
    """``words(t)`` that no other of ``found`` has."""
    return words(t) - set().union(*(words(o) for o in found if o is not t))


# --------------------------------------------------------------------------- classes


@dataclass
class Reading:
    """What a message means: its class, the phrase that decided it, and the date it
    gives (a timeline's decision date, an out-of-office's first day back)."""

    kind: MailClass
    evidence: str = ""
    date: date | None = None
    #: every class whose phrases matched, strongest first (``inbox --explain``)
    seen: list[str] = field(default_factory=list)
    #: the sentence the deciding phrase stands in (attribution reads the role named there first)
    sentence: str = ""
    #: decided by a weak phrase alone (bulk wording with no mailing-list header): the second
    #: reader may read it otherwise
    weak: bool = False
    #: decided by the headers (an autoresponder's, a mailing list's): no second reader overrules it
    by_headers: bool = False


#: what makes a refused offer a wait: "can't make you an offer until ...", "not yet"
_NOT_YET = lazy(r"\b(?:until|till|before|yet|bis|noch|erst|jusqu|encore|avant|hasta|todavía|aún|antes)\b", re.I)
#: a wait said with regret: "we still have no decision", "toujours pas de retour"
_STILL = lazy(r"\b(?:still|noch|immer noch|toujours|encore|todavía|aún|sigue|yet)\b", re.I)
#: a question that names a day or an hour: an interview being booked or moved
_WHEN_MEET = lazy(r"\b(?:when|what time|which day|wann|welche[rnm]? (?:Tag|Zeit|Termin)|quand|quel(?:le)? (?:jour|heure|date)|"
                        r"cuándo|qué (?:día|hora|fecha))\b", re.I)
_MEETING = lazy(r"\b(?:interview|call|chat|meeting|onsite|Gespräch|Interview|Termin|Kennenlernen|entretien|rendez-vous|"
                      r"entrevista|llamada|reunión)\b", re.I)
#: the reader asked whether they have time
_HAVE_TIME = lazy(r"\b(?:(?:would|do|could|will|might) you (?:have|find|be able to (?:find|make)) (?:some |a little |the )?"
                  r"(?:time|an hour|half an hour|\d+ ?(?:min|mins|minutes)|a (?:few |couple of )?minutes|a moment)|"
                  r"(?:hätten|haben) Sie (?:\S+ ){0,3}?Zeit|(?:hättest|hast) du (?:\S+ ){0,3}?Zeit|"
                  r"(?:auriez|avez)-vous (?:\S+ ){0,2}?(?:un moment|du temps|un créneau|\d+ minutes)|"
                  r"(?:aurais|as)-tu (?:\S+ ){0,2}?(?:un moment|du temps)|"
                  r"(?:tendrías|tienes|tendría|tiene) (?:usted )?(?:\S+ ){0,2}?(?:tiempo|un momento|un rato|\d+ minutos))\b", re.I)
#: soon, as a day to meet: "next week", "tomorrow", "nächste Woche", "demain", "la próxima semana"
_SOON = lazy(r"\b(?:next week|tomorrow|this week|nächste[nr]? Woche|morgen|diese[nr]? Woche|la semaine prochaine|demain|"
             r"cette semaine|la (?:próxima|siguiente) semana|la semana que viene|mañana|esta semana)\b", re.I)
_TIME_OF_DAY = lazy(r"\b\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|Uhr|h)\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}h\d{0,2}\b|"
                    r"\ba las \d{1,2}(?:[:.]\d{2})?\b", re.I)

P = str  # a regular expression, matched case-insensitively on one sentence

#: going on with a process, every inflection follows the stem ("moving", "proceeded", "progress")
_GO_ON_EN = r"(?:mov|proceed|progress|continu|go|going|gone|went|advanc|pursu|focus)"
#: someone else: "other applicants", "another candidate", "a candidate whose ...", "a different person"
_OTHERS_EN = (r"(?:(?:an?other|other|the other|a different|different|alternative|a more \w+|an?) (?:[\w-]+ ){0,2}"
              r"(?:candidates?|applicants?|persons?|people|profiles?|individuals?|finalists?|contenders?)\b|someone|somebody)")

#: someone else in French, Spanish, German: "d'autres candidatures", "otros perfiles",
#: "einem internen Bewerber"; a bare article counts ("un candidat qui ...", "un profil plus orienté")
_OTHERS_FR = (r"(?:d'autres|autres|un autre|une autre|les autres) (?:[\w-]+ ){0,2}"
              r"(?:candidat\w*|profils?|personnes?|candidatures)\b")
#: one candidate, after a decision: "choisi de poursuivre avec un profil plus orienté ..."
_ONE_FR = r"(?:un|une) (?:candidat\w*|profil)\b"
_OTHERS_ES = (r"(?:otr[oa]s?|un[a]? otr[oa]|(?:el|la|los|las) otr[oa]s?|un[a]?(?= (?:candidat|perfil))) (?:[\w-]+ ){0,2}"
              r"(?:candidat\w*|perfil(?:es)?|personas?|postulantes?)\b")
_OTHERS_DE = (r"(?:eine[nmr]?|andere[nmr]?|eine[nmr]? andere[nmr]?|internen?|externen?) (?:[\w-]+ ){0,2}"
              r"(?:Bewerber\w*|Kandidat\w*|Person|Profil\w*)")

_NEG = (r"(?:\bnot\b|n't\b|\bunable\b|\bno longer\b|\bnever\b|\bcannot\b|\bkeine?[nmrs]?\b|\bnicht\b|"
        r"\bpas\b|\bplus\b|\bjamais\b|\bno\b|\bni\b|\bnunca\b|\bsin\b)")
_IF = (r"(?:(?<!even )(?<!auch )\bif\b|\bshould\b|\bsollten?\b|\bfalls\b|(?<!auch )(?<!selbst )\bwenn\b|(?<!même )\bsi\b|"
       r"\ben caso\b|\bunless\b|\bsofern\b|\ble cas échéant\b|\bgegebenenfalls\b|\bggf\.|\bif (?:so|applicable)\b|"
       r"\ben su caso\b|\bllegado el caso\b|\bde ser así\b|\bin case\b|\bau cas où\b|\bim Fall(?:e)?\b|\bpor si\b|"
       r"\ben caso de que\b|\bwhether\b|\bob\b)")

#: regret, in the four languages: with a negation and the candidacy, bad news about it
_REGRET = (r"(?:unfortunately|regret|regretfully|sadly|I'm afraid|we are sorry|sorry to|leider|bedauer\w*|"
           r"malheureusement|au regret|navrée?s?|désolée?s?|lamentablemente|desafortunadamente|sentimos|lamentamos|"
           r"siento|por desgracia)")
#: the outcome a negation denies: going on, being chosen, succeeding ("not selected", "nicht
#: geklappt", "pas donner suite", "no ha sido seleccionada")
_OUTCOME = (r"(?:\bmov\w* (?:you |your \w+ )?(?:forward|ahead|on)\b|\bprogress\w*|\bproceed\w*(?! to)|"
            r"\bcontinu\w* (?:with (?:you|your)|your)|\badvanc\w*|\bselect\w*|\bshortlist\w*|\bsuccessful|\bsucceed\w*|"
            r"\bberücksichtig\w*|\bweiterverfolg\w*|\bweiterkommen|\bgeklappt|\bengere[nr]? Auswahl|\bpositive[nr]?\b|"
            r"\bfavorable|\bfavorablement|\bsuite\b|\bretenue?s?\b|\bretiendr\w*|\bseleccionad\w*|\bavanz\w*|"
            r"\bsegui\w* (?:adelante|con)|\bcontinuar con|\bprosegu\w*)")

_REJECTION: list[P] = [
    # en
    r"(?:will not|won't|are not|aren't|not be|not to|decided not to|not going to|cannot|can't|unable to) "
    r"(?:be )?(?:moving|move|proceed(?:ing)?|progress(?:ing)?|continu(?:e|ing)|tak(?:e|ing)) (?:forward |further )?"
    r"(?:with )?(?:your|you)\b",
    r"decided not to (?:move forward|proceed|progress|continue|pursue|advance)",
    r"(?:decided|chosen|opted|elected|made the (?:difficult )?decision) to (?:move forward|proceed|go|continue|progress) "
    r"with (?:another|other|a different|a more)",
    r"(?:move|moving|go|going|proceed|proceeding) (?:forward )?with (?:another|other|a different) (?:candidate|applicant|person)",
    r"(?:decided|chosen|opted) to pursue (?:other|another)",
    r"(?:position|role|vacancy|job|opening) (?:has|had) (?:now )?(?:already )?been filled",
    # the company filled it, said in the active voice ("We've filled the Data Engineer
    # position"); not a time clause ("once we have filled the role, ...")
    r"(?<!once )(?<!when )(?<!after )(?<!until )(?<!before )\b(?:we've|we have|we had|we) (?:now |just |already |since )?"
    r"filled (?:the|this|that|our) (?:[\w,()/-]+ ){0,5}?(?:position|role|vacancy|job|opening|post)\b",
    # the candidate passed on: "we're going to pass for now", "we've decided to pass on your application"
    # (the writer's decision, not the reader's test: "you will pass"; not a hand-over: "pass on your profile to")
    r"\b(?:we|I)(?:'re|'ve|'ll|'d| are| have| will| would| had)? (?:(?:\w+ )?(?:decided|going|chosen|opted|have|need|had) to )?"
    r"pass(?: (?:on (?:you|your (?:application|candidacy|profile))(?! (?:to|along|over|with)\b)|for now|this time)\b"
    r"|\s*(?=[.;,:!]|$))",
    r"(?:application|candidacy) (?:has|was) (?:been )?unsuccessful",
    r"\b(?:application|candidacy) (?:has been|was|is|have been) (?:\w+ )?(?:declined|rejected|turned down)\b",
    # the role given to someone else: "we've offered the role to someone whose ..."
    r"\b(?:offered|given|awarded) the (?:role|position|job|post) to (?:someone|somebody|another|a different|an? (?:\w+ )?"
    r"(?:candidate|applicant|person))",
    # going on without the reader: "poursuivre le processus sans vous", "continue the process without you"
    r"\b(?:mov|proceed|continu|go|going|went|progress|advanc)\w* (?:ahead |forward |on )?(?:\w+ ){0,3}without you\b",
    r"\b(?:poursuiv|continu|avanc)\w* (?:\w+ ){0,3}sans (?:vous|toi)\b",
    r"\b(?:segui|continu|avanz)\w* (?:\w+ ){0,3}sin (?:ti|usted)\b",
    r"\bohne (?:Sie|dich) (?:\w+ ){0,3}(?:fortsetzen|fortzusetzen|weiterführen|weiterzuführen|fortfahren|fortzufahren|weitermachen)\b",
    r"(?:application|candidacy) (?:has|was|is) not (?:been )?successful",
    r"(?:not|n't) (?:be )?(?:mov|progress|advanc|go|tak|invit)\w* (?:you |your application )?(?:forward )?(?:to|into|through) "
    r"(?:the )?(?:next|final|further) (?:step|stage|round|phase)",
    r"(?:you|your application) (?:have|has) not been (?:successful|selected|shortlisted)",
    r"(?:not|n't) (?:be )?(?:offering|offer(?:ing)?) you (?:the|this|a) (?:position|role|job)",
    r"decided not to (?:offer|extend)",
    r"(?:chosen|decided|opted|going) to (?:offer|extend an offer for) the (?:role|position|job) to "
    r"(?:another|a different|someone|an? (?:\w+ )?(?:candidate|applicant|person))",
    r"(?:selected|chosen|hired|identified|found|picked|appointed|offered the (?:role|position) to) "
    r"(?:another|a different|an?other|a more (?:\w+ )?(?:suitable|qualified|experienced)|an internal) "
    r"(?:\w+ )?(?:candidate|applicant|person|profile)",
    r"(?:no longer|not) (?:be(?:ing)? )?(?:under|in) consideration",
    # a decision, not a habit or a process still running: "decided to pursue candidates whose ..."
    r"(?:decided|chosen|chose|opted|will be|are going) to (?:pursue|proceed with|progress with|continue with|advance with|"
    r"move (?:forward |ahead |on )?with|go with|focus on) "
    r"(?:candidates|applicants|profiles) (?:whose|who|with|that)\b",
    r"(?:will be|are now|have decided to be) (?:pursuing|proceeding with|moving (?:forward |ahead |on )?with|focusing on) "
    r"(?:candidates|applicants|profiles) (?:whose|who|with|that)\b",
    # "we went a different direction", "decided to go in another direction"
    # not a conversation's turn nor a comparison: "the call went a different direction than I expected",
    # "went a different direction with the office move"
    r"(?<!conversation )(?<!discussion )(?<!interview )(?<!meeting )(?<!call )(?<!chat )(?<!talk )"
    r"\b(?:go|going|gone|went|move|moving|head|heading) (?:in )?(?:a|another) (?:different )?direction\b"
    r"(?!,? (?:than|from)\b)(?! with (?!(?:this|the|that|our) (?:role|position|hire|search|opening|vacancy|req\w*)\b|it\b))",
    # "decided to go another way for this hire"; not another way with something ("with the interview format")
    r"\b(?:go|going|gone|went|head|heading) (?:a different|another|a separate) (?:way|route|path)\b(?!\s+(?:with|on|about|in|to)\b)",
    # someone else who fits better: "a candidate whose experience more closely aligns"
    rf"{_OTHERS_EN} (?:whose |who(?:se)? )?(?:\w+ )?(?:better|more closely|more) (?:match|fit|suit|align|meet)",
    r"(?:no longer|not) (?:be(?:ing)? )?considered for",
    r"(?:decided|chosen|going|need|have) to (?:close|withdraw|decline) (?:out )?your (?:candidacy|application|candidature)",
    r"(?:not|n't) (?:be )?(?:selected|shortlisted|chosen) (?:you )?(?:for|to)",
    r"regret to inform you",
    # going on with someone else, in any inflection: "move ahead with other applicants",
    # "proceed with a candidate whose background ...", "progressing with another person"
    rf"{_GO_ON_EN}\w* (?:ahead |forward |further |on )?(?:with|on) {_OTHERS_EN}",
    # not going on with the candidate: "won't be moving ahead with your candidacy"
    rf"(?:not|n't|no longer) (?:be )?{_GO_ON_EN}\w* (?:ahead |forward |further )?(?:with )?(?:you\b|your (?:application|candidacy|candidature|profile|file)|"
    # nobody, the reader included: "will not be moving forward with any candidates for it"
    r"(?<=with )any (?:\w+ )?(?:candidates?|applicants?|applications?)\b)",
    # de
    r"für (?:eine[nr]?:?n?|einen|eine|jemand(?:en)?)? ?(?:andere[nr]?:?n?|anderen) ?(?:Bewerber|Kandidat|Person|Profil)",
    r"für jemand(?:en)? (?:anderen|andere[sn]?) entschieden",
    r"mit (?:anderen|einer anderen|einem anderen) (?:Kandidat|Bewerber)\S* (?:weiter|fortzufahren|fortfahren)",
    r"(?:mit|für) (?:eine[nrm]?:?n? )?(?:anderen?|andere:?n?) (?:Person|Kandidat\S*|Bewerber\S*|Profil) (?:\w+ ){0,2}(?:zu )?"
    r"(?:besetz|entschieden|weiter|fortzufahren|fortfahren|fortzusetzen|fortsetzen|fortführen|entschlossen)",
    r"(?<!noch )(?<!derzeit )\bkeine (?:\w+ )?Zusage\b",
    r"(?:nicht|keine) (?:weiter|mehr|länger) (?:berücksichtigen|berücksichtigt|verfolgen|in Betracht)",
    r"(?:Sie|dich|Ihre Bewerbung|deine Bewerbung|Ihre Kandidatur|deine Kandidatur)\b(?: [\w-]+){0,6} "
    r"(?:leider )?nicht (?:\w+ ){0,2}(?:berücksichtig\w*|weiterverfolg\w*|in Betracht)",
    r"(?:wir|uns) (?:\w+ ){0,4}gegen (?:dich|Sie|Ihre \w+|deine \w+) (?:\w+ ){0,2}entschieden",
    r"Wahl (?:\w+ ){0,3}auf (?:eine[nr]? )?(?:andere[nr]?|jemand)",
    # the choice did not fall on the reader: "ist die Wahl nicht auf Sie gefallen"
    r"Wahl (?:\w+ ){0,3}nicht auf (?:Sie|dich|Ihre \w+|deine \w+) (?:gefallen|gefalle|fiel)",
    # another choice made: "l'équipe a fait un autre choix", "notre choix s'est porté sur une autre candidature"
    r"\b(?:avons fait|a fait|ont fait|avait fait|avions fait) un autre choix\b(?! d[eu'])",
    # a bare "un profil" must be described as another's ("un profil plus orienté ..."), never "un profil : le vôtre"
    r"\bchoix (?:s'est|se sont|s'est finalement) (?:\w+ )?porté\w* sur (?:un autre|une autre|d'autres|"
    r"(?:un profil|une candidature|un candidat|une candidate) (?:dont|qui|plus|mieux|correspondant))",
    # no longer considered, in a word of each language: "tu postulación ya no está en consideración",
    # "votre candidature n'est plus à l'étude"
    r"\b(?:candidatur\w*|dossier|profil|postulaci\w+|solicitud|perfil)\b[^.;:,]{0,40}?"
    r"\b(?:ya no (?:está|se encuentra|sigue|continúa) (?:\w+ )?en (?:consideración|evaluación|el proceso)|"
    r"n'est plus (?:à l'étude|en cours d'étude|considérée|retenue|en lice))",
    r"\bya no (?:estás|sigues|continúas) (?:\w+ )?en (?:consideración|evaluación|el proceso)",
    r"\bn'(?:êtes|es) plus (?:à l'étude|considérée?s?|retenue?s?|en lice)",
    r"(?:muss|müssen) (?:ich |wir )?(?:Ihnen|dir|euch) (?:\w+ ){0,3}(?:eine )?(?:Absage|absagen)",
    r"gegen (?:eine|Ihre|deine) (?:weitere )?(?:Berücksichtigung|Zusammenarbeit|Fortsetzung|Fortführung|Einstellung)\b",
    r"(?:anderweitig|bereits) (?:besetzt|vergeben)",
    # the decision to fill it otherwise: "entschieden, die Position ... anderweitig zu besetzen"
    r"\banderweitig (?:zu )?(?:besetzen|vergeben|nachzubesetzen)\b",
    r"(?:Stelle|Position|Vakanz|Rolle) (?:ist |wurde )?(?:bereits |inzwischen |mittlerweile )?(?:anderweitig |intern )?(?:besetzt|vergeben)",
    r"(?:müssen|muss) (?:wir )?Ihnen (?:leider )?(?:eine )?Absage",
    r"(?:Ihnen|dir) (?:leider )?(?:mitteilen|sagen), dass wir (?:uns )?(?:gegen|für eine?n? andere)",
    # fr
    r"(?:pas|plus) (?:en mesure de )?(?:donner|réserver) (?:une )?suite (?:favorable|positive)",
    r"(?:n'a|n'avons|n'ont|ne sera) pas (?:été )?(?:retenue?s?|sélectionnée?s?)",
    # a status said in a word: "Candidature non retenue", "Status: Abgelehnt", "Estado: Descartada"
    r"\bcandidature (?:\w+ )?non (?:retenue|sélectionnée|aboutie)\b",
    r"\b(?:status|statut|estado|stand)\b(?: [^.:;]{0,40}?)?\s*:\s*(?:(?:application|candidature|candidatura|solicitud|Bewerbung) )?"
    r"(?:non (?:retenue?|sélectionnée?)|rejected|declined|unsuccessful|not selected|not progressed|abgelehnt|"
    r"nicht berücksichtigt|descartad[oa]|rechazad[oa]|no seleccionad[oa])\b",
    r"(?:retenu|choisi|sélectionné|privilégié) (?:une autre|un autre|d'autres) (?:candidat|profil)",
    r"(?:poursuiv|continu|avanc|aller|avons choisi|avons retenu|orient)\w* (?:(?:le|la|notre) (?:processus|procédure|recrutement) )?"
    r"(?:avec|vers) (?:une autre|un autre|d'autres) (?:\w+ )?(?:candidat|profil|personne)",
    r"poste (?:d[e'] ?[^.;]{0,40} )?(?:a|est) (?:finalement |désormais |déjà )?(?:été )?pourvu",
    r"(?:attribué|confié|proposé) (?:\w+ )?(?:à|a) (?:un autre|une autre|d'autres|quelqu'un d'autre) ?(?:candidat|personne|profil)?",
    rf"(?:attribué|confié|proposé|pourvu)e? (?:\w+ )?(?:à|a|par) {_ONE_FR}",
    r"(?:asignado|otorgado|ofrecido) (?:\w+ )?a (?:otr[oa]|un[a]? otr[oa]) (?:candidat|persona|perfil)",
    r"ne (?:pas|plus) (?:poursuivre|donner suite)",
    r"(?:pas|plus) (?:\w+ ){0,3}(?:donner|réserver) (?:une )?suite",
    r"\bne (?:\w+ )?retiendr\w* pas",
    r"(?:choix|choisi|retenu|opté pour|privilégié|décidé de (?:poursuivre|continuer|avancer) avec) (?:d'|de )?"
    r"(?:un autre|une autre|d'autres|autres) (?:\w+ )?(?:candidat|profil|personne)",
    r"(?:ne|n') ?(?:\w+ )?(?:poursuivr|donner|donnerons|pourrons)\w* pas (?:\w+ ){0,3}(?:suite|votre candidature|le processus)",
    r"(?:clôturer|clore|clôturons|fermer) (?:votre|ta) candidature",
    r"pas (?:pu|pouvoir) (?:retenir|donner suite)",
    # es
    r"(?:continuar|seguir|avanzar|avanzamos|seguimos|continuamos) con (?:otr[oa]s?|un[a]? otr[oa]) (?:candidat|perfil|persona|postulante)",
    r"(?:posición|puesto|vacante|plaza) (?:de [^.;]{0,40} )?(?:ya )?(?:se )?(?:ha|fue|ha sido|haya) (?:sido )?(?:cubiert|ocupad)",
    r"no (?:continu|avanz|segu|sig|prosegu)\w* (?:adelante )?con (?:tu|su) (?:postulación|candidatura|solicitud|proceso|perfil)",
    r"(?:seleccionado|elegido|escogido|optado por) (?:a )?(?:otr[oa]|un[a]? otr[oa]) (?:candidat|perfil|persona|postulante)",
    r"(?:continu|avanz|segu|sig|prosegu|cerr|cubr|contrat|eleg|selecciona|opt|decid|decant|inclin)\w* (?:adelante )?"
    r"(?:(?:el|la|nuestro|nuestra|este|esta) (?:proceso|puesto|vacante|búsqueda|selección|posición) )?(?:con|a|por) "
    r"(?:otr[oa]s?|un[a]? otr[oa]|(?:el|la|los|las) otr[oa]s?) (?:candidat|perfil|persona|postulante)",
    r"\bno (?:\w+ ){0,2}(?:continu|avanz|segu|sig|prosegu)\w* (?:adelante )?con (?:tu|su) (?:postulación|candidatura|solicitud|proceso|perfil)",
    r"decidi(?:ó|mos|do) no (?:continuar|avanzar|seguir)",
    r"no (?:has|ha) sido (?:seleccionad|elegid)",
    # someone else was chosen, composed: a choosing verb in the perfect (a decision made) and
    # someone else as its object, in the four languages
    rf"(?:extended|made|given|offered) (?:an|the|our) (?:\w+ )?offer to {_OTHERS_EN}",
    rf"(?:(?:avons|a|ont|avez) (?:\w+ )?|(?:décidé|choisi) de |préféré )(?:retenu|retenir|choisi|choisir|sélectionné|"
    rf"sélectionner|privilégié|privilégier|recruté|recruter|engagé|engager) (?:{_OTHERS_FR}|{_ONE_FR})",
    rf"(?:donner suite|poursuivre|continuer|avancer|aller plus loin) (?:\w+ )?(?:à|avec) {_OTHERS_FR}",
    rf"(?:fait le choix|opté pour|porté notre choix sur|arrêté notre choix sur) (?:d'|de )?(?:{_OTHERS_FR}|{_ONE_FR})",
    rf"(?:décidé|choisi|préféré) (?:\w+ )?de (?:donner suite|poursuivre|continuer|avancer) (?:\w+ )?(?:à|avec) {_ONE_FR}",
    rf"(?:hemos|ha|han|habíamos) (?:\w+ )?(?:seleccionado|elegido|escogido|contratado|optado por|decidido avanzar con|"
    rf"decidido continuar con|decidido seguir con) (?:a )?{_OTHERS_ES}",
    rf"(?:Stelle|Position|Rolle|Vakanz) (?:\S+ ){{0,5}}?mit {_OTHERS_DE} (?:\S+ ){{0,5}}?(?:zu )?(?:besetz|nachzubesetz)\w*",
    rf"(?:für|mit) {_OTHERS_DE} (?:[\w-]+ ){{0,6}}entschieden",
    # the candidate's profile said not to fit: "votre profil ne correspond pas à nos besoins"
    r"(?:your|Ihr|dein|votre|ton|tu|su) (?:\w+ ){0,2}(?:profile|experience|background|skills|profil|parcours|perfil|"
    r"experiencia|Erfahrung|Qualifikation)\w* (?:\w+ ){0,2}"
    r"(?:(?:does|do|did) not|doesn't|don't|didn't|is not|isn't|ne|n'|no|nicht|passt nicht|entspricht nicht) ?(?:\w+ ){0,3}?"
    r"(?:match|fit|align|meet|correspond|répond|convient|colle|se ajusta|encaja|corresponde|cumple|entspricht|passt)\w*",
    r"(?:Ihr|dein) (?:\w+ ){0,2}(?:Profil|Erfahrung|Qualifikation)\w* (?:passt|entspricht|deckt sich) (?:\w+ ){0,3}nicht\b",
    # the reader's experience said not to fit after a praise: "Ihre Erfahrung ist beeindruckend, passt aber leider nicht zu ..."
    r"\b(?:Ihre?|deine?) (?:\w+ ){0,2}(?:Profil|Erfahrung|Qualifikation|Hintergrund)\w*\b[^.;]{0,40}?\b(?:passt|entspricht|deckt sich) "
    r"(?:aber |jedoch |leider |allerdings ){0,3}nicht\b",
    # -- read from structure: the reader (or their candidacy) as the object of a going-on verb
    # that is denied or passive-negated, the post closed by a hire, the decision against the reader
    # "your application for Site Reliability Engineer will not be considered further"
    r"\b(?:you|your (?:application|candidacy|candidature|profile))\b(?: [^\s.;:!?]+){0,6}? (?:will|would|can|could|shall|is|are) "
    r"(?:not|no longer|n't)(?: be)? (?:considered|progressed|pursued|advanced|(?:taken|moved) (?:any )?(?:further|forward))\b",
    # "we don't see a match", "the team has decided it's not the right fit": the company's judgement
    r"\b(?:we|I) (?:do not|don't|did not|didn't|cannot|can't) (?:see|find|feel) (?:a |an |the )?(?:strong |clear |good |close )?"
    r"(?:match|fit)\b(?! (?:between|with) (?!you))",
    r"\b(?:decided|concluded|feel|felt|agreed)\b[^.;]{0,20}\b(?:not|isn't|n't) (?:quite )?(?:the |a )?(?:right |good |strong )?"
    r"(?:fit|match)\b",
    # the post gone to someone else: "the role went to an internal candidate"
    r"\b(?:role|position|job|post|opening|vacancy)\b (?:has |had )?(?:went|gone|was given|been given|was awarded|been awarded) to "
    r"(?:another|someone|somebody|an? (?:\w+ )?(?:candidate|applicant|person|colleague|hire))\b",
    # the post closed by a hire: "has been closed with a successful hire"
    r"\b(?:position|role|vacancy|job|opening|requisition|search)\b[^.;]{0,40}?\b(?:has been|was|is now|has now been) "
    r"(?:closed|concluded|completed) (?:with|after|following) (?:a |an )?(?:successful |internal |external )?(?:hire|appointment|placement)\b",
    # the writer closing the reader's candidacy: "we'll be closing out your application" (not on a condition after it)
    r"\b(?:we|I)(?:'ll|'re|'ve| will| are| have| had| must| need to)? (?:(?:now|be|just|also|therefore|then|going to|have to|need to|decided to) ){0,2}"
    r"(?:clos|withdraw|declin)\w* (?:out )?"
    r"your (?:application|candidacy|candidature)\b(?![^.;]{0,60}\b(?:if|unless|once|should|in case)\b)",
    # de, verb-final: the decision against the reader ("uns im Auswahlprozess für die Position X (m/w/d) gegen
    # Ihre Bewerbung entschieden"), the process with the reader not continued ("den Prozess mit dir nicht weiterführen"),
    # someone chosen ("für jemanden entschieden, der ..."), no possibility to consider the reader
    r"\bgegen (?:dich|Sie|Ihre \w+|deine \w+) (?:\S+ ){0,2}?entschieden\b",
    r"\b(?:mit (?:dir|Ihnen|euch)|(?:Ihre|deine) (?:Bewerbung|Kandidatur)) (?:\S+ ){0,5}?nicht (?:mehr |weiter )?"
    r"(?:weiterführen|weiterzuführen|fortsetzen|fortzusetzen|fortführen|fortzuführen|fortfahren|fortzufahren|weiterverfolgen|"
    r"weiter verfolgen)\b",
    r"\bfür jemand(?:en)? (?!wie\b)(?:\S+ ){0,3}?entschieden\b",
    r"\bkeine (?:Möglichkeit|Chance|Perspektive)\b[^.;]{0,30}?\b(?:Sie|dich|Ihre \w+|deine \w+) (?:\S+ ){0,5}?(?:zu )?"
    r"(?:berücksichtigen|weiterzuverfolgen|einzustellen|einzuladen)\b",
    r"\b(?:Ihre|deine) (?:Bewerbung|Kandidatur)\b(?: (?!nicht\b|noch\b|kein)[^\s.;!?]+){0,6}? (?:abgelehnt|nicht berücksichtigt)\b",
    # fr / es: not going further together / with the reader ("ne pourrons pas aller plus loin ensemble")
    r"\bne (?:\S+ ){0,2}?pas (?:\S+ ){0,2}?(?:aller plus loin|poursuivre|continuer|avancer)(?: \S+){0,2}? "
    r"(?:ensemble|avec (?:vous|toi|votre candidature|ta candidature))\b",
    r"\bno (?:\S+ ){0,2}?(?:seguir|continuar|avanzar)\w* (?:adelante )?(?:juntos|contigo|con usted)\b",
    # the company hired for the post, in the active voice (not a time clause): "we have now hired for the X position"
    r"(?<!once )(?<!when )(?<!after )(?<!until )(?<!before )\b(?:we|I)(?:'ve| have| had)? (?:now |just |already )?(?:hired|appointed|recruited) "
    r"(?:for|to) (?:the|this|that|our) (?:[\w,()/-]+ ){0,5}?(?:position|role|vacancy|job|opening|post)\b",
    # de: it did not fit / work out ("dass es diesmal nicht gepasst hat"); the application not successful
    r"\bes (?:hat )?(?:\S+ ){0,2}?nicht (?:gepasst|geklappt)\b",
    r"\b(?:Ihre|deine) (?:Bewerbung|Kandidatur)\b(?: (?!nicht\b|noch\b|kein)[^\s.;!?]+){0,6}? nicht (?:erfolgreich|berücksichtigt)\b",
    # fr: someone else's candidacy chosen ("retenu la candidature d'une personne en interne"); an adverb before "pas"
    r"\b(?:retenu|choisi|sélectionné|privilégié) (?:la candidature|le profil|le dossier) d'(?:une?|autres?) (?:autre )?"
    r"(?:personne|candidat\w*|profil)",
    r"\b(?:n'a|n'avons|n'ont|ne sera|n'est) (?:\w+ )?pas (?:été )?(?:retenue?s?|sélectionnée?s?)\b",
    # es: the reader's profile or candidacy not chosen ("tu perfil no fue seleccionado")
    r"\b(?:tu|su) (?:perfil|candidatura|postulación|solicitud)\b(?: (?!no\b)\S+){0,4}? no (?:ha sido|fue|ha resultado|resultó|"
    r"ha quedado|quedó) (?:pre)?(?:seleccionad|elegid)\w*",
    # going on denied with "things" as the object: "we won't be progressing things further with you"
    rf"(?:not|n't|no longer) (?:be )?{_GO_ON_EN}\w* (?:things|it|this|matters) (?:ahead |forward |further )?with you\b",
    # the answer is no: "sadly it's a no for the X role"
    r"\b(?:it's|it is|the answer is|the decision is|our answer is) (?:a )?no\b(?=\s*(?:[.!]|$|for\b|this time\b|on\b))",
    # the search going on for someone else: "We're going to keep looking for someone with deeper Flink experience"
    r"\b(?:keep|continue|continuing|keeping) (?:looking|searching) (?:for (?:someone|somebody|another|other|a (?:\w+ )?(?:candidate|person|profile))|"
    r"elsewhere)\b",
    # de: not going on with the reader, the negation first ("entschieden, nicht mit dir weiterzumachen")
    r"\bnicht (?:mehr |weiter )?mit (?:dir|Ihnen|euch) (?:\S+ ){0,3}?(?:weiterzumachen|weitermachen|weiterzuführen|weiterführen|"
    r"fortzufahren|fortfahren|fortzusetzen|fortsetzen)\b",
    # fr: decided not to retain the reader's candidacy; a one-profile choice with "préféré"
    r"\bne (?:pas|plus) (?:retenir|sélectionner|poursuivre avec|donner suite à) (?:votre|ta) (?:candidature|profil|dossier)\b",
    rf"\b(?:avons|a|ont) (?:\w+ )?(?:préféré|privilégié) (?:{_OTHERS_FR}|{_ONE_FR})",
    # es: the company filled the post in the active voice (not "cuando hayamos cubierto")
    r"(?<!cuando )(?<!una vez )\b(?:hemos|ha|han|habíamos) (?:ya )?(?:cubierto|ocupado) (?:la|el|esta|este) (?:vacante|puesto|posición|plaza)\b",
    # last, so that a tighter phrase is the evidence: bad news said with regret, a
    # negation, and the outcome it denies
    rf"{_REGRET}\b[^.;]{{0,80}}{_NEG}(?:\s+\S+){{0,4}}?\s+{_OUTCOME}",
]

#: an offer of the position, refused ("unable to offer you the role"): a rejection when
#: nothing stronger is said
_REFUSED_OFFER: list[P] = [
    r"(?:offer(?:ing)?|extend(?:ing)? an offer to) you (?:the|this|a|an|our) (?:[\w,-]+ ){0,6}(?:position|role|job|post)\b",
    r"(?:appoint|hire|employ) you (?:to|for|as|into) (?:the|this|a|an|our) (?:[\w,-]+ ){0,6}(?:position|role|job|post)\b",
    r"(?:extend|extending|make|making) (?:you )?an offer\b(?! (?:to (?:meet|interview)|of (?:an? )?(?:second|final|next)))",
    # the post, its title ("als Analytics Engineer (m/w/d)") and adverbs, nothing else offered
    r"(?:Stelle|Position|Anstellung)\w* (?:als (?:(?-i:[A-Z])[\w·-]*|\([\w/]+\))(?: (?:(?-i:[A-Z])[\w·-]*|\([\w/]+\))){0,4} )?"
    r"(?:(?:leider|nicht|mehr|doch|dennoch|derzeit|aktuell|zurzeit|momentan|gerne|gern|jetzt|nun|somit|daher|deshalb) ){0,3}anbieten",
    r"(?:vous|te) (?:proposer|offrir) (?:le|ce|un|de|d'un) (?:poste|contrat|emploi)",
    r"(?:vous|te) (?:proposons|offrons|propose|offre) (?:pas |plus )?(?:le|ce|de|d'un|un) (?:poste|contrat|emploi)",
    r"(?:ofrecerle|ofrecerte|ofrecerles|ofrecer) (?:el|este|un|la) (?:puesto|posición|trabajo|empleo|vacante|plaza)",
    # de / fr: no offer made to the reader ("werden Ihnen für die Position X (m/w/d) kein Angebot machen",
    # "pas en mesure de vous faire une proposition")
    r"\b(?:Ihnen|dir|euch) (?:\S+ ){0,8}?k?ein(?:e|en)? (?:\w+ )?(?:Angebot|Zusage) (?:machen|unterbreiten|geben|erteilen)\b",
    r"\b(?:vous|te) faire (?:une|d') ?(?:offre|proposition)\b(?! d'entretien| de (?:rendez|rencontre|second|nouvel|entretien))",
    r"(?:vous|te) (?:proposer|offrir) (?:un|le|ce) (?:CDI|CDD)\b",
]

_OFFER: list[P] = [
    r"(?:like|love|happy|delighted|pleased|excited|thrilled|glad) to (?:formally |officially |now )?(?:extend|offer|make)(?: you)? "
    r"(?:an? |the |our )?(?:formal |verbal |written |official )?(?:offer\b(?! to (?:meet|interview|come|join us for|speak))|"
    r"(?:the |this )?(?:position|role|job)\b)",
    r"(?:extend|make|made|making|extending) (?:you )?(?:an? |the )?(?:formal |verbal |written |official )?offer\b"
    r"(?! to (?:meet|interview|come|join us for|speak|visit))(?! of (?:an? |the )?(?:second|final|next|further|another)? ?(?:interview|call|meeting|round))",
    r"\bmov\w* forward with (?:an|the|a) (?:formal |verbal |written )?offer\b",
    r"(?:Ihnen|dir|euch) (?:\w+ ){0,3}(?:eine )?Zusage (?:für|zur|zu|geben|erteilen|machen)",
    r"\bZusage für die (?:Stelle|Position|Rolle)",
    r"(?:dich|Sie) [^.;]{0,60}an Bord (?:holen|begrüßen|nehmen)",
    r"(?:like|love|happy|want|excited|thrilled|delighted|glad|pleased) to (?:bring|welcome|have) you\b"
    r"[^.;]{0,50}\bas (?:our (?:next |new )?|an? |the )?(?-i:[A-Z])",
    r"(?:like|love|happy|want|excited|thrilled|delighted|glad|pleased) (?:to have you|for you to|you to) join\b[^.;]{0,40}\bas "
    r"(?:our (?:next |new )?|an? |the )?(?-i:[A-Z])",
    r"(?:candidature|profil) (?:a été |est )?retenue? (?:pour|sur) le poste",
    r"(?:encantaría|gustaría|queremos|complace|alegra)[^.]{0,30}(?:te unieras|te unas|se una|se uniera|unirte|incorpores|"
    r"incorpore|incorporarte|incorporarse) (?:a|al)\b",
    r"(?:encantaría|gustaría|queremos|quisiéramos|complace|alegra|decidido)[^.;]{0,30}\b(?:contratarte|contratarle|contratarla|"
    r"contratarlo)\b",
    r"propuesta (?:económica|formal|de contratación|laboral|salarial)",
    r"(?:love|like|want|delighted|happy|thrilled|excited) (?:for you |to have you )?to join (?:us|our team|the team)\b"
    r"(?! (?:for|on) )(?! next)",
    r"(?:review|sign|accept|see|find) (?:and sign )?(?:your|the) (?:attached )?offer(?: letter)?\b",
    r"(?:you have|you've) (?:received|been sent) (?:an|a new|your) offer\b",
    r"offer letter\b",
    r"(?:attached|enclosed|here) (?:is |are )?(?:your|the|our) (?:formal |written |official )?offer\b",
    r"offer of employment",
    r"(?:(?:like|love|happy|delighted|pleased|excited|thrilled|glad|want) to (?:formally |officially )?offer|will (?:be )?offering|"
    r"will offer|are offering) you (?:the|this|a|an|our) (?:[\w,-]+ ){0,6}(?:role|position|job)\b",
    r"(?:decided|chosen|happy|pleased|delighted|like|love|glad|thrilled|excited) to (?:formally )?offer (?:the|this) "
    r"(?:[\w,-]+ ){0,5}?(?:role|position|job) to you\b",
    # hiring the reader, wished or decided: "would like to appoint you", "delighted to hire you"
    r"(?:like|love|happy|delighted|pleased|excited|thrilled|glad|want|wish|decided) to (?:formally )?(?:appoint|hire|employ|recruit) you"
    r"(?= (?:to|as|for|into)\b|\s*(?:[.,;!]|$))(?! (?:for|to) (?:an?|the|our) (?:[\w-]+ )?(?:interview|call|round|panel|trial|test|event))",
    # the reader wanted in the team, with the title: "we want you on the team as Senior Data Engineer"
    r"(?:want|'d like|would like|'d love|would love|need) you (?:on|in|to join) (?:the|our) (?:\w+ )?(?:team|crew|company|squad)\b"
    r"[^.;]{0,30}\bas (?:our (?:next |new )?|an? |the )?(?-i:[A-Z])",
    r"\byour (?:formal |written |job )?offer (?:letter )?(?:is|has been|was) (?:now )?(?:ready|available|attached|sent|published|shared|uploaded)",
    r"(?:attached|enclosed)\b[^.]{0,40}\b(?:offer|employment (?:contract|agreement)|contract of employment)\b(?! to (?:meet|interview))",
    # de / fr / es: the contract, attached or to sign
    r"(?:anbei|beigefügt|im Anhang)\b[^.]{0,40}(?:Arbeitsvertrag|Vertragsangebot|Vertragsentwurf|Vertrag)\b",
    r"(?:Arbeitsvertrag|Vertrag)\w* (?:\w+ ){0,3}(?:zur Unterschrift|unterschreiben|zu unterzeichnen)",
    r"(?:ci-joint|ci-jointe|en pièce jointe)\b[^.]{0,40}\b(?:contrat|promesse d'embauche|proposition)",
    r"\bcontrat (?:de travail )?(?:à signer|pour signature)",
    r"(?:adjunto|adjuntamos|adjunta|te envío|le enviamos|te enviamos)\b[^.]{0,40}\b(?:contrato|carta[- ]oferta|"
    r"oferta (?:formal|laboral|de (?:trabajo|empleo))|propuesta (?:formal|laboral|económica))\b",
    r"(?:pleased|delighted|happy) to (?:confirm|let you know) (?:that )?(?:we (?:would like to|are) )?offer",
    # de
    r"(?:ein|ein schriftliches|ein offizielles|ein konkretes|unser)? ?(?:Vertragsangebot|Jobangebot|Arbeitsvertrags?angebot|Stellenangebot)\b"
    r"(?! ?(?:e|en)? (?:für|ansehen|entdecken|der Woche))",
    r"\b(?:dein|Ihr|unser)(?: \w+)? (?:Vertragsangebot|Arbeitsvertrags?angebot|Jobangebot|Angebot für die (?:Stelle|Rolle|Position))\b",
    r"(?:möchten|würden|freuen uns)[^.]{0,40}(?:dir|Ihnen) (?:gerne |gern )?ein (?:offizielles |schriftliches )?Angebot",
    r"(?:dir|Ihnen) (?:gerne |gern )?ein Angebot (?:machen|unterbreiten|zukommen)",
    r"(?:dir|Ihnen) die (?:Stelle|Position)\b[^.]{0,60}anbieten (?:zu können|möchten|dürfen)",
    r"\b(?:freue|freuen|Freude|möchte|möchten)\b[^.;]{0,60}\b(?:dir|Ihnen)\b[^.;]{0,40}\bdie (?:Stelle|Position|Rolle)"
    r"(?: als (?:(?-i:[A-Z])[\w·-]*|\([\w/]+\))(?: (?:(?-i:[A-Z])[\w·-]*|\([\w/]+\))){0,4})? (?:\w+ )?anzubieten\b",
    r"(?:möchten|würden|wollen|freuen uns)[^.]{0,20}(?:dir|Ihnen) (?:gerne |gern )?die (?:Stelle|Position|Rolle)\b[^.]{0,60}anbieten",
    # the reader wanted in the team with the title, or hired: "möchten dich unbedingt als Backend Engineer im Team haben"
    r"(?:möchten|wollen|würden)\b[^.;]{0,20}\b(?:dich|Sie) (?:\w+ ){0,2}als (?-i:[A-Z])[^.;]{0,50}\b(?:im|in unserem|in unser|ins) "
    r"Team (?:haben|begrüßen|sehen)\b",
    r"(?:möchten|wollen|würden|freuen uns)\b[^.;]{0,20}\b(?:dich|Sie) (?:[\w()/·-]+ ){0,6}(?:einstellen|anstellen|einzustellen|anzustellen)\b",
    r"\b(?:dich|Sie) (?:[\w()/·-]+ ){0,4}(?:einstellen|anstellen) (?:möchten|wollen|werden|würden)\b",
    # chosen for the post itself (for a round it is an invitation): "you've been selected for the Data Engineer role"
    r"\b(?:you've|you have|you were|you are|has sido|ha sido|haz sido|fuiste|quedaste|quedó|has quedado|ha quedado|Sie wurden|"
    r"du wurdest|vous avez été|tu as été) "
    r"(?:been )?(?:selected|chosen|seleccionad[oa]|elegid[oa]|ausgewählt|retenue?|sélectionnée?|choisie?) (?:for|para|pour|für) "
    r"(?:the|this|our|el|la|este|esta|le|ce|cette|die|diese) (?:[\w,()/·-]+ ){0,5}?(?:role|position|job|post|puesto|posición|vacante|"
    r"cargo|poste|Stelle|Position)\b(?!['’]s| (?:interview|final|round|panel|shortlist|process|processus|proceso|entrevista|Gespräch))",
    # fr
    r"proposition d'(?:embauche|emploi|engagement)",
    r"\b(?:nous|je) (?:vous|te) (?:proposons|propose|offrons|offre) (?:le|ce) (?:poste|contrat de travail|CDI)\b",
    r"promesse d'embauche",
    r"(?:vous avez reçu|voici) (?:une|votre) (?:offre|proposition) (?:d'emploi|d'embauche|de poste|de contrat)",
    r"(?:heureux|ravis|plaisir) de vous (?:proposer|offrir) le poste",
    r"(?:souhait\w*|voulons|voudrions|aimerions|heureu\w*|ravi\w*|plaisir|enchanté\w*|sommes en mesure) (?:de )?(?:vous|te) "
    r"(?:proposer|offrir) (?:le|ce) (?:poste|contrat)\b",
    r"(?:heureux|heureuse|ravis|ravie|plaisir|enchantés) de (?:vous|te) (?:proposer|offrir) de (?:nous )?rejoindre",
    # the reader welcomed into the team with the title, or hired: "ravis de vous accueillir dans l'équipe en tant qu'Ingénieur·e Data"
    r"(?:heureu\w*|ravi\w*|plaisir|enchanté\w*|souhait\w*|voulons|voudrions|aimerions) (?:de )?(?:vous|te) (?:accueillir|compter) "
    r"(?:dans|parmi|au sein)\b[^.;]{0,40}\ben tant qu(?:e |')(?:\w+ )?(?-i:[A-ZÉ])",
    r"(?:heureu\w*|ravi\w*|plaisir|enchanté\w*|souhait\w*|voulons|voudrions|aimerions|décidé) (?:de )?(?:vous|te) "
    r"(?:recruter|embaucher|engager)\b(?! pour (?:un|une|le|la) (?:entretien|mission|test|stage d'essai))",
    r"(?:confirm|transmet|adress|envoi|joi)\w* (?:\w+ )?notre (?:offre|proposition)\b(?! de (?:rendez|rencontre|second|deuxième))",
    r"\bnotre (?:offre|proposition) (?:pour le poste|d'emploi|d'embauche|de contrat|ferme)",
    r"(?:vous|te) (?:faire|adresser|transmettre|soumettre) (?:une|notre) (?:offre|proposition)\b(?! de (?:rendez|rencontre|second|deuxième|nouvel|entretien))",
    # es
    r"(?:complace|gusta(?:ría)?|gusto|placer|alegra|encanta(?:ría)?|queremos|quisiéramos|nos gustaría)[^.]{0,30}"
    r"(?:ofrecerte|ofrecerle|hacerte|hacerle) (?:el puesto|la posición|una oferta)",
    r"carta[- ]oferta\b",
    r"oferta (?:formal|laboral|de (?:trabajo|empleo))(?! (?:que|para ti|destacadas|recomendadas|similares))(?!s)",
    # -- read from structure: the company glad to have the reader in the team ("We'd be chuffed to have you
    # on board"; not a past wish, "would have loved to have you on board", nor "on board for a second round")
    r"(?<!have )(?<!'ve )\b(?:love|like|glad|happy|delighted|thrilled|excited|chuffed|pleased|keen|proud) to (?:have|welcome|bring) you "
    r"(?:on board|aboard|onto the team|on the team|into the team|in the team)\b(?! (?:for|at|during|to) )",
    # de, the verb-final wish with the company or team as the place, ending the sentence: "Wir wollen dich bei Fuchsbau!"
    r"\b(?:wir|ich) (?:wollen|möchten|würden) (?:dich|Sie) (?:(?:gern|gerne|unbedingt|wirklich|sehr) )?"
    r"(?:bei uns|bei (?-i:[A-ZÄÖÜ])\S+|im Team|in unserem Team|an Bord)(?: (?:haben|dabeihaben|dabei haben))?\s*[.!]*\s*$",
    # de, hiring with a date and a title in between: "möchten wir Sie zum 1. Februar als Dateningenieur (m/w/d) bei uns einstellen"
    r"(?:möchten|wollen|würden|freuen uns)\b[^.;]{0,20}\b(?:dich|Sie) (?:\S+ ){0,9}?(?:einstellen|anstellen|einzustellen|anzustellen)\b",
    # the reader has an offer from the company (capitalised), in the four languages: "Du hast ein Angebot von Fuchsbau
    # Mobility erhalten", "tienes una oferta de Alcázar Digital", "you have received an offer from"
    r"\byou(?:'ve| have)? (?:received|got|been (?:sent|made|extended)) an? (?:job |employment |formal |written )?offer (?:from|by) (?-i:[A-Z])",
    r"\b(?:du|Sie) (?:hast|haben) (?:\S+ ){0,2}?ein (?:Job|Arbeits|Vertrags)?[Aa]ngebot (?:von|der|des) (?-i:[A-ZÄÖÜ])",
    r"\b(?:tienes|tiene|has recibido|ha recibido|recibiste|recibió) una oferta (?:de (?:trabajo |empleo )?(?:de )?(?-i:[A-ZÁÉÍÓÚ])|"
    r"(?:formal )?pendiente)",
    r"\bvous avez reçu une (?:offre|proposition) (?:de (?-i:[A-ZÉ])|d'embauche|de contrat)",
    # the post or the contract as the object of giving: "le plaisir de vous proposer un CDI", "poder ofrecerle el puesto"
    r"\b(?:plaisir|heureux|heureuse|ravis?|ravie|souhaitons|aimerions|voudrions|décidé) (?:\S+ ){0,3}?(?:vous|te) (?:proposer|offrir) "
    r"(?:un|le|ce|notre) (?:CDI|CDD|contrat|poste|emploi)\b(?! d'entretien)",
    r"\b(?:poder|contentos de|contenta de|gusto|complace|alegra|queremos|quisiéramos|decidido)\b[^.;]{0,30}\b(?:ofrecerle|ofrecerte|"
    r"ofrecerles) (?:el|este|un|la) (?:puesto|cargo|posición|trabajo|empleo|vacante|plaza|contrato)\b",
    # welcomed into the team, said as the sentence's end: "bienvenue dans l'équipe !", "welcome aboard!"
    r"\b(?:welcome (?:aboard|to the team)|bienvenue (?:à bord|dans l'équipe)|willkommen (?:an Bord|im Team)|"
    r"bienvenid[oa]s? (?:a bordo|al equipo))\s*[!.]*\s*$",
    # any form of offering the reader the post ("I have the pleasure of offering you the X role"), sending an offer
    # ("has sent you an offer"), the reader's offer being prepared ("approved your offer")
    r"\boffer(?:ing|s)? you (?:the|this|a|an|our) (?:[\w,-]+ ){0,6}?(?:role|position|job|post)\b",
    r"\b(?:sent|made|extended|issued) you an? (?:formal |written |job |employment )?offer\b(?! (?:to|of|for) (?:an? |the )?(?:\w+ )?"
    r"(?:interview|meet|call|round|visit))",
    r"\b(?:approved|prepared|finali[sz]ed|drafted|issued|signed off on) your (?:formal |written |job )?offer\b",
    # hiring wished by the team ("the team wants to hire you")
    r"\b(?:wants?|wish(?:es)?|decided|would like|'d like) to (?:hire|appoint|employ|recruit) you(?= (?:to|as|for|into)\b|\s*(?:[.,;!]|$))"
    r"(?! (?:for|to) (?:an?|the|our) "
    r"(?:[\w-]+ )?(?:interview|call|round|panel|trial|test|event))",
    # the reader asked to come and work with the company ("We'd like you to come and work with us as our Platform Engineer")
    r"\b(?:like|love|want|delighted|happy|thrilled|excited) (?:for )?you to (?:come and )?(?:join|work with|work for|be part of) "
    r"(?:us|our team|the team|(?-i:[A-Z])\w+)\b(?! (?:for|on|at|in) )",
    # the post belongs to the reader ("the job is yours", "le poste est pour vous", "el puesto es tuyo", "dass Sie die Stelle bekommen")
    r"\b(?:the )?(?:job|role|position) is yours\b",
    r"\ble poste est (?:pour vous|à vous|pour toi|à toi)\b",
    r"\b(?:el )?(?:puesto|cargo|trabajo) es (?:tuyo|suyo|para ti|para usted)\b",
    r"\b(?:Sie|du) (?:\S+ ){0,2}?(?:die|diese) (?:Stelle|Position|Rolle) (?:bekommen|bekommst|erhalten|erhältst)\b",
    # fr subjunctive wish that the reader joins ("Nous serions ravis que vous rejoigniez Céleste Analytique")
    r"\b(?:ravis?|ravie|heureux|heureuse|contents?|enchantés?|aimerions|souhaitons|voudrions) (?:\w+ )?que (?:vous|tu) (?:nous )?"
    r"(?:rejoigniez|rejoignes|intégriez|intègres)\b(?= (?-i:[A-ZÉ])| l'équipe| notre équipe| nos équipes| en tant que?|\s*[.!]|\s*$)",
    # es: counting on the reader in the company or team ("Queremos contar contigo en Alcázar Digital")
    r"\b(?:queremos|quisiéramos|nos gustaría|nos encantaría) contar (?:contigo|con usted)\b(?=\s*(?:[.;!]|$|en (?-i:[A-Z])|en el equipo|"
    r"en nuestro equipo|como ))",
    # the company glad if the reader accepts the post; wishing the reader to be the next holder of a title
    r"\b(?:delighted|happy|pleased|thrilled|glad) if you (?:would|could|will) accept (?:the|this|our) (?:[\w,-]+ ){0,6}?"
    r"(?:position|role|job|offer|post)\b",
    r"\b(?:love|like|want|delighted|happy|thrilled) (?:for )?you to be (?:our|the) (?:next |new )?(?-i:[A-Z])",
    r"\byou have an? (?:new )?(?:job |employment )?offer from (?-i:[A-Z])",
    # the choice fell on the reader: "wir haben uns für dich entschieden", "te hemos elegido" (not for a round)
    r"\b(?:wir|ich) haben uns (?:\S+ ){0,2}?für (?:dich|Sie) entschieden\b",
    r"\b(?:te|le) hemos (?:elegido|seleccionado|escogido)\b(?! para (?:la|una|el) (?:siguiente |próxima |segunda |última )?"
    r"(?:fase|etapa|entrevista|ronda|final))",
    r"\b(?:usted|tú) es (?:la persona|el candidato|la candidata) (?:elegid[oa]|seleccionad[oa]) para (?:la|el) (?:vacante|puesto|cargo|posición)\b",
    # de, the separable verb around the post: "bieten wir Ihnen die Stelle als X (m/w/d) zum 1. März an"
    r"\bbieten (?:wir|ich) (?:Ihnen|dir) (?:gern |gerne )?(?:die|eine) (?:Stelle|Position|Anstellung|Festanstellung)\b[^;!?]{0,80}? an\b",
    # es: the reader wanted in the team ("¡Te queremos en el equipo de Andes Cloud!")
    r"\b(?:te|le|los) queremos en (?:el|nuestro) equipo\b",
]

_PAUSED: list[P] = [
    r"\b(?:put|placed|is|are|been|being|remains?) (?:temporarily )?on hold\b",
    r"\bon hold\b",
    r"\bpaus\w* (?:the |our |all |this |that |el |la |este |esta |nuestro |nuestra |le |ce |cette |notre |den |die |das |unser\w* )?"
    r"(?:\w+ )?(?:hiring|search|recruit\w*|process|requisition|proceso|búsqueda|contrataci\w+|vacante|recrutement|processus|"
    r"Prozess|Verfahren|Suche|Besetzung)",
    r"(?:hiring|search|recruitment|process|requisition|role) (?:has been |is |was )?(?:temporarily )?(?:paused|frozen|suspended)",
    r"hiring freeze",
    r"\b(?:clos|halt|stop|suspend)\w* (?:the|our|this) (?:\w+ )?(?:search|role|position|process|requisition|hiring) "
    r"(?:for now|for the time being|until further notice)\b",
    r"\bfr(?:eeze|eezing|ozen|oze) (?:all |our |the )?(?:\w+ )?(?:hiring|recruit\w*|headcount|role|position|req\w*)",
    r"\bon ice\b",
    # "we've decided to hold off on filling the role"
    r"\bhold(?:ing)? off (?:on )?(?:filling|hiring|recruiting)\b",
    r"\bon pause\b",
    r"\bdeprioriti[sz]\w*",
    r"\bpaus\w* (?:all |the |our )?(?:interviews|this role|the role|the position|this position)",
    r"(?:opening|position|vacancy|job|req|requisition) (?:has been |is |was )?(?:temporarily )?(?:paused|frozen|suspended|halted)",
    r"(?:temporarily|for now|for the time being) (?:closed|halted|stopped|suspended|paused)",
    r"(?:closed|halted|stopped|suspended|paused) (?:\w+ ){0,3}while we (?:reassess|review|re-evaluate|reconsider)",
    # de
    r"auf Eis\b",
    r"\bruh(?:en|t) (?:\w+ ){0,3}\w*(?:verfahren|prozess\w*|Suche|Einstellungen)\b",
    r"(?:vorerst|vorläufig|vorübergehend|bis auf Weiteres|derzeit) (?:\w+ )?(?:gestoppt|angehalten|eingefroren|pausiert|ausgesetzt|zurückgestellt)",
    r"(?:pausieren|pausiert|ruht|ruhen lassen|ausgesetzt|auf Pause|Einstellungsstopp|zurückgestellt)",
    # fr
    r"(?:en pause|suspendu|suspendre|gel des (?:recrutements|embauches)|gelé|mis en attente|en suspens|en stand-?by)",
    r"\bg[eè]l(?:ons|ez|ent|er|é|ée|és|ées) (?:\w+ )?(?:ce|le|les|nos|notre|tous les) (?:recrutement|poste|embauche)",
    r"\b(?:mettre|mis|mise|mettons|met|mettre) (?:\w+ ){0,3}en (?:attente|pause|suspens|stand-?by)",
    # es
    r"(?:en pausa|congelad[oa]|suspendid[oa]|en espera|pausar|en stand-?by)",
    r"\bcongel(?:ar|amos|ado|ada|ó) (?:\w+ )?(?:la|el|las|los|nuestras?) (?:contrataci|vacante|puesto|proceso|posici)",
    r"\b(?:detenid[oa]|detener|detenemos|parad[oa]|parar) (?:\w+ )?(?:temporalmente |por ahora )?(?:el|la|este|esta|nuestro|nuestra) "
    r"(?:proceso|búsqueda|contrataci\w+|vacante|selección)",
]

_AUTOREPLY: list[P] = [
    r"\bout of (?:the )?office\b",
    r"\bI(?:'m| am) (?:currently )?(?:away|out|on (?:parental |annual |sick |maternity |paternity )?leave|on vacation|on holiday|travell?ing|off)\b",
    r"(?:limited|no) access to (?:my )?e-?mail",
    r"\b(?:I'll|I will) (?:be )?(?:back|return|returning)\b",
    r"\b(?:back|returning) (?:in the office |at my desk )?on\b",
    r"\bwhen I return\b",
    r"\b(?:offline|unreachable|away|out|off) (?:\w+ ){0,2}until\b",
    r"\b(?:I'll|I will) (?:respond|reply|answer|get back)\b[^.]{0,40}\b(?:when I|on my return|from|after)\b",
    r"\bback at my desk\b",
    # de
    r"(?:nicht im Büro|abwesend|im Urlaub|in Elternzeit|außer Haus)",
    r"wieder (?:erreichbar|da|im Büro|zurück|im Haus|am Platz|verfügbar)",
    r"(?:bin|befinde mich) (?:\w+ ){0,3}(?:auf Dienstreise|in einer Schulung|auf Fortbildung|nicht erreichbar)",
    r"(?:antworte|melde mich) (?:\w+ ){0,4}(?:ab|nach meiner Rückkehr)\b",
    # fr
    r"(?:je suis|actuellement) (?:actuellement )?(?:absente?|en congés?|en vacances|en formation|en déplacement|en séminaire)",
    r"je (?:répondrai|traiterai|reviendrai vers vous)\b[^.]{0,40}\b(?:dès|à partir|à mon retour|après)\b",
    r"(?:de retour(?! (?:de|d'|du|des)\b)|je reprendrai|je serai de retour)",
    # es
    r"(?:estoy|me encuentro|estaré|estare) (?:fuera de la oficina|de vacaciones|de baja|ausente|de permiso|fuera|de viaje)",
    r"\b(?:on a business trip|travell?ing|on the road|at a conference) until\b",
    r"(?:auf Reisen|auf Dienstreise|unterwegs) bis\b",
    r"(?:en déplacement|en voyage) jusqu",
    r"(?:volveré|regreso el|retomo (?:actividades|mis actividades)|estaré de vuelta|de regreso el)",
    r"(?:responderé|contestaré) (?:\w+ ){0,4}(?:a partir|a mi regreso|cuando vuelva|desde)\b",
]

_SCHEDULING: list[P] = [
    r"(?:pick|select|choose|book|find|grab|schedule) (?:a |an |the |your |any |one )?(?:[\w-]+ ){0,3}(?:time|slot|date)s?\b",
    r"(?:would|do|does|could|will) (?:any of )?(?:these|those|the following|either of these) (?:\w+ )?(?:times?|slots?|dates?|days?) work",
    r"(?:times?|slots?|dates?|days?) (?:that |which )?(?:suit|suits|work for|works for|fit) you",
    r"(?:book|schedule|reserve|pick)\w* (?:a |an |the |your )?(?:[\w-]+ ){0,2}(?:interview|call|chat|meeting|onsite)\b",
    r"(?:invited|invitation) (?:you )?to (?:the following|an?|the|this) (?:event|meeting|interview|call)",
    # the interview booked, confirmed by software or a person: "Your interview has been scheduled."
    r"\byour (?:[\w-]+ ){0,2}(?:interview|call|meeting|appointment|onsite) (?:has been|is|was|is now) (?:now )?"
    r"(?:scheduled|booked|confirmed|set up|arranged)\b",
    r"confirm (?:your|the) (?:attendance|availability|presence|interview)",
    r"(?:find|grab|set aside|book|schedule|block) (?:\d+|a few|some|an?|half an) (?:more )?(?:minutes|mins?|hours?)\b",
    r"(?:share|send|let (?:me|us) know) (?:me |us )?(?:your|a few|some) (?:availability|available times|times)",
    r"(?:your|with) availability(?! to (?:start|join|begin))",
    r"which of (?:the following|these) (?:slots|times|dates)",
    r"(?:move|reschedule|rearrange|push) (?:your|the|our) (?:\w+ ){0,2}(?:interview|call|meeting)",
    r"(?:would you be|are you) (?:available|free)\b",
    r"\bwhen (?:you are|you're|you'd be|you would be|you will be) (?:available|free)\b",
    r"\bwelcome you (?:to|at|in) (?:our|the) (?:office|offices|campus|HQ|headquarters|site)\b",
    r"(?:offer|invite) you (?:to )?(?:a|an|the)? ?(?:second|final|next|further|follow-up|technical|onsite)? ?(?:interview|round|conversation)",
    r"offer to meet the team",
    r"(?:offer|invite) you (?:a chance |the (?:chance|opportunity) )?to (?:meet|visit|come in|talk to|speak with)",
    r"(?:schedule|set up|arrange) (?:a|an|the|your) (?!(?:\w+ )?feedback)(?:[\w-]+ ){0,2}(?:interview|call|chat|meeting|conversation)",
    r"calendar (?:link|invite|invitation)",
    # de
    r"(?:wählen|buch|buchen|vereinbaren|aussuchen|vorschlagen)\w* (?:\w+ ){0,5}Termin",
    r"Termin\w* (?:\w+ ){0,3}(?:passt|passen|aus|buchen|wählen|vereinbaren)",
    r"(?:Gespräch|Interview|Kennenlernen|Termin) (?:[\w-]+ ){0,5}(?:anbieten|einladen|verschieben|verlegen)",
    r"(?:Slot|Zeitfenster|Zeitslot|Termin)\w* (?:\w+ ){0,2}(?:buchen|wählen|aussuchen|auswählen)",
    r"(?:einladen|Einladung) (?:\w+ ){0,4}\w*(?:gespräch|interview|Kennenlernen)\b",
    r"\b(?:bestätigen|bestätige|bestätigt) (?:Sie |du )?(?:bitte )?(?:den|Ihren|deinen|diesen) (?:\w+ )?Termin\b",
    r"\b(?:Ihr|dein) (?:\w+ )?\w*(?:gespräch|interview|termin)\w* (?:ist|wurde) [^;!?]{0,60}?\b(?:bestätigt|gebucht|eingeplant|terminiert)\b",
    r"\b(?:schicke|sende|schicken|senden)\w* (?:Ihnen|dir) (?:\w+ ){0,2}(?:eine )?\w*(?:Terminanfrage|Einladung|einladung)\b",
    r"\blade\w* (?:ich |wir )?(?:Sie|dich|euch) (?:\w+ ){0,3}zu (?:\w+ ){0,2}\w*(?:gespräch|interview|Termin|Kennenlernen)\b",
    r"(?:Zeit|Verfügbarkeit)\w* (?:\w+ ){0,3}(?:mitteilen|nennen|zukommen)",
    # fr
    r"(?:choisir|réserver|sélectionner|proposer) (?:[\w'’]+ ){0,3}(?:créneau|disponibilités|horaire)",
    r"(?:seriez-vous|êtes-vous|serais-tu) disponible",
    r"\b(?:quand|quel jour|à quelle heure) (?:vous êtes|vous seriez|vous serez|tu es|tu serais|tu seras) disponible",
    r"vos disponibilités",
    r"(?:vos|tes) créneaux",
    r"retenue? pour (?:un|une|le|l'|notre) ?(?:\w+ )?(?:entretien|échange|rendez-vous|étape)",
    r"(?:organiser|planifier|programmer|fixer|caler|convenir d') ?(?:un|une|le|l'|notre|votre) ?(?:\w+ )?"
    r"(?:entretien|rendez-vous|échange|appel|visio|rencontre)",
    r"(?:planifi|réserv|choisi|sélectionn|fix)\w* (?:votre|un|le|l') ?(?:\w+ )?(?:entretien|créneau|rendez-vous)",
    r"(?:vous|te) propos\w* (?:un|une) (?:\w+ )?(?:entretien|rencontre|échange|rendez-vous)",
    r"(?:confirmer|confirmez) (?:votre|ta) (?:présence|participation|disponibilité)",
    r"\b(?:votre|ton) (?:\w+ )?(?:entretien|rendez-vous|échange) (?:a été|est) (?:bien )?(?:planifié|programmé|confirmé|fixé|réservé)\b",
    # es
    r"(?:elige|elija|escoge|agenda|agendar|reserva|selecciona) (?:\w+ ){0,3}(?:horario|hora|espacio|fecha|cita)",
    r"(?:programar|coordinar|organizar|concertar|agendar|fijar|agenda|reservar) (?:una|la|un|el|tu|su) (?:\w+ )?"
    r"(?:entrevista|llamada|reunión|cita|videollamada)",
    r"(?:te|le|les) (?:vendría|viene|vendrían|va) (?:bien|mejor)",
    r"\b(?:tu|su) (?:\w+ )?(?:entrevista|llamada|reunión|cita) (?:ha sido|fue|quedó|está) (?:\w+ )?(?:programada|agendada|confirmada|reservada)\b",
    r"(?:tu|su) disponibilidad(?! para (?:iniciar|incorporarte|incorporarse|empezar|comenzar))",
    r"(?:tienes|tiene|tendrías|tendría|tengas|tenga) disponibilidad(?! para (?:iniciar|incorporarte|incorporarse|empezar|comenzar))",
]

#: a round of interviews named without asking anything ("the final interview", "una última
#: entrevista"): scheduling only when no stronger class (a timeline, a receipt ...) is said,
#: and not when it only says when something else happens ("Antes de la entrevista final, ...")
#: the person written to has left: their address answers for nobody (read only when the
#: sentence is about the sender: "Erin Kowalski is no longer with ...", "I am no longer ...")
_DEPARTED: list[P] = [
    r"\b(?:is|am) no longer (?:with|at|employed (?:by|at)|working (?:at|for)|part of)\b",
    r"\b(?:ist|bin) nicht mehr (?:bei|für|im Unternehmen)\b|\bhat (?:das Unternehmen|uns) verlassen\b",
    r"\bne (?:fait|travaille) plus (?:partie|chez|pour)\b|\ba quitté (?:l'entreprise|la société)\b",
    r"\bya no (?:trabaja|labora|forma parte)\b",
]

_ROUND: list[P] = [
    r"\b(?:final|last|next|second|third) (?:round|interview|conversation|stage interview)\b(?! (?:was|went|is over))",
    r"(?:zweites|weiteres|nächstes|finales) (?:Gespräch|Interview)",
    r"(?:second|deuxième|prochain|nouvel) entretien",
    r"entretien (?:final|suivant)\b",
    r"(?:segunda|otra|nueva|siguiente|última|próxima|tercera) entrevista",
    r"entrevista (?:final|técnica)\b",
]

_DATE_WORDS = (
    r"\b(?:\d{1,2}(?:st|nd|rd|th|er|\.)?\b|\d{1,2}[./]\d{1,2}|monday|tuesday|wednesday|thursday|friday|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|lundi|mardi|mercredi|jeudi|vendredi|"
    r"lunes|martes|miércoles|jueves|viernes|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"januar|februar|märz|juni|juli|oktober|dezember|janvier|février|mars|avril|mai|juin|juillet|août|"
    r"septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    r"octubre|noviembre|diciembre|week|weeks|woche|wochen|semaine|semaines|semana|semanas|month|monat|mois|mes|"
    r"KW ?\d|quinzaine|fortnight|days|tagen|jours|días|\d{4}-\d{2}-\d{2})\b"
)

_TIMELINE_CUE: list[P] = [
    r"(?:get back to|hear (?:back )?from (?:us|me|the team)|hear back|update|decisions?|decides?|finali[sz]e|be in touch|answer|outcome|feedback|"
    r"wrap (?:things |it |this )?up|conclude|close the (?:process|search)|"
    r"expect (?:one|it|a decision|to decide)|make (?:a|the|our|their) (?:final )?call|"
    r"let (?!(?:me|us)\b)(?:[\w-]+ ){1,3}know|come back to you|respond|next steps|news|"
    # the writer confirming with the candidates: "we'll now confirm with finalists by Friday"
    r"(?:we'll|we will|I'll|I will) (?:\w+ )?(?:confirm|ping you|write to you|reach out|contact you))\b[^.;]{0,60}?"
    r"\b(?:by|within|before|until|no later than|in the next|over the next|the week of|end of|at the latest|in|next week|early|mid|late|"
    r"around|on or around|circa|approximately|on (?=(?:the \d|monday|tuesday|wednesday|thursday|friday|" + "|".join(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
         "december"]) + r")\b))",
    # the day comes first: "The committee meets again on Tuesday and I'll ping you right after"
    r"\bon (?:monday|tuesday|wednesday|thursday|friday)\b[^.;]{0,40}?\b(?:I'll|we'll|I will|we will) (?:\w+ )?"
    r"(?:ping you|write to you|get back to you|let you know|be in touch|update you|reach out)\b",
    # a target for ending the process: "targeting the end of the month to wrap up"
    r"\b(?:target\w*|aim\w*(?: for)?|plan\w* for)\b[^.;]{0,40}?\b(?:wrap\w* up|conclud\w*|decid\w*|decision|finali[sz]\w*|"
    r"clos\w* (?:the|our) (?:process|search|role)|complet\w* (?:the|our) process|make (?:a|our) (?:final )?(?:call|decision))",
    r"\b(?:by|within|before|until|the week of|end of)\b[^.;]{0,50}?(?:decision|decide|get back|update|answer|be in touch)",
    # the date first, then the answer: "it'll likely be the end of next week before we come back to you"
    r"\b(?:be|until|till)\b[^.;]{0,40}?\bbefore (?:we|I) (?:can )?(?:come back to you|get back to you|decide|respond|reply|"
    r"have (?:a|an|the|our) (?:decision|answer|update))\b",
    # de
    r"(?:Rückmeldung|Entscheidung|entscheiden|melden|Bescheid|Antwort|Nachricht|hören|hörst)\b[^.;]{0,60}?"
    r"\b(?:bis|innerhalb|binnen|spätestens|in der|Ende|Mitte|Anfang|KW|nächste[nr]? Woche|"
    r"am (?=(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|\d{1,2}\.)))",
    r"\b(?:bis|innerhalb|spätestens)\b(?:[^.;]|(?<=\d)\.){0,60}?(?:Rückmeldung|Entscheidung|entscheiden|melden|Bescheid|Antwort|"
    r"von (?:uns|mir) hören|hörst du von)",
    # fr
    r"(?:réponse|retour|décision|reviendrons|revenir vers vous|nouvelles|reviendrai|recontacterons|répondr\w*|"
    r"recontacter\w*|informerons|t(?:ien|en)\w* (?:informée?s?|au courant))\b[^.;]{0,60}?"
    r"\b(?:d'ici|avant|sous|dans les|au cours de|la semaine du|au plus tard|fin|début|mi-|(?:la |courant )?semaine prochaine|courant|"
    r"le (?=(?:lundi|mardi|mercredi|jeudi|vendredi|\d{1,2}\b)))",
    r"\b(?:d'ici|avant|sous|au cours de|la semaine du|au plus tard)\b[^.;]{0,60}?(?:réponse|retour|décision|reviendrons|revenir)",
    # es
    r"(?:respuesta|decisión|noticias|contactaremos|escribiremos|volveremos|comunicaremos|resolución|novedades|informaremos|"
    r"cerrar el proceso|te aviso|le aviso|avisaremos|te avisamos|le avisamos)\b[^.;]{0,60}?"
    r"\b(?:antes|a más tardar|durante|en las próximas|dentro de|la semana del|hasta|para el|en un plazo|"
    r"a (?:finales|principios|mediados|fin) de|para (?:finales|fin|mediados|principios) de|"
    r"la semana que viene|la próxima semana|el (?=(?:próximo |lunes|martes|miércoles|jueves|viernes|\d{1,2}\b)))",
    r"\b(?:antes del?|a más tardar|durante las|en las próximas|dentro de|la semana del|en un plazo)\b[^.;]{0,60}?"
    r"(?:respuesta|decisión|noticias|contactaremos|escribiremos|volveremos|comunicaremos|resolución|novedades)",
]

_DELAY: list[P] = [
    r"(?:taking|take|takes|is taking) (?:a (?:bit|little) )?longer than (?:expected|planned|anticipated|hoped|we|I|originally|initially)",
    r"(?:decision|process|timeline|timeline for decisions|decisions?) (?:is|are|has been|have been|will be|is going to be) "
    r"(?:slightly |a bit |somewhat )?(?:delayed|pushed back|postponed|taking longer)",
    r"new timeline",
    # an offer that waits for someone: "can't make you an offer until our VP signs off"
    r"(?:can't|cannot|can not|unable to|not able to|not in a position to) (?:make|extend|send|give) (?:you )?(?:an? |the |our )?"
    r"(?:formal |written )?offer (?:\w+ ){0,3}(?:until|before|till)\b",
    r"(?:push|pushed|pushing|move|moved|moving|postpone|postponed|shift|shifted) (?:back )?(?:our|the|a|its) "
    r"(?:final )?(?:decisions?|timeline|decision date)",
    r"revised (?:timeline|date)",
    r"(?:länger als (?:gedacht|geplant|erwartet)|verzögert|verschiebt sich|Verzögerung)",
    r"(?:plus (?:de temps|long) que prévu|pris du retard|prend du retard|retardé|décalé)",
    # a date moved: "est repoussée au 20 novembre", "wurde auf den 27.11. verschoben", "se movió al 13"
    r"\b(?:repouss|report|décal)\w* (?:au|à|jusqu'au)\b",
    r"\b(?:verschoben|verlegt|verschiebt sich)\b",
    r"\b(?:pospuest|aplazad|postergad|movid|corrid)[oa]s? (?:para|al|a|hasta)\b|\bse (?:movió|pospuso|aplazó|corrió) (?:para|al|a)\b",
    r"\b(?:pushed|moved|postponed|shifted) (?:back )?to\b",
    r"(?:se está alargando|más (?:tiempo|de lo) (?:de lo )?previsto|retrasad|se ha retrasado|demorando)",
    # an offer not yet possible, in four languages: "Todavía no podemos hacerle una oferta"
    r"\b(?:not yet|noch nicht|noch kein\w*|pas encore|todavía no|aún no)\b[^.;]{0,30}\b(?:offer|Angebot|offre|oferta|proposition)\b",
    # the decision as the subject of a move: "our decision has slipped to the 20th", "the answer was bumped to Monday"
    r"\b(?:decisions?|timeline|answer|outcome|process|decision date|final call)\b(?: \w+){0,2}? (?:has |have |is |was |'s )?"
    r"(?:been |now )?(?:slipp|slid|mov|push|shift|postpon|delay|bump)\w*(?: back| out)? (?:to|until|till|into)\b",
    # more time needed for the decision, with no date: "We need a little more time to make a decision"
    r"\b(?:need|needs|require|brauchen|benötigen|besoin|necesitamos|necesitan)\b (?:a (?:little|bit) |a few |some |noch |un peu |un poco )?"
    r"(?:more |extra |etwas |ein wenig |ein bisschen |plus de |de plus de |más )?(?:time|days|weeks|Zeit|Tage|temps|jours|tiempo|días)\b"
    r"[^.;]{0,30}\b(?:decision|decide|Entscheidung|entscheiden|décision|décider|decisión|decidir|answer|Antwort|réponse|respuesta)",
]

_RECEIPT: list[P] = [
    r"(?:we(?:'ve| have)?|we've) (?:successfully )?received (?:your|the) (?:application|documents?|cv|résumé|resume|"
    r"submission|assessment|test|message|answers|information|references)",
    r"\byour (?:[\w-]+ ){0,2}(?:application|documents?|submission|assessment|test|message|answers|form|cv|résumé|resume)"
    r"\b(?: [^.]{0,60})? (?:has|have) been (?:successfully )?(?:received|submitted|recorded|logged|registered)",
    r"(?:receipt of|received) your\b",
    r"\byour application (?:[\w,-]+ ){0,6}is (?:now )?complete\b",
    r"(?:confirms?|confirm(?:ing)?) (?:that )?(?:we have )?(?:received|receipt of) your",
    r"your application (?:for [^.]{0,80} )?(?:has been|was) (?:successfully )?(?:submitted|sent|received|delivered)",
    r"thank(?:s| you) for (?:applying|your application|submitting)",
    r"(?:we've|we have|we) got your (?:application|cv|résumé|resume|documents?|submission)",
    r"application (?:was |has been )?(?:sent|submitted) to",
    # de
    r"(?:Eingang|Erhalt) (?:Ihrer|deiner|der) (?:Bewerbung|Unterlagen)",
    # what was received, any thing of the reader's: "bestätigen den Eingang Ihrer Arbeitsprobe"
    r"(?:Eingang|Erhalt) (?:Ihrer|Ihres|deiner|deines) \w+",
    r"(?:Ihre|deine) (?:\w+ )?(?:Bewerbung|Unterlagen|Nachricht|Testergebnisse|Aufgabe|Lösung)\w* (?:[\w&.-]+ ){0,8}"
    r"(?:erhalten|übermittelt|eingegangen|zugestellt)",
    r"(?:haben|habe) (?:Ihre|deine) (?:Bewerbung|Unterlagen) (?:\w+ ){0,3}erhalten",
    r"(?:Danke|vielen Dank) für (?:Ihre|deine) Bewerbung",
    # fr
    r"(?:bien reçu|accusons (?:bonne )?réception|accuser (?:bonne )?réception)",
    r"(?:bonne )?réception de (?:votre|ta) ",
    r"(?:nous avons|avons) (?:bien )?reçu (?:votre|ta) ",
    r"candidature (?:a (?:bien )?été|est bien) (?:envoyée|transmise|reçue|enregistrée)",
    r"candidature (?:[\w'’-]+ ){0,8}(?:a (?:bien )?été|est bien) (?:envoyée|transmise|reçue|enregistrée)",
    r"merci (?:pour|de) votre candidature",
    # es
    r"(?:hemos recibido|recibimos|he recibido) (?:correctamente )?(?:tu|su) \w+",
    r"(?:recepción|recibo) de (?:tu|su) ",
    r"(?:tu|su) (?:solicitud|postulación|candidatura) (?:se envió|fue enviada|ha sido enviada|ha sido recibida|se ha enviado)",
    r"(?:tu|su) (?:\w+ )?(?:solicitud|postulación|candidatura|cv|prueba|documentación) (?:\w+ )?(?:ha sido|fue|se ha|quedó) "
    r"(?:correctamente )?(?:registrad|recibid|enviad|complet)",
    r"gracias por (?:postularte|postularse|tu postulación|aplicar|su postulación|tu interés en|enviar|tu solicitud|su solicitud|tu candidatura|su candidatura)",
]

#: what software says when it confirms a delivery; read only in mail software wrote
#: (``software``): from a person "we received the feedback" is no acknowledgement
_DELIVERED: list[P] = [
    r"\b(?:we|I)(?:'ve| have)? (?:\w+ )?(?:received|got|acknowledge receipt of|have it on file)\b",
    r"\backnowledge receipt\b",
    r"\b(?:your|the) (?:[\w-]+ ){0,3}(?:has|have|was|were) (?:been )?(?:successfully )?(?:received|delivered|forwarded|"
    r"transmitted|shared|passed on|sent|added|submitted|recorded|logged|registered|uploaded)\b",
    r"\byour (?:[\w-]+ ){0,2}(?:reached|arrived)\b",
    r"\b(?:it|they|it's|they've|it has|they have)(?:'s| is| are| has| have)? (?:\w+ )?(?:landed|arrived|come through)\b",
    r"\b(?:added|attached|uploaded) to your (?:application|profile|candidacy|file)\b",
    r"\b(?:automated|automatic) (?:confirmation|acknowledge?ment|receipt)\b",
    r"\bthank(?:s| you) for (?:returning|completing|submitting|uploading|sending|signing|providing)\b",
    r"\byou(?:'ve| have)? (?:successfully |now )?(?:applied|submitted|uploaded|completed)\b",
    r"\byour (?:[\w-]+ ){0,2}(?:submission|application|documents?|answers|results|test|assessment) (?:is|are) in\b",
    r"\bmerci d'avoir (?:postulé|candidaté|envoyé|soumis|transmis|complété|retourné)\b",
    # de
    r"\b(?:ist|sind|wurde|wurden) (?:[^.;]{0,60} )?(?:angekommen|eingegangen|übermittelt|zugestellt|weitergeleitet|"
    r"zugeordnet|erhalten|weitergegeben|hinterlegt|gespeichert)\b",
    r"\b(?:Danke|vielen Dank) für (?:die|das|Ihre|deine|Ihr|dein) (?:\w+ ){0,2}(?:Rücksendung|Einreichung|Abgabe|Übermittlung|Unterlagen)",
    # fr
    r"\b(?:a|ont|avons) (?:bien )?été (?:transmise?s?|envoyée?s?|reçue?s?|enregistrée?s?|partagée?s?|ajoutée?s?|remise?s?)\b",
    r"\b(?:est|sont) (?:bien )?(?:parvenue?s?|arrivée?s?)\b",
    # es
    r"\b(?:fue|fueron|ha sido|han sido|se ha|se han) (?:\w+ )?(?:entregad|enviad|recibid|compartid|registrad|remitid)[oa]s?\b",
    r"\b(?:llegó|ha llegado) (?:correctamente |bien |sin problemas )?a\b|\b(?:llegó|ha llegado) (?:correctamente|bien|sin problemas)\b",
    r"\b(?:quedó|queda|ha quedado|quedaron|han quedado) (?:\w+ )?(?:registrad|guardad|recibid|cargad)[oa]s?\b",
    # the thing is with us now: "we have your consent form on file", "liegen uns vollständig vor"
    r"\b(?:we|I)(?:'ve| have)? (?:[\w-]+ ){1,7}on file\b",
    r"\b(?:liegen|liegt) (?:uns|mir) (?:\w+ )?vor\b",
    r"\b(?:haben|habe) (?:Ihre|deine|dein|Ihr|eure|euer)\w* (?:\w+ ){0,3}(?:bekommen|erhalten)\b",
    r"\bconfirm\w* (?:la |bonne )?réception\b|\bréception de (?:vos|tes) ",
]

#: software thanking for the interest shown: an acknowledgement when nothing else is said
_THANKS: list[P] = [
    r"\bthank(?:s| you) for your interest\b",
]

_BULK: list[P] = [
    r"\bunsubscribe\b", r"job alert", r"jobs? (?:for you|matching|you might like|recommended)", r"newsletter",
    r"\bwebinar\b", r"\bmeetup\b", r"register (?:now|here)", r"\bRSVP\b", r"manage (?:your )?(?:preferences|alerts)",
    r"abmelden", r"abbestellen", r"Jobs? für dich", r"désabonner", r"désinscri", r"offres de la semaine",
    r"darte de baja", r"cancelar (?:la )?suscripción", r"ofertas de (?:empleo|trabajo) (?:para ti|recomendadas)",
    r"view (?:this email )?in (?:your )?browser",
]


def _compile(patterns: list[P]) -> list[lazy]:
    return [lazy(p, re.IGNORECASE) for p in patterns]


_RULES = {name: _compile(rules) for name, rules in {
    "rejection": _REJECTION, "refused": _REFUSED_OFFER, "offer": _OFFER, "paused": _PAUSED,
    "autoreply": _AUTOREPLY, "scheduling": _SCHEDULING, "timeline": _TIMELINE_CUE, "delay": _DELAY,
    "receipt": _RECEIPT, "bulk": _BULK, "round": _ROUND, "delivered": _DELIVERED, "departed": _DEPARTED, "thanks": _THANKS,
}.items()}
#: each class's phrases as one expression: most sentences match none, and are passed over
#: by one search instead of one per phrase
_ANY = {name: lazy("|".join(f"(?:{p.source})" for p in rules), re.IGNORECASE) for name, rules in _RULES.items()}
_NEG_RE = lazy(_NEG, re.IGNORECASE)
_REGRET_RE = lazy(_REGRET, re.IGNORECASE)
_IF_RE = lazy(_IF, re.IGNORECASE)
#: a clause that is a condition: "If you do not hear from us within four weeks", "Should you not hear ..."
#: ("we should have a decision by Friday" is a promise: "should" conditions only at the clause's start)
_IF_CLAUSE = lazy(r"(?:(?<!even )\bif\b|\bunless\b|\bfalls\b|(?<!auch )(?<!selbst )\bwenn\b|(?<!même )\bsi\b|\ben caso\b|"
                  r"\bin case\b|\bau cas où\b|\bpor si\b|\bsofern\b|^\s*(?:should|sollten?)\b)", re.IGNORECASE)
_DATE_RE = lazy(_DATE_WORDS, re.IGNORECASE)
#: classes whose phrases are not read when the sentence negates or conditions them
_NEGATABLE = {"offer", "paused", "scheduling", "receipt", "autoreply", "round", "delivered"}
_CONDITIONAL = {"rejection", "offer", "refused", "paused", "delivered"}
#: classes whose news is not told when it is quoted ("We've decided to move forward with
#: other candidates" means ...) or asked ("Candidature non retenue ?")
_TOLD = {"rejection", "offer", "refused", "paused"}
#: a quotation: the words between quotation marks are mentioned, not said
_QUOTED = lazy(r"\"[^\"]{3,300}\"|“[^”]{3,300}”|„[^“”]{3,300}[“”]|«[^»]{3,300}»|‘[^’]{3,300}’")
#: the rest of a clause that ends as a question
_ASKED = lazy(r"^[^,;:—–.!]*\?")
#: a cause or a time given in a subordinate clause: "since I'm on the road", "porque estoy
#: fuera de la oficina", "weil zwei Leute im Urlaub waren", "while our hiring was paused"
_BECAUSE = lazy(r"\b(?:since|because|while|whilst|weil|während|car|puisque|parce que|pendant que|porque|ya que|"
                r"puesto que|mientras)\b", re.I)
#: the writer saying they write now: a person, not an out-of-office ("Je vous écris depuis ...")
_WRITING = lazy(r"\b(?:writ\w* (?:to you )?from|(?:vous |t'|j')?écris depuis|escribo desde|schreibe (?:Ihnen |dir |ich )?"
                r"(?:von|aus))\b", re.I)
#: a time before or after which something else happens: "Antes de la entrevista final, ..."
_AROUND = lazy(r"\b(?:before|after|ahead of|antes de|después de|tras|vor|nach|avant|après)\s+(?:the|la|el|dem|der|l'|le|"
               r"your|tu|su|votre|Ihrem|deinem)?\s*$", re.I)
#: advice about a subject, not news: "how to negotiate your offer", "cómo negociar tu oferta"
#: a negation that only says "more than": "not only", "nicht nur", "pas seulement", "no solo"
_NOT_ONLY = lazy(r"(?:\bnot|n't|\bnicht|\bpas|\bno)\s+(?:\w+\s+)?(?:only|just|merely|seulement|uniquement|nur|solo|sólo)\b", re.I)
#: the reader counted among the others: "other candidates as well as you", "y tú también"
_YOU_TOO = lazy(r"\b(?:as well as you|including you|you too|you as well|and you|tú también|usted también|y tú|y usted|"
                r"vous aussi|vous également|et vous|auch Sie|Sie auch|auch dich|dich auch|und Sie|und dich)\b", re.I)
#: a possibility, not a decision: "we might go with", "es posible que optemos", "eventuell"
_HEDGE = lazy(r"\b(?:might|may|could(?!n't| not)|possibly|perhaps|maybe|a chance|possible que|posible que|quizás?|tal vez|"
              r"eventuell|vielleicht|möglicherweise|unter Umständen|peut-être|il se peut|pourrions|pourrait|podría|podríamos|"
              r"könnten)\b", re.I)
#: a story from before, not news: "Last year we made an offer to a candidate who then declined"
_LONG_AGO = lazy(r"\b(?:last (?:year|month|time|spring|summer|autumn|fall|winter|quarter)|in the past|years? ago|months ago|"
                 r"letztes Jahr|letzten Monat|früher|damals|l'an dernier|l'année dernière|le mois dernier|autrefois|"
                 r"el año pasado|el mes pasado|hace (?:un|dos|unos|varios) (?:años?|mes(?:es)?))\b", re.I)
#: the news is someone else's: "my colleague just received an offer letter", "Kevin was not selected"
_THIRD = lazy(r"\b(?:he|she|they|his|her|their|er|il|elle|ils|elles|ella|él|ellos|ellas)\b|"
              r"\b(?:my|our|mon|ma|notre|mi|nuestr[oa]|mein\w*|unser\w*) (?:colleague|friend|intern|coworker|co-worker|"
              r"Kollegin|Kollege|Praktikant\w*|collègue|stagiaire|ami|amie|compañer[oa]|colega|amig[oa]|becari[oa])\b", re.I)
#: a clause reported by the sentence before it ("I have to tell you that it did not work out"): that sentence says whom
_THAT = lazy(r"\s*(?:that|dass|que|qu')\b", re.I)
#: one third person (not the plural "they" of a hiring team)
_ONE_PERSON = lazy(r"\b(?:he|she|his|her|er|il|elle|ella|él)\b|"
                   r"\b(?:my|our|mon|ma|notre|mi|nuestr[oa]|mein\w*|unser\w*) (?:colleague|friend|intern|coworker|co-worker|"
                   r"Kollegin|Kollege|Praktikant\w*|collègue|stagiaire|ami|amie|compañer[oa]|colega|amig[oa]|becari[oa])\b", re.I)
#: who a rejection that denies something is about: the reader, or the company deciding
_READER = lazy(r"\b(?:you|your|Sie|Ihnen|Ihre\w*|du|dich|dir|dein\w*|vous|votre|vos|tu|te|ti|tus|su|sus|usted|"
               r"we|wir|nous|nosotros|hemos|podemos|informamos|comunicamos|I|ich|je|"
               # the hiring side deciding, named: "L'entreprise a décidé de ne pas donner suite"
               r"(?:the|our|l'|notre|das|unser|la|nuestra|el|nuestro)\s?(?:company|team|entreprise|équipe|Unternehmen|Team|empresa|equipo)"
               # as the subject of a verb, not a noun's modifier ("our team lead Kevin")
               r"(?=\s+(?:\w+ly\s+|finalement\s+|leider\s+)?(?:has|have|had|is|was|will|would|decided|chose|a|ont|avait|hat|hatte|ha|han|"
               r"est|ist|wird|va|decidi\w*|décid\w*|entschied\w*|entschloss\w*)\b))\b",
               re.I)
#: the reader's own process said to go on after news about another role
_YOURS_GOES_ON = lazy(r"\b(?:your|Ihr\w*|dein\w*|votre|ton|ta|tu|su)\b[^.;]{0,40}\b(?:continu\w*|unaffected|goes on|"
                      r"(?:still|remains?|very much) (?:\w+ )?(?:active|open|live|in the running)|weiterhin aktiv|noch aktiv|"
                      r"toujours (?:active|en cours)|sigue (?:activa|abierta|en curso)|"
                      r"still open|läuft|geht weiter|poursuit|se poursuit|sigue|continúa)"
                      # kept on file for later is no process going on: "still active in our talent pool"
                      r"(?![^.;]{0,30}\b(?:pool|database|Bewerberpool|Datenbank|vivier|base de (?:données|datos)|"
                      r"future|künftige|futur\w*))", re.I)
#: a candidate being sought, just before the words of someone else: "looking for a candidate whose ..."
_SOUGHT = lazy(r"\b(?:looking for|seeking|searching for|in search of|hoping to find|to find|need|needs|want|wants|"
               r"hire|hiring)\s+$", re.I)
#: nobody at all moving on ("not moving forward with any candidates"): a no only when nothing limits it in time
_ANY_CANDIDATES = lazy(r"\bany (?:\w+ )?(?:candidates?|applicants?|applications?)\b", re.I)
#: a refusal or a halt limited in time: "right now", "for now", "until Q2", "yet", "this week", "derzeit", "pour le moment"
#: (not "now that the role has been re-scoped": a cause)
_FOR_A_TIME = lazy(r"\b(?:(?<!has )(?<!have )(?<!had )(?<!is )(?<!are )(?<!was )now(?! that)|for now|right now|at (?:this|the) (?:time|moment|point)|for the (?:time being|moment)|currently|"
                   r"this (?:week|month|quarter|year)|yet|until|till|before|"
                   r"derzeit|momentan|vorerst|vorläufig|zurzeit|im Moment|aktuell|bis auf Weiteres|noch|bis|"
                   r"pour le moment|pour l'instant|actuellement|pour l'heure|en ce moment|encore|avant|jusqu'\w*|"
                   r"por ahora|de momento|por el momento|actualmente|todavía|aún|hasta|antes)\b", re.I)
#: a pause told as over: "while the role was on hold", "it has now been re-scoped", "wieder aufgenommen"
_WHILE = lazy(r"\b(?:while|whilst|during|während|pendant que|pendant|tant que|mientras|durante)\b", re.I)
_PAUSE_OVER = lazy(r"\b(?:re-?scoped|reopened|resumed|lifted|unfrozen|wieder aufgenommen|aufgehoben|rouvert|repris|levé|"
                   r"reanudad[oa]|reabiert[oa]|reactivad[oa])\b", re.I)
#: nothing decided yet: "not yet", "noch nicht", "pas encore", "todavía no"
_NOT_DECIDED = lazy(r"\b(?:not yet|haven't yet|have yet to|noch nicht|noch keine?\w*|pas encore|todavía no|aún no|no todavía)\b",
                    re.I)
#: a person writing anyway: "I'm on vacation this week, but I wanted to tell you ..."
_WRITES_ANYWAY = lazy(r"\b(?:but|pero|mais|aber|though|aunque)\b[^.;]{0,30}\b(?:I wanted|I want|I'd like|wanted to|quería|"
                      r"queria|quiero|je voulais|je tenais|je souhaitais|wollte|möchte ich)", re.I)
_HOW_TO = lazy(r"\b(?:how to|how you can|cómo|comment|wie (?:man|Sie|du))\b", re.I)
_PAST = lazy(r"\b(?:was|were|had been|war|waren|wurde|était|a été|estaba|estuvo|fue)\b", re.I)
#: strongest first; "delay" and "timeline" are both the timeline class
_ORDER = ["rejection", "offer", "paused", "refused", "autoreply", "departed", "scheduling", "timeline", "delay", "round", "receipt",
          "delivered", "thanks"]


#: where a sentence ends: not after a day's number ("2. November") nor a title ("Dr. Brandt")
_SENTENCE_END = lazy(
    r"(?<=[.!?])(?<!\b\d\.)(?<!\b\d\d\.)(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bProf\.)(?<!\bSr\.)"
    r"(?<!\bSra\.)(?<!\bMme\.)(?<!\bHr\.)(?<!\bFr\.)(?<!\bSt\.)\s+(?=[^\s])|\n\s*\n|\n(?=\s*[-•*]\s)")


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (and lines that stand alone), whitespace collapsed."""
    parts = _SENTENCE_END.split(text)
    return [" ".join(p.split()) for p in parts if p.strip()]


def _clause_before(sentence: str, start: int) -> str:
    """The words of the clause that leads up to ``start``."""
    before = sentence[:start]
    cut = max(before.rfind(c) for c in (",", ";", ":", " but ", " aber ", " mais ", " pero ", " — ", " - "))
    return before[cut + 1:] if cut >= 0 else before


def _find(kind: str, sentence: str) -> re.Match | None:
    if not _ANY[kind].search(sentence):
        return _question(kind, sentence)
    for pattern in _RULES[kind]:
        for m in pattern.finditer(sentence):
            clause = _clause_before(sentence, m.start())
            if kind in _NEGATABLE and (_NEG_RE.search(clause) or (kind != "autoreply" and _NEG_RE.search(m.group()))):
                continue
            if kind in _CONDITIONAL and _IF_RE.search(sentence[:m.start()]):
                continue
            if kind == "refused" and not (_NEG_RE.search(clause) or _NEG_RE.search(m.group())):
                continue  # an offer that is not refused
            if kind == "rejection" and _SOUGHT.search(sentence[:m.start()]):
                continue  # "the team is looking for a candidate whose experience more closely matches": a wish, no choice
            if kind == "rejection" and _ANY_CANDIDATES.search(m.group()) and (
                    _FOR_A_TIME.search(sentence) or _DATE_RE.search(sentence[m.end():]) or _find("paused", sentence)):
                continue  # "not moving forward with any candidates until Q2 / before the holidays / yet": a wait or a pause
            if kind == "rejection" and _STILL.search(clause):
                continue  # "we are still meeting other candidates": a process going on
            if kind == "rejection" and _REGRET_RE.match(m.group()) and (
                    _NOT_YET.search(sentence[m.start():]) or _STILL.search(sentence[m.start():])):
                continue  # "unfortunately we have no news on your application yet": a wait
            if kind == "refused" and _NOT_YET.search(sentence[m.end():]):
                continue  # "can't make you an offer until ...": not a no
            if kind == "timeline" and not _DATE_RE.search(sentence[m.start():]):
                continue
            if kind == "timeline" and _IF_CLAUSE.search(_clause_before(sentence, m.start())):
                continue  # "If you do not hear from us within four weeks, ...": a condition, no promise
            if kind == "timeline" and _ASKS_READER.search(_clause_before(sentence, m.start()) + m.group()[:1]):
                continue  # "sagen Sie uns bis Freitag Bescheid", "please get back to me by Friday": asked of the reader
            if kind == "timeline" and sentence.rstrip().endswith("?"):
                continue  # a question asks something of the reader: "afin de préparer la décision ..., pourriez-vous ?"
            if kind in _TOLD and (any(q.start() <= m.start() < q.end() for q in _QUOTED.finditer(sentence))
                                  or _ASKED.search(sentence[m.end():]) or _HOW_TO.search(clause)):
                continue  # mentioned or asked, not told
            if kind in ("rejection", "refused") and (_NOT_ONLY.search(sentence[m.start():m.end() + 30])
                                                     or _YOU_TOO.search(sentence[m.start():])):
                continue  # "doesn't just match", "other candidates as well as you"
            if kind in _TOLD and (_HEDGE.search(clause) or _someone_elses(kind, clause, m.group())
                                  or _LONG_AGO.search(sentence[:m.start()])):
                continue  # a possibility, or someone else's news
            if kind == "rejection" and not _NEG_RE.search(m.group()) and _NEG_RE.search(clause):
                continue  # "we have not decided against you"
            if kind == "rejection" and _NEG_RE.search(m.group()) and clause.strip() and not _READER.search(
                    (sentence[:m.start()] if _THAT.match(clause) else clause) + " " + m.group()
                    + re.split(r"[,;:]", sentence[m.end():])[0]):
                continue  # "Kevin was not selected for the panel": about someone else
            if kind in ("rejection", "refused") and _NOT_DECIDED.search(sentence):
                continue  # "wir haben uns noch nicht gegen Sie entschieden": not decided yet
            if kind == "rejection" and _YOURS_GOES_ON.search(sentence[m.end():]):
                continue  # "for the junior role we went with another candidate; your process continues"
            if kind == "paused" and _BECAUSE.search(clause) and _PAST.search(m.group() + " " + clause):
                continue  # "thank you for your patience while our hiring was paused": over
            if kind == "autoreply" and (_WRITING.search(sentence) or _WRITES_ANYWAY.search(sentence[m.end():]) or (
                    _BECAUSE.search(clause) and _PAST.search(sentence[m.start():]))):
                continue  # a reason given by a person writing now, not an absence notice
            if kind == "round" and _AROUND.search(sentence[:m.start()]):
                continue
            return m
    return _question(kind, sentence)


def _someone_elses(kind: str, clause: str, said: str) -> bool:
    """The news in ``said`` is about a third person named in ``clause``. A plural "they" deciding
    about the reader is the hiring side: "they won't be taking your application any further" (a "they"
    who went with another candidate may be another company: still someone else's news)."""
    if not _THIRD.search(clause):
        return False
    return not (kind == "rejection" and not _ONE_PERSON.search(clause) and _YOU.search(said))


def _question(kind: str, sentence: str) -> re.Match | None:
    """A scheduling request asked as a question, with no phrase for it."""
    if kind == "scheduling" and sentence.rstrip().endswith("?"):
        # the reader asked for some time soon: "Would you have an hour next week to walk us through ...?",
        # "hätten Sie nächste Woche Zeit für ein kurzes Telefonat?"
        asked = _HAVE_TIME.search(sentence)
        if asked and (_SOON.search(sentence) or _WEEKDAY.search(sentence) or _MEETING.search(sentence)) \
                and not _NEG_RE.search(sentence[:asked.start()]):
            return asked
        # a question that names a day and an hour, or asks when to meet
        when = _TIME_OF_DAY.search(sentence)
        if when and _WEEKDAY.search(sentence) and not _NEG_RE.search(sentence[:when.start()]):
            return re.search(r"[^.!?]*\?\s*$", sentence) or when  # the question itself
        if (_WHEN_MEET.search(sentence) or _WEEKDAY.search(sentence)) and _MEETING.search(sentence):
            return re.search(r"[^.!?]*\?\s*$", sentence) or _MEETING.search(sentence)
    return None


#: how much of the sender's own text is read: a recruiter says what they mean in the first
#: pages (the longest message of both corpora has 2,600 characters); a stranger's 200,000
#: characters would cost seconds
READ_CHARS = 20_000


def classify(letter: Letter | Incoming, *, sent_on: date | None = None,
             second: Callable[[], Model | None] | None = None) -> Reading:
    """The class of ``letter``, the phrase that decided it and the date it gives
    (read from ``sent_on``, else the letter's date). ``second`` hands over the second reader's
    model (``rules.reader``), called unless the rules read a rejection or an offer or the headers
    decided (an autoresponder's or a mailing list's): where they fall through it decides above its
    threshold, and where they decided any other class it overrules them only when very sure (see
    ``second_reading``)."""
    reading = _classify(letter, sent_on=sent_on)
    unsure = reading.kind in UNSURE or reading.weak
    if second is None or reading.by_headers or not (unsure or reading.kind in OVERRULED):
        return reading  # an autoresponder's or a mailing list's headers are never overruled into an answer
    model = second()
    if model is None:
        return reading
    text = (letter.text if isinstance(letter, Letter) else getattr(letter, "text", ""))[:READ_CHARS]
    said = reader.guess(model, message_features(letter))
    kind = second_reading(said, text, model.thresholds, model.overrule, ruled=None if unsure else reading.kind)
    if kind is None or kind == reading.kind:
        return reading  # not sure enough, or it agrees with the rules
    on = sent_on or (letter.date.date() if letter.date else None)
    when = None
    if kind == MailClass.TIMELINE and on:
        when = _timeline_date(text, on)
    elif kind == MailClass.AUTOREPLY and on:
        when = read_date(text, on, kind="autoreply")
    evidence = said.evidence()
    if not unsure:
        evidence += f"; over the rules' {reading.kind.value} ({reading.evidence[:80]!r})"
    return Reading(kind, evidence, when, [*reading.seen, "classifier"], reading.sentence)


#: what the rules say when none of their phrases is sure: the second reader may decide these
UNSURE = frozenset({MailClass.REPLY, MailClass.AUTOMATED})
#: what the second reader never decides alone: a rule's weak cue of the same class must corroborate it
CORROBORATED = frozenset({MailClass.REJECTION, MailClass.OFFER})
#: what the rules decide and a very sure second reader may overrule (above ``Model.overrule``):
#: every class but a rejection or an offer, whose rules stay precision-first
OVERRULED = frozenset(MailClass) - UNSURE - CORROBORATED


def message_features(letter: Letter | Incoming) -> list[str]:
    """The second reader's features of ``letter``: the text the rules read (the subject and what
    the sender wrote, quoted history removed) and the envelope's signs."""
    headers = letter.headers
    text = (letter.text if isinstance(letter, Letter) else getattr(letter, "text", ""))[:READ_CHARS]
    signs = []
    if headers.get("in-reply-to", "").strip():
        signs.append("threaded")
    if software(letter):
        signs.append("software")
    if headers.get("list-unsubscribe") or headers.get("list-id") or \
            headers.get("precedence", "").strip().lower() in ("bulk", "list"):
        signs.append("listed")
    return reader.features(letter.subject, text, signs)


def second_reading(said: reader.Guess, text: str, thresholds: Mapping[str, float],
                   overrule: Mapping[str, float] | None = None, *, ruled: MailClass | None = None) -> MailClass | None:
    """The class the second reader decides, or None (the rules' reading stands). ``ruled`` is the
    rules' class when they decided one (None when they left the message unsure).

    Where the rules fell through, it decides above its class's ``thresholds``, never another human
    reply. Where they decided a class other than a rejection or an offer, it overrules them only
    above its class's ``overrule`` threshold (higher: very sure); a rule's rejection or offer is
    never overruled. Both sets of thresholds are chosen on folds of the labelled sets, never on
    the set being scored. Either way a rejection or an offer needs a weak cue of that class in the
    text (``weak_cue``): the reader alone never tells bad news or good news."""
    try:
        kind = MailClass(said.kind)
    except ValueError:
        return None
    if kind == MailClass.AUTOMATED:
        return None
    if ruled is None:
        if kind in UNSURE or said.probability < thresholds.get(kind.value, 2.0):
            return None
    elif ruled in CORROBORATED or ruled in UNSURE or kind == ruled \
            or said.probability < (overrule or {}).get(kind.value, 2.0):
        return None
    if kind in CORROBORATED and not weak_cue(kind, text):
        return None
    return kind


#: a weak cue of an offer: the post, a contract or the team given or opened to the reader
_OFFER_CUE = lazy(r"\b(?:offer\w*|Angebot\w*|Vertragsangebot|oferta\w*|ofrec\w*|offre\w*|offrir|propos\w*|propuesta|"
                  r"contract\w*|\w*[Vv]ertrag\w*|contrat\w*|contrato\w*|welcome|willkommen|bienvenue|bienvenid[oa]s?|"
                  r"on board|an Bord|join\w*|rejoindre|rejoign\w*|unirte|unirse|uniera\w*|incorpor\w*|hire|hiring|einstell\w*|"
                  r"embauch\w*|contratar\w*|start date|Startdatum|Eintritt\w*|date de début|fecha de (?:inicio|incorporación)|"
                  r"salary|Gehalt|salaire|salario|package|"
                  # an offer in other words: "bieten wir Ihnen die Stelle an", "unsere Zusage", "appoint you"
                  r"biete\w*|Zusage|appoint\w*|"
                  # the paperwork of a hire, to sign: "invites you to sign", "zu prüfen und zu unterschreiben"
                  r"sign|signing|signer|signez|signature|unterschreib\w*|unterzeichn\w*|Unterschrift|firmar|fírm\w+)\b", re.I)
#: the reader, as an offer speaks to them: the pronouns, German "dein", Spanish pronouns joined to
#: an infinitive ("ofrecerle", "extenderte") or before a verb of the first person plural or the
#: future ("le ofrecemos", "te enviaremos"), "yours" ("el puesto es tuyo")
_YOU_OFFERED = lazy(r"\b(?:you|your|yours|Sie|Ihnen|Ihre[nrms]?|du|dich|dir|dein\w*|vous|votre|tu|te|ta|ton|toi|usted|su|"
                    r"tuy[oa]|suy[oa]|\w{3,}(?:ar|er|ir)(?:le|te|les)|(?:le|te|les)(?= \w+(?:amos|emos|imos|ará|erá|irá|"
                    r"aremos|eremos|iremos|á)\b))\b", re.I)
#: an offer said without its words: the reader wanted on the team or in the role, chosen for it,
#: or the post theirs ("we want you on the team", "we'd like you to be our next ...", "würden dich
#: gern als ... bei uns sehen", "vous accueillir dans l'équipe", "te queremos en el equipo",
#: "you have been selected for the role", "wir haben uns für dich entschieden", "el puesto es tuyo");
#: never about a meeting ("we'd like you to join us for a call")
_WANTED = lazy(
    # English: wanting, bringing, having the reader on, as, in the team
    r"\b(?:want|like|love|bring|have|appoint)\s+(?:for\s+)?you\s+(?:on\b|aboard|as\b|to be (?:our|the|part)|in the team|"
    r"on the team|to join (?:the|our) team)|"
    r"\byou(?:'ve| have| were|'re| are) (?:been )?(?:selected|chosen|the (?:one|candidate|person) we)\b|"
    r"\b(?:job|position|role|post|offer) is yours\b|"
    # German: wanting the reader on the team, with us; chosen; getting the post
    r"\b(?:wollen|möchten|würden|freuen uns)\b[^.;!]{0,30}\b(?:dich|Sie|euch)\b[^.;!]{0,40}"
    r"(?:\bim Team\b|\bins Team\b|\ban Bord\b|\bbei (?:uns|\w+)\b|\bbegrüßen\b|\bals\b)|"
    r"\bfür (?:dich|Sie)\b[^.;!]{0,20}\bentschieden\b|\b(?:du|Sie)\b[^.;!]{0,20}\bdie Stelle\b[^.;!]{0,20}\bbekomm\w*|"
    # French: welcoming, recruiting the reader; chosen; the post theirs
    r"\b(?:vous|te|t')\s*(?:accueillir|compter parmi|recruter|embaucher|intégrer)\b|"
    r"\b(?:vous avez|tu as) été (?:retenue?s?|choisie?s?|sélectionnée?s?)\b|\best pour (?:vous|toi)\b|"
    # Spanish: wanting the reader on the team, counting on them; chosen; the post theirs
    r"\b(?:te|le|les)\s+queremos\b|\bqueremos\s+(?:contar con (?:usted|ustedes|contigo)|tenerte|tenerle)\b|"
    r"\b(?:nos encantaría|nos gustaría) que (?:se |te )?un\w+|"
    r"\b(?:ha|has) sido (?:seleccionad|elegid|escogid)[oa]s?\b|\b(?:persona|candidat[oa]) elegid[oa]\b|"
    r"\bes (?:tuy|suy)[oa]\b", re.I)
#: the papers of a hire, to come or to sign, that need no pronoun ("Written offer to follow", "the
#: formal paperwork", "mit allem Formalen (Gehalt, Startdatum, Vertrag)", "la carta oferta")
_PAPERS = lazy(r"\b(?:(?:written|formal|official|verbal) (?:offer|paperwork|contract)|offer letter|paperwork|"
               r"Arbeitsvertrag\w*|Formalen|carta (?:de )?oferta|lettre d'offre|promesse d'embauche|"
               r"make it official)\b", re.I)
#: a weak cue of a rejection besides regret and a denial: the choice went to someone else, or
#: the goodbye wish that closes a no ("we wish you every success in your search")
_CHOICE = r"(?:decid\w*|chose|chosen|choice|select\w*|went|opted|entschieden|entschlossen|Wahl|ausgewählt|choix|choisi\w*|" \
          r"décidé\w*|retenu\w*|optado|elegid\w*|decidi\w*|seleccion\w*|" \
          r"privilégié\w*|decantad\w*)"
#: going on without the reader, said before whom with: "move forward with", "go in a different
#: direction", "keep looking for someone", "wir gehen mit einer anderen Person weiter", "seguir adelante con"
_GO_WITH = r"(?:(?:mov\w*|go|going|went|proceed\w*) (?:\w+ )?(?:forward|ahead|on)|go (?:in|with)|going (?:in|with)|" \
           r"keep looking|keep searching|gehen|seguir adelante|seguimos|continuer|poursuivre)"
#: someone else, as a choice names them: besides "other candidates", "jemand anderen", "einer
#: anderen Person", "une personne en interne", "una persona que ...", "candidates whose ..."
_SOMEONE = (r"(?:jemand\w*(?: ander\w*)?|einer? anderen? Person|une (?:autre )?personne|un profil|"
            r"(?:una|otra) persona|candidates (?:whose|who|with))")
_ELSEWHERE = lazy(rf"\b(?:{_CHOICE}|{_GO_WITH})\b[^.;]{{0,60}}?(?:{_OTHERS_EN}|{_OTHERS_FR}|{_OTHERS_ES}|{_OTHERS_DE}|\b{_SOMEONE}\b|"
                  rf"\b(?:another|different|autre|otr[oa]|andere[nrs]?)\s+(?:choice|direction|way|choix|direction|dirección|camino|Richtung|Weg)\b)|"
                  # the others first: "für jemanden entschieden", "other candidates more closely meet ..."
                  rf"(?:{_OTHERS_EN}|{_OTHERS_DE}|{_OTHERS_FR}|{_OTHERS_ES}|\b{_SOMEONE}\b)[^.;]{{0,40}}?"
                  rf"\b(?:{_CHOICE}|more closely|better|closer|besser|genauer|davantage|mieux)\b|"
                  rf"\b(?:un autre|ein(?:e|en)? andere[nr]?) (?:choix|Wahl|Entscheidung)\b", re.I)
#: the post filled: "the position has been filled", "closed with a successful hire", "we made a
#: hire", "extended an offer to another candidate", "mit einem anderen Bewerber besetzt",
#: "anderweitig", "a été pourvu", "la vacante ya fue cubierta"
_FILLED = lazy(rf"\b(?:(?:been |now |we've |we have |has |have |was |were )filled|(?:now )?hired for|made a hire|"
               rf"successful hire|(?:extended|made) an offer to {_OTHERS_EN}|besetzt|anderweitig|intern vergeben|"
               rf"pourvue?s?|attribuée?s?|cubiert[oa]s?|hemos cubierto|ha cubierto)\b", re.I)
#: the reader's application turned down, as software says it: "hat Ihre Bewerbung ... abgelehnt"
_TURNED_DOWN = lazy(r"\b(?:your|Ihre[rnms]?|deine[rnms]?|votre|ta|tu|su)\s+(?:\w+\s+)?(?:application|candidacy|Bewerbung|"
                    r"candidature|postulación|candidatura)\b[^.;]{0,80}?\b(?:abgelehnt|rejected|declined|refusée|rechazad[ao]|"
                    r"descartad[ao])\b", re.I)
_GOODBYE = lazy(r"(?:\b(?:wish|wünschen|wünsche|souhait\w*|dese\w*)\s+(?:wir\s+|ich\s+)?(?:you|Ihnen|dir|vous|te|le|les)|"
                r"\b(?:vous|te|le|les)\s+(?:souhait\w*|dese\w*))\b"
                r"(?=[^.;!]{0,80}?\b(?:success|luck|best|Erfolg|alles Gute|Glück|succès|réussite|continuation|suerte|éxito|lo mejor))"
                # a goodbye wishes the reader well beyond this process ("in your search", "for the future",
                # "für Ihre Zukunft", "dans vos recherches", "en tu búsqueda"); "good luck for the next interview" is none
                r"[^.;!]{0,80}?\b(?:future|search|career|endeavou?rs?|journey|Zukunft|Suche|(?:beruflich\w*|weiter\w*) \w*Weg|"
                r"Stellensuche|Jobsuche|Laufbahn|avenir|recherches?|carrière|suite de (?:votre|ta) parcours|parcours|"
                r"futuro|búsqueda|carrera|trayectoria)\b|"
                # or the wish for the search ahead, without a verb: "best wishes for your search", "Alles Gute für deine Suche"
                r"\b(?:best wishes|good luck|all the best|every success|viel Erfolg|alles Gute|bonne chance|bonne continuation|"
                r"plein succès|mucha suerte|muchos éxitos|mucho éxito)\b[^.;!]{0,30}?\b(?:search|future|career|endeavou?rs|"
                r"Suche|Jobsuche|Stellensuche|Weg|Zukunft|recherche|avenir|búsqueda|futuro|camino)\b", re.I)
#: a weak cue of a choice made elsewhere that only adds others to a process still going on:
#: "we decided to also interview other applicants", "noch andere Bewerber einzuladen", "rencontrer d'autres candidats"
_ADDED = lazy(r"\b(?:also|too|as well|additionally|noch|auch|weitere\w*|zusätzlich\w*|également|aussi|"
              r"encore|también|además|interview\w*|meet\w*|speak\w*|talk\w*|see|invit\w*|einzuladen|einladen|"
              r"kennenzulernen|kennenlernen|sprechen|treffen|rencontr\w*|entretiens?|entrevist\w*|reunir\w*|conocer|hablar)\b", re.I)
#: the reader's own news that a farewell answers: "thanks for letting me know you accepted another offer"
_READER_LEFT = lazy(r"\b(?:you|you've|you have|Sie|du|vous|tu|usted)\b[^.;!?]{0,40}\b(?:accepted|accept|taken|chosen|"
                    r"withdr[ae]w\w*|angenommen|zugesagt|entschieden|zurückgezogen|accepté\w*|retiré\w*|choisi\w*|"
                    r"aceptad[oa]|aceptaste|aceptó|retirad[oa]|retiraste|elegido)\b[^.;!?]{0,40}\b(?:offer|position|role|job|"
                    r"Angebot|Stelle|Position|Bewerbung|offre|poste|candidature|oferta|puesto|candidatura)", re.I)
#: the one chosen is the reader: "and we think that's you", "le vôtre", "das sind Sie", "eres tú"
_IS_YOU = lazy(r"\b(?:(?:that|it)(?:'s| is| was) you|(?:le|la) (?:vôtre|tienne?)|c'est (?:vous|toi)|"
               r"das (?:sind Sie|bist du)|(?:eres|es) (?:tú|usted))\b", re.I)
#: a person of the hiring side named by the reader's possessive: "your recruiter", "tu reclutadora Ana"
_YOUR_PERSON = lazy(r"\b(?:your|Ihr\w*|dein\w*|votre|ton|ta|tu|su)\s+(?:recruit\w*|contact|interviewer|hiring manager|"
                    r"Recruiter\w*|Ansprechpartner\w*|Personaler\w*|recruteu\w*|recruteuse|interlocut\w*|reclutador\w*|"
                    r"entrevistador\w*)\b", re.I)
#: German "noch" before a comparative is no wait: "deren Profil noch besser passt", "noch genauer"
_NOCH_MORE = lazy(r"\bnoch\s+(?:etwas\s+|viel\s+|ein wenig\s+)?(?!immer\b)(?:\w+er|mehr|weniger)\b", re.I)
#: an offer word that is also a meeting's ("join us for a call", "bienvenue à l'entretien")
_JOINING = lazy(r"(?i:join\w*|welcome|willkommen|bienvenue|bienvenid[oa]s?|rejoindre|rejoign\w*|unirte|unirse|uniera\w*)")


def _offer_cues(sentence: str):
    """The offer cues of ``sentence``, in order: an offer word said to the reader, the reader
    wanted or chosen (never about a meeting), the papers of a hire."""
    meeting = _MEETING.search(sentence)
    found = [m for m in (_OFFER_CUE.finditer(sentence) if _YOU_OFFERED.search(sentence) else ())
             if not (meeting and _JOINING.fullmatch(m.group()))]
    if not meeting:
        found += _WANTED.finditer(sentence)
    found += _PAPERS.finditer(sentence)
    return sorted(found, key=lambda m: m.start())


def _rejection_cues(sentence: str):
    """The rejection cues of ``sentence``, in order: regret, a denial in a sentence that names the
    reader or the writer, a choice made elsewhere, the post filled, the application turned down, goodbye."""
    found = [*_REGRET_RE.finditer(sentence)]
    if _READER.search(sentence):
        found += _NEG_RE.finditer(sentence)
    for pattern in (_ELSEWHERE, _FILLED, _TURNED_DOWN, _GOODBYE):
        found += pattern.finditer(sentence)
    return sorted(found, key=lambda m: m.start())


def weak_cue(kind: MailClass, text: str) -> str:
    """A weak cue of ``kind`` (a rejection or an offer) said to the reader in ``text``, or "".
    Negation-aware: a cue in a condition ("if you are not selected"), a question, a quotation or
    a hedge, or an offer word denied ("unable to offer a time"), is no cue; a rejection's cue is
    regret or a denial in a sentence about the reader, not a wait ("not yet"). Every cue of a
    sentence is weighed, not only its first ("Although we weren't able to offer you the senior
    role, we'd like to offer you ...")."""
    if kind == MailClass.REJECTION and _READER_LEFT.search(text):
        return ""  # a farewell or regret answering the reader's own withdrawal is no company's no
    for sentence in sentences(text):
        if sentence.rstrip().endswith("?") or _NOT_DECIDED.search(sentence):
            continue
        cues = _offer_cues(sentence) if kind == MailClass.OFFER else _rejection_cues(sentence)
        for cue in cues:
            before = sentence[:cue.start()]
            clause = _clause_before(sentence, cue.start())
            if _IF_RE.search(before) or _HEDGE.search(clause) \
                    or any(q.start() <= cue.start() < q.end() for q in _QUOTED.finditer(sentence)):
                continue
            if kind == MailClass.OFFER and (_NEG_RE.search(clause) or _NEG_RE.search(cue.group())):
                continue  # "we are unable to offer a time", "no contract yet"
            if kind == MailClass.REJECTION:
                after = _NOCH_MORE.sub("", sentence[cue.start():])
                if _NOT_YET.search(after) or _STILL.search(_NOCH_MORE.sub("", clause) + after):
                    continue  # "we have not made a decision yet", "unfortunately we are still interviewing": a wait
                if not (_REGRET_RE.fullmatch(cue.group()) or _NEG_RE.fullmatch(cue.group())) and _NEG_RE.search(clause):
                    continue  # "the position has not been filled", "we did not go with another candidate"
                if cue.re.pattern == _NEG_RE.source and _FOR_A_TIME.search(sentence[cue.start():]):
                    continue  # "we will not be moving forward with any candidates this week": a denial limited in time
                if cue.re.pattern == _ELSEWHERE.source and (
                        _ADDED.search(_NOCH_MORE.sub("", sentence[cue.start():cue.end() + 30]))
                        or _IS_YOU.search(sentence[cue.end():])):
                    continue  # "we decided to also interview other applicants": others added to a process still
                    # going on; "a candidate whose experience more closely matches ..., and that's you": the reader chosen
                if _YOUR_PERSON.search(clause):
                    continue  # "tu reclutadora Ana ya no está en el proceso": news about the recruiter
            return cue.group()
    return ""


def _classify(letter: Letter | Incoming, *, sent_on: date | None = None) -> Reading:
    """What the rules alone read in ``letter`` (``classify`` without a second reader)."""
    headers = letter.headers
    text = (letter.text if isinstance(letter, Letter) else getattr(letter, "text", ""))[:READ_CHARS]
    subject = letter.subject
    on = sent_on or (letter.date.date() if letter.date else None)
    threaded = bool(headers.get("in-reply-to", "").strip())
    probe = Incoming(sender=letter.sender, subject=subject, date=letter.date, headers=headers) \
        if isinstance(letter, Letter) else letter
    listed = bool(headers.get("list-unsubscribe") or headers.get("list-id")) or \
        headers.get("precedence", "").strip().lower() in ("bulk", "list")
    submitted = headers.get("auto-submitted", "").split(";")[0].strip().lower()
    # RFC 3834: "auto-replied" answers a message (an out-of-office); "auto-generated" is
    # software writing on its own (an acknowledgement, a notice): its text decides
    generated = submitted not in ("", "no", "auto-replied")
    auto_headers = submitted == "auto-replied" or "x-autoreply" in headers or "x-autorespond" in headers
    if auto_headers or (not generated and is_autoreply(probe) and not listed):
        evidence = _first_match("autoreply", text)
        # an automatic acknowledgement of the message, reporting no absence: a receipt
        delivered = "" if evidence else (_first_match("receipt", text) or _first_match("delivered", text))
        if delivered:
            return Reading(MailClass.RECEIPT, delivered, None, ["receipt"], by_headers=True)
        evidence = evidence or subject
        return Reading(MailClass.AUTOREPLY, evidence, read_date(text, on, kind="autoreply") if on else None,
                       ["autoreply"], by_headers=True)
    # a mailing list's message outside a thread is bulk, unless it tells the reader about
    # their own application (tracking systems put List-Unsubscribe on their rejections too)
    listed = listed and not threaded
    found: dict[str, tuple[str, str]] = {}  # kind -> (evidence, sentence)
    # a subject answering another message ("RE: Promesse d'embauche signée") repeats that message's
    # subject: a rejection or an offer named there is old news, the text says what this one is
    answering = bool(_ANSWERING.match(subject))
    for sentence in [subject, *sentences(text)] if text else [subject]:
        for kind in _ORDER:
            if kind in found or (answering and sentence is subject and kind in _TOLD):
                continue
            m = _find(kind, sentence)
            if m:
                found[kind] = (m.group(), sentence)
    seen = [k for k in _ORDER if k in found]
    if "timeline" in found and "delay" in found:
        seen.remove("delay")
    machine = software(letter)
    for kind in seen:
        evidence, sentence = found[kind]
        if kind in ("delivered", "thanks") and not (machine or ats_name(letter.sender)):
            continue  # only software confirms a delivery by these words
        if kind == "rejection" and "paused" in found and _NEG_RE.search(evidence) and _FOR_A_TIME.search(sentence) \
                and not _pause_over(found["paused"][1], found["paused"][0], sentence, text):
            continue  # "the requisition was frozen, so at the moment we cannot offer you the role": the pause is the news
        if kind == "paused" and "refused" in found and _pause_over(sentence, evidence, found["refused"][1], text):
            continue  # "while the position was on hold ... we are unable to offer you the position": the no is the news
        if kind == "departed" and not _about_sender(sentence, letter):
            continue  # "our recruiter Anna is no longer with us": news about someone else
        if kind == "rejection" and not _YOU.search(evidence) and any(
                _YOURS_GOES_ON.search(other) for other in sentences(text) if other != sentence):
            continue  # "That role has now been filled ... Your Data Engineer application is still active"
        cls = {"refused": MailClass.REJECTION, "delay": MailClass.TIMELINE, "round": MailClass.SCHEDULING,
               "delivered": MailClass.RECEIPT, "thanks": MailClass.RECEIPT, "departed": MailClass.AUTOREPLY}.get(kind) or MailClass(kind)
        if cls == MailClass.RECEIPT and threaded and not machine:
            break  # a person answering "got it, I'll pass it on" in the thread: a reply
        if listed and not (cls in _LISTED_NEWS and _YOU.search(sentence) and not _HEADLINE.match(sentence)) \
                and not (cls == MailClass.REJECTION and _about_your_application(subject)):
            # a job board's status mail: "Statusänderung Ihrer Bewerbung" ... "hat sich für andere Bewerber entschieden"
            break
        when = None
        if cls == MailClass.TIMELINE and on:
            when = _timeline_date(text, on)
        elif cls == MailClass.AUTOREPLY and on:
            when = read_date(text, on, kind="autoreply")
        return Reading(cls, evidence, when, seen, sentence)
    if listed:
        return Reading(MailClass.BULK, "List-Unsubscribe", None, ["bulk"], by_headers=True)
    bulk = _first_match("bulk", text)
    if bulk and not threaded:
        return Reading(MailClass.BULK, bulk, None, ["bulk"], weak=True)
    if machine:
        return Reading(MailClass.AUTOMATED, machine, None, [])
    return Reading(MailClass.REPLY, _first_line(text), None, [])


def _pause_over(sentence: str, evidence: str, refusal: str, text: str) -> bool:
    """The pause in ``sentence`` is told as over, so the refusal that follows is the news: the pause
    said in the past AND marked as over ("while the role was on hold", "it has now been re-scoped"),
    and the refusal not limited in time. A passive "was put on hold this morning" is fresh news, and
    "unable to offer you the position right now" is the pause's consequence."""
    said = sentence[:sentence.find(evidence)] + evidence
    if not _PAST.search(said) or _FOR_A_TIME.search(refusal):
        return False
    return bool(_WHILE.search(said) or _PAUSE_OVER.search(text))


#: a subject that answers or forwards another message: "Re:", "AW:", "RE :", "TR:", "Fwd:", "Absence : Re:"
_ANSWERING = lazy(r"^\s*(?:[\w ]{0,30}\s?:\s*)?(?:re|aw|wg|tr|fw|fwd|rv|res)\s?:", re.I)
#: a subject about the reader's own application: "Statusänderung Ihrer Bewerbung", "Update on your application"
_YOUR_APPLICATION = lazy(r"\b(?:your|Ihre[rnms]?|deine[rnms]?|votre|ta|tu|su)\s+(?:\w+\s+)?(?:application|candidacy|"
                         r"Bewerbung|Kandidatur|candidature|postulación|candidatura|solicitud)\b", re.I)
#: the news a subject announces: "Status update", "Neuigkeiten", "mise à jour", "actualización", "decision"
_STATUS = lazy(r"\b(?:status|update[sd]?|news|decision|outcome|result|Status\w*|Neuigkeit\w*|Aktualisierung|Entscheidung|"
               r"Rückmeldung|statut|mise à jour|nouvelles|décision|réponse|suite|estado|actualización|novedades|decisión|"
               r"respuesta|resultado)\b", re.I)


def _about_your_application(subject: str) -> bool:
    """A subject about the reader's own application, not a newsletter that says "your application":
    it announces news of it ("Update on your application") or names where it went ("Your application
    to Kestrel", "Ihre Bewerbung bei ..."). "Your application toolkit: 5 tips" is neither."""
    mine = _YOUR_APPLICATION.search(subject)
    return bool(mine and (_STATUS.search(subject) or _APPLIED_TO.match(subject[mine.end():])))


#: the application named with where it went: "to Kestrel", "bei Nordlicht", "chez ...", "en ...", "as Data Engineer"
_APPLIED_TO = lazy(r"\s+(?:to|at|for|with|bei|als|an|auf|für|chez|à|pour|au|en|para|a|como|con)\s+\S", re.I)
#: a numbered or bulleted headline of a newsletter: "1. We regret to inform you... how to read a rejection"
_HEADLINE = lazy(r"\s*(?:\d{1,2}[.)]|[-•*·])\s")
#: what a message with mailing-list headers may still say to the reader about their application
_LISTED_NEWS = frozenset({MailClass.REJECTION, MailClass.OFFER, MailClass.PAUSED, MailClass.RECEIPT})
_YOU = lazy(r"\b(?:you|your|Sie|Ihnen|Ihre[nrms]?|du|dich|dir|deine[nrms]?|vous|votre|tu|te|ta|ton|usted|su)\b", re.I)

#: how software names the address it sends from (no-reply@, notifications-noreply@ ...)
_NO_REPLY = lazy(r"(?:^|[._+-])(?:no-?reply|do-?not-?reply|donotreply|notifications?|mailer|bounces?|system)"
                       r"(?:$|[._+-])", re.I)
#: "Leo Marchetti via Ashby": a person's message relayed by a tracking system
_RELAYED = lazy(r"^(.+?)\s+(?:via|über|par|vía|por medio de)\s+\S", re.I)


def software(letter: Letter | Incoming) -> str:
    """Why ``letter`` was written by software rather than by a person ("" when it was
    not shown): an ``Auto-Submitted`` header other than ``no`` or a no-reply sender
    address, unless its display name says a person's message is relayed ("Leo
    Marchetti via Ashby"). What software wrote and no phrase explains is not a person
    answering (``MailClass.AUTOMATED``)."""
    headers = letter.headers
    submitted = headers.get("auto-submitted", "").split(";")[0].strip().lower()
    if submitted not in ("", "no"):
        return f"Auto-Submitted: {submitted}"
    local = letter.sender.rpartition("@")[0]
    system = ats_name(letter.sender)
    if not _NO_REPLY.search(local) and not system:
        return ""
    name = getattr(letter, "sender_name", "") or getattr(letter, "name", "") or ""
    relayed = _RELAYED.match(name)
    if relayed and not _LEGAL.search(relayed.group(1).strip()):
        return ""
    if _signed_by(name, getattr(letter, "text", "") or ""):
        return ""  # "Tom Becker" <no-reply@hire.lever.co>, signed "Tom": a person's message relayed
    if not _NO_REPLY.search(local):
        return f"sent by {system} from {letter.sender}, a tracking system's address"
    return f"sent from {letter.sender}, an address nobody reads"


def _about_sender(sentence: str, letter: Letter | Incoming) -> bool:
    """``sentence`` speaks of the sender: in the first person, or by their display name."""
    if re.match(r"\s*(?:I|I'm|ich|je|j'|yo)\b", sentence, re.I):
        return True
    name = (getattr(letter, "sender_name", "") or getattr(letter, "name", "") or "").replace('"', "").split()
    return bool(name) and _names(_fold(sentence), name[-1])


def _signed_by(name: str, text: str) -> bool:
    """The display name is a person's who signs the text: its first name (or the whole
    name) stands alone on one of the last lines ("Tom", "Stefan Hartmann")."""
    words = name.replace('"', "").split()
    if len(words) < 2 or not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words[:2]):
        return False
    if _LEGAL.search(" " + " ".join(words)):
        return False  # "Lindenwerk Energie GmbH": a company signing its own template
    lines = [" ".join(line.split()).strip(" ,—–-") for line in text.strip().splitlines() if line.strip()]
    whole = " ".join(words)
    if any(whole in line and line != whole for line in lines):
        return False  # the name is spoken of in the text ("an offer from Fuchsbau Mobility"): a company, not a signer
    return any(line and line in (words[0], whole) for line in lines[-6:])


def _first_match(kind: str, text: str) -> str:
    for sentence in sentences(text):
        m = _find(kind, sentence)
        if m:
            return m.group()
    return ""


def _first_line(text: str) -> str:
    for sentence in sentences(text):
        words = sentence.split()
        if len(words) > 2:
            return " ".join(words[:12])
    return ""


#: the reader asked to answer by a date: no promise of the writer's
_ASKS_READER = lazy(r"\b(?:please(?! note| be aware| bear)|bitte(?! beachten)|merci de|por favor|(?:could|can|would) you|"
                    r"könnten Sie|können Sie|kannst du|könntest du|pourriez-vous|pouvez-vous|peux-tu|podrías|podría usted|"
                    r"puedes|sagen Sie|sag (?:uns|mir)|geben Sie|gib (?:uns|mir)|let (?:me|us) know|dites-nous|dis-nous|"
                    r"faites-nous|avísanos|avísame|dinos|díganos|infórmanos)\b", re.I)
#: a date reported as said before ("I said Tuesday", "originally the 12th", "wie versprochen am"):
#: the old date of a revision
_SAID_BEFORE = lazy(r"\b(?:(?:I|we) (?:said|told you|promised|mentioned|had planned|planned|hoped)|originally|initially|"
                    r"(?:hatte|hatten) (?:\w+ )?(?:gesagt|versprochen|geplant)|ursprünglich|(?:j'avais|nous avions) (?:dit|annoncé|prévu)|"
                    r"initialement|(?:te |le )?(?:dije|dijimos|prometí|prometimos)|originalmente|inicialmente)\b[^.;,]{0,12}$", re.I)


def _timeline_date(text: str, on: date) -> date | None:
    """The decision date a timeline message gives: the latest date read in a sentence
    with a timeline phrase (a revised date names the old one and the new, later one)."""
    best = None
    day_first = _day_first(text)  # the message's language, not the sentence's
    for sentence in sentences(text):
        if not (_find("timeline", sentence) or _find("delay", sentence)):
            continue
        found = _dates(sentence, on, day_first)
        # the date said before, named to be replaced: "I said Tuesday, sorry - ... by Friday 27/11"
        new = [d for pos, d in found if not _SAID_BEFORE.search(sentence[max(0, pos - 24):pos])]
        when = max(new or [d for _, d in found], default=None)
        if when is not None and (best is None or when > best):
            best = when
    return best


# --------------------------------------------------------------------------- dates

_MONTHS = {
    **dict.fromkeys(["january", "jan", "januar", "janvier", "enero"], 1),
    **dict.fromkeys(["february", "feb", "februar", "février", "fevrier", "febrero"], 2),
    **dict.fromkeys(["march", "mar", "märz", "maerz", "mars", "marzo"], 3),
    **dict.fromkeys(["april", "apr", "avril", "abril"], 4),
    **dict.fromkeys(["may", "mai", "mayo"], 5),
    **dict.fromkeys(["june", "jun", "juni", "juin", "junio"], 6),
    **dict.fromkeys(["july", "jul", "juli", "juillet", "julio"], 7),
    **dict.fromkeys(["august", "aug", "août", "aout", "agosto"], 8),
    **dict.fromkeys(["september", "sep", "sept", "septembre", "septiembre", "setiembre"], 9),
    **dict.fromkeys(["october", "oct", "oktober", "octobre", "octubre"], 10),
    **dict.fromkeys(["november", "nov", "novembre", "noviembre"], 11),
    **dict.fromkeys(["december", "dec", "dezember", "décembre", "decembre", "diciembre"], 12),
}
_WEEKDAYS = {
    **dict.fromkeys(["monday", "montag", "lundi", "lunes"], 0),
    **dict.fromkeys(["tuesday", "dienstag", "mardi", "martes"], 1),
    **dict.fromkeys(["wednesday", "mittwoch", "mercredi", "miércoles", "miercoles"], 2),
    **dict.fromkeys(["thursday", "donnerstag", "jeudi", "jueves"], 3),
    **dict.fromkeys(["friday", "freitag", "vendredi", "viernes"], 4),
    **dict.fromkeys(["saturday", "samstag", "samedi", "sábado", "sabado"], 5),
    **dict.fromkeys(["sunday", "sonntag", "dimanche", "domingo"], 6),
}
_NUMBERS = {
    **dict.fromkeys(["one", "a", "an", "ein", "einer", "eine", "un", "une", "uno", "una"], 1),
    **dict.fromkeys(["two", "zwei", "deux", "dos", "couple"], 2),
    **dict.fromkeys(["three", "drei", "trois", "tres", "few"], 3),
    **dict.fromkeys(["four", "vier", "quatre", "cuatro"], 4),
    **dict.fromkeys(["five", "fünf", "cinq", "cinco"], 5),
    **dict.fromkeys(["six", "sechs", "seis"], 6), **dict.fromkeys(["seven", "sieben", "sept", "siete"], 7),
    **dict.fromkeys(["eight", "acht", "huit", "ocho"], 8), **dict.fromkeys(["ten", "zehn", "dix", "diez"], 10),
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_NUMBER_RE = r"\d{1,2}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th|er|e|º|°)?"

_D_MONTH = lazy(rf"\b(\d{{1,2}}){_ORD}\.?\s*(?:de\s+|of\s+)?({_MONTH_RE})\.?\b(?:,?\s*(?:de\s+)?(\d{{4}}))?", re.I)
_MONTH_D = lazy(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}}){_ORD}\b(?:,?\s*(\d{{4}}))?", re.I)
_ISO = lazy(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_NUMERIC = lazy(r"(?<![\d./])(\d{1,2})([./])(\d{1,2})(?:\2(\d{4}|\d{2}))?\.?(?![\d/])")
_WEEKDAY = lazy(rf"\b({_WEEKDAY_RE})\b", re.I)
_WEEKDAY_NTH = lazy(rf"\b({_WEEKDAY_RE}),?\s+(?:the\s+|den\s+|le\s+|el\s+)?(\d{{1,2}})(?:st|nd|rd|th|er|\.)?(?![\d/:])"
                    rf"(?!\.?\s*(?:\d|{_MONTH_RE}|h\b|Uhr|am\b|pm\b|%))", re.I)
_NTH = lazy(r"\b(?:the|le|el|am|den|zum)\s+(\d{1,2})(?:st|nd|rd|th|er|\.)?\b(?!\s*(?:%|\d|/|:))", re.I)
_WITHIN = lazy(
    rf"\b(?:within|in|over|during|innerhalb(?: von)?|binnen|in den|d'ici|sous|dans|durante|dentro de|(?:en|dentro de) (?:un|el) plazo de|en)\s+(?:the\s+|der\s+|den\s+|les\s+|las\s+|los\s+)?"
    rf"(?:next|coming|nächsten|prochaines?|próximas?|próximos)?\s*({_NUMBER_RE})\s*(?:-|–|to|bis|à|a)?\s*(\d{{1,2}})?\s*"
    rf"(business days|working days|days|weeks|Werktage[n]?|Arbeitstage[n]?|Tage[n]?|Wochen|jours ouvrés|jours|semaines|"
    rf"días hábiles|días|semanas)\b", re.I)
_WEEK_OF = lazy(r"\b(?:the week of|week of|la semaine du|la semana del|in der Woche vom|Woche vom)\b", re.I)
_KW = lazy(r"\bKW\s*(\d{1,2})\b")
_END_MONTH = lazy(r"\b(?:end of (?:the |this )?month|fin (?:du|de ce) mois|fin(?:ales)? de(?:l| este)? mes|"
                        r"Ende (?:des|dieses) Monats|Monatsende)\b", re.I)
_PART_MONTH = lazy(rf"\b(early|mid|late|end of|Anfang|Mitte|Ende|début|mi-|fin|principios de|mediados de|finales de)"
                         rf"[\s-]*(?:de\s+|d')?({_MONTH_RE})\b", re.I)
_END_WEEK = lazy(r"\b(?:end of (?:the |this )?week|fin de (?:la |cette )?semaine|Ende (?:der|dieser) Woche|"
                       r"finales de (?:esta |la )?semana)\b(\s*(?:prochaine|nächsten|next|que viene|próxima))?", re.I)
_END_NEXT_WEEK = lazy(r"\b(?:end of next week|fin de la semaine prochaine|Ende nächster Woche|Ende der nächsten Woche|"
                            r"finales de la (?:próxima )?semana(?: que viene)?)\b", re.I)
#: "next week": its Friday (as "Ende nächster Woche")
_NEXT_WEEK = lazy(r"\b(?:next week|(?:la |courant )?semaine prochaine|(?:in der )?nächste[nr]? Woche|la (?:próxima|siguiente) semana|"
                  r"la semana (?:que viene|próxima))\b", re.I)
#: a part of next week, as ``rules.timeline`` reads it in the user's own notes (one convention):
#: "early next week" its 2nd work day, "mid next week" its middle one (the week Monday-Friday here:
#: Tuesday and Wednesday); "late / end of next week" its Friday, as "next week"
_PART_NEXT_WEEK = lazy(
    r"\b(?:(?P<early>early|(?:the )?(?:beginning|start) of)|(?P<mid>mid|(?:the )?middle of))[\s-]+next week\b|"
    r"\b(?:(?P<early_de>Anfang)|(?P<mid_de>Mitte)) (?:der )?nächste[nr]? Woche\b|"
    r"\b(?:en )?(?:(?P<early_fr>début)|(?P<mid_fr>milieu)) de (?:la )?semaine prochaine\b|"
    r"\b(?:a |para )?(?:(?P<early_es>principios)|(?P<mid_es>mediados)) de la (?:(?:próxima|siguiente) semana|semana (?:que viene|próxima))\b",
    re.I)
_QUINZAINE = lazy(r"\bsous quinzaine\b", re.I)
#: two weeks in one word: "within a fortnight", "d'ici quinze jours" is read by _WITHIN
_FORTNIGHT = lazy(r"\b(?:within|in|over) (?:a|one|the next) fortnight\b", re.I)


def _next_weekday(after: date, weekday: int) -> date:
    return after + timedelta(days=(weekday - after.weekday() - 1) % 7 + 1)


def _friday(d: date) -> date:
    return d + timedelta(days=4 - d.weekday())


def _year_for(month: int, day: int, on: date) -> date | None:
    for year in (on.year, on.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            return None
        if d >= on - timedelta(days=7):
            return d
    return None


def _business(on: date, n: int) -> date:
    d = on
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


#: the commonest small words of English and of the languages that write the day first (German,
#: French, Spanish): which of them a text uses more says how it writes "4/12"
_ENGLISH_WORDS = lazy(r"\b(?:the|and|you|your|we|will|to|of|is|are|for|with|by|on|our|this|be|have|I)\b", re.I)
_DAY_FIRST_WORDS = lazy(r"\b(?:der|die|das|und|wir|Sie|ich|ist|bis|zum|den|dem|mit|für|le|la|les|et|nous|vous|je|"
                        r"est|du|des|au|une|avant|notre|votre|el|los|las|y|que|para|con|usted|antes|nuestra|nuestro|"
                        r"tu|te|su|hasta|del|de|en|im|vom|beim|auf|nicht|sur|pour|dans|par|como|muy|por)\b", re.I)
#: the letters English does not write (ü, é, ñ ...) and a date after a preposition only the other languages
#: use ("am 4/12", "ab 7/12"): signs of a text that writes the day first
_DAY_FIRST_SIGNS = lazy(r"[äöüßéèêëàâçîïôûùñáíóú¿¡]|\b(?:am|ab|vom|zum|bis)\s+\d", re.I)


def _day_first(text: str) -> bool:
    """Whether ``text`` (a whole message, not one sentence of it) writes "4/12" day first: its small
    words and letters are German, French or Spanish rather than English. A text with no English small
    word at all ("Rückmeldung: 4/12", "Respuesta: 4/12") is read day first, as three of the four
    languages write it."""
    english = len(_ENGLISH_WORDS.findall(text))
    return english == 0 or len(_DAY_FIRST_WORDS.findall(text)) + len(_DAY_FIRST_SIGNS.findall(text)) > english


def _dates(text: str, on: date, day_first: bool | None = None) -> list[tuple[int, date]]:
    """Every date read in ``text`` with its position; "4/12" read day first when ``day_first``
    (decided on the whole message by the caller; on ``text`` itself when None)."""
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, d: date | None) -> None:
        if d is None or any(s < m.end() and m.start() < e for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        found.append((m.start(), d))

    for m in _END_NEXT_WEEK.finditer(text):
        add(m, _friday(on) + timedelta(days=7))
    for m in _END_WEEK.finditer(text):
        add(m, _friday(on) + timedelta(days=7 if m.group(1) else 0))
    for m in _PART_NEXT_WEEK.finditer(text):
        monday = on - timedelta(days=on.weekday()) + timedelta(days=7)
        early = any(m.group(g) for g in ("early", "early_de", "early_fr", "early_es"))
        add(m, monday + timedelta(days=1 if early else 2))
    for m in _NEXT_WEEK.finditer(text):
        add(m, _friday(on) + timedelta(days=7))
    for m in _END_MONTH.finditer(text):
        add(m, date(on.year, on.month, calendar.monthrange(on.year, on.month)[1]))
    for m in _QUINZAINE.finditer(text):
        add(m, on + timedelta(days=15))
    for m in _FORTNIGHT.finditer(text):
        add(m, on + timedelta(days=14))
    for m in _KW.finditer(text):
        try:
            add(m, date.fromisocalendar(on.year, int(m.group(1)), 5))
        except ValueError:
            pass
    for m in _PART_MONTH.finditer(text):
        part, month = m.group(1).lower(), _MONTHS[m.group(2).lower()]
        first = _year_for(month, 1, on.replace(day=1))
        if first is None:
            continue
        last = calendar.monthrange(first.year, month)[1]
        day = {"early": 10, "anfang": 10, "début": 10, "principios de": 10, "mid": 15, "mitte": 15, "mi-": 15,
               "mediados de": 15}.get(part, last)
        add(m, first.replace(day=day))
    for m in _ISO.finditer(text):
        try:
            add(m, date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            pass
    week_of = [m.end() for m in _WEEK_OF.finditer(text)]
    # "4/12" is the 4th of December in German, French and Spanish, April 12 in (American) English
    if day_first is None:
        day_first = _day_first(text)
    for m in _D_MONTH.finditer(text):
        d = _explicit(int(m.group(1)), _MONTHS[m.group(2).lower()], m.group(3), on)
        add(m, _friday(d) if d and m.start() - 2 <= max([w for w in week_of if w <= m.start() + 1] or [-99]) + 8
            and any(0 <= m.start() - w <= 8 for w in week_of) else d)
    for m in _MONTH_D.finditer(text):
        d = _explicit(int(m.group(2)), _MONTHS[m.group(1).lower()], m.group(3), on)
        add(m, _friday(d) if d and any(0 <= m.start() - w <= 8 for w in week_of) else d)
    for m in _NUMERIC.finditer(text):
        a, sep, b, year = int(m.group(1)), m.group(2), int(m.group(3)), m.group(4)
        weekday = _WEEKDAY.search(text[max(0, m.start() - 14):m.start()])
        # (day, month) to try in turn: "26.10." day first; "11/2" month first in English, day first
        # in the other languages; a weekday or an impossible month decides
        options = [(a, b), (b, a)] if sep == "." or day_first else [(b, a), (a, b)]
        picked = None
        for day, month in options:
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            d = _explicit(day, month, year, on)
            if d is None:
                continue
            if weekday and d.weekday() != _WEEKDAYS[weekday.group(1).lower()]:
                continue
            picked = d
            break
        if picked is None and sep == "/":
            for day, month in options:
                if 1 <= month <= 12:
                    picked = _explicit(day, month, year, on)
                    if picked:
                        break
        add(m, picked)
    for m in _WITHIN.finditer(text):
        word, upper, unit = m.group(1).lower(), m.group(2), m.group(3).lower()
        n = int(upper) if upper else (int(word) if word.isdigit() else _NUMBERS.get(word, 0))
        if not n:
            continue
        if any(u in unit for u in ("business", "working", "werk", "arbeit", "ouvrés", "hábiles")):
            add(m, _business(on, n))
        elif any(u in unit for u in ("week", "woche", "semaine", "semana")):
            add(m, on + timedelta(days=7 * n))
        else:
            add(m, on + timedelta(days=n))
    for m in _WEEKDAY_NTH.finditer(text):
        # a weekday with the day's number: "el viernes 20", "lunes 23", "Monday 16th": the number decides
        day = int(m.group(2))
        d = on
        while d.day != day and d - on < timedelta(days=62):
            d += timedelta(days=1)
        add(m, d if d.day == day else None)
    for m in _WEEKDAY.finditer(text):
        if any(m.end() <= pos <= m.end() + 6 for pos, _ in found):
            continue  # "Monday, October 26": the date says it
        d = _next_weekday(on, _WEEKDAYS[m.group(1).lower()])
        if re.search(r"\b(?:next|nächsten|prochain|próximo)\s*$", text[max(0, m.start() - 12):m.start()], re.I):
            d = d + timedelta(days=7) if d - on < timedelta(days=7) and _friday(on) >= d else d
        add(m, d)
    for m in _NTH.finditer(text):
        day = int(m.group(1))
        if 1 <= day <= 31:
            d = on
            for _ in range(62):
                if d.day == day and d >= on:
                    break
                d += timedelta(days=1)
            add(m, d if d.day == day else None)
    return sorted(found)


def _explicit(day: int, month: int, year: str | None, on: date) -> date | None:
    if year:
        y = int(year) + (2000 if len(year) == 2 else 0)
        try:
            return date(y, month, day)
        except ValueError:
            return None
    return _year_for(month, day, on)


_BACK = lazy(r"\b(?:back|return|returning|wieder|retour|reprendrai|reprends|volveré|regreso|retomo|vuelta|"
                   r"ab dem|ab|à partir du|a partir del|zurück)\b", re.I)


def read_date(text: str, on: date, *, kind: str = "timeline") -> date | None:
    """The date ``text`` gives, read from ``on`` (the message's day).

    Explicit dates in the four languages ("6 November", "November 18", "20. November",
    "9 de noviembre", "26.10.", "17/11/2026"; "11/2" is month/day unless a weekday or an
    impossible month says otherwise); a weekday is the next one after ``on``; "the 5th"
    the next 5th; "within two weeks" ``on`` + 14 days, "10 business days" skips weekends,
    a range takes its later end; "the week of X" / "KW 48" that week's Friday; "end of
    the month" its last day, "Mitte Dezember" the 15th; "sous quinzaine" 15 days; "next
    week" its Friday, "early next week" its Tuesday and "mid next week" its Wednesday (the
    2nd and the middle work day, as ``rules.timeline`` reads them).
    For an autoreply, the first date after a return phrase; else the latest one."""
    day_first = _day_first(text)  # the message's language, not one sentence's
    found = _dates(text, on, day_first)
    if not found:
        return None
    if kind == "autoreply":
        for sentence in sentences(text):
            back = _BACK.search(sentence)
            if not back:
                continue
            here = _dates(sentence, on, day_first)
            after = [d for pos, d in here if pos >= back.start()]
            if after:
                return after[0]
            if here:
                return here[-1][1]
        pos, last = found[-1]
        if _INCLUSIVE.match(text[pos:pos + 40]) or _INCLUSIVE_BEFORE.search(text[max(0, pos - 30):pos]):
            return last + timedelta(days=1)  # "absent jusqu'au 16 novembre inclus": back the day after
        return last
    return max(d for _, d in found)


#: the same said before the day: "bis einschließlich 6.1.", "up to and including 4 January", "hasta el 6 inclusive"
_INCLUSIVE_BEFORE = lazy(r"\b(?:einschließlich|einschliesslich|inklusive|inkl\.|including|inclusive|inclus|incluido|incluso)"
                         r"(?:\s+(?:den|dem|the|le|el|au|al))?\s*$", re.I)
#: an absence's last day said to be included ("jusqu'au 16 novembre inclus", "until 4 January inclusive")
_INCLUSIVE = lazy(r"[^.;]{0,25}?\b(?:inclus|incluse|inclusive|inclusively|included|incluido|incluida|inclusive)\b", re.I)
