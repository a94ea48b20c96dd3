"""Events -> interviews (PRODUCT.md §3). Pure: no I/O, every verdict explained."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from collections.abc import Iterable, Mapping

from mailflow.config import Config
from mailflow.model import Attendee, Detection, Event, Interview, Interviewer, NameSource, short_id
from mailflow.untrusted import name_text
from mailflow.patterns import lazy

KEYWORDS = (
    "interview", "interviews", "phone screen", "phone screening", "screening call",
    "recruiter screen", "recruiter call", "recruiter chat", "onsite", "on-site", "on site",
    "technical screen", "tech screen", "technical interview", "hiring manager",
    "final round", "panel interview", "coding challenge", "coding exercise", "pair programming",
    "system design", "take-home review", "culture fit", "meet the team", "superday",
    "oral board", "portfolio review", "initial call", "1st round", "2nd round", "3rd round", "final round",
    "interview loop", "trial shift", "working interview", "demo lesson", "job talk",
)
#: stages of a selection process, by their shape: "second stage", "final round", "case
#: exercise", "design test", "practical task", "written assessment"
STAGES = (
    r"(?:first|second|third|fourth|final|next|\d(?:st|nd|rd|th))[ -](?:stage|round)",
    r"(?:case|design|written|practical|skills?|take-home|in-tray|group|assessment)\s+"
    r"(?:exercise|task|test|assessment|challenge)s?",
    r"assessment\s+(?:day|centre|center|event)s?",
    # a job interview in other languages: Spanish and Portuguese, German, Italian, Dutch, and
    # French. Italian "colloquio" and French "entretien"/"entrevue" alone are any talk (with a
    # school, a notary, a manager's annual review) or a service: only with their job words here;
    # with a role beside them instead, ``Detector.detect`` reads the title (``role_in_foreign_title``)
    r"entrevistas?",
    r"(?:vorstellungs|bewerbungs|auswahl)gespr(?:ä|ae)ch(?:e|en)?",
    r"colloquio\s+di\s+(?:lavoro|selezione)", r"sollicitatiegesprek(?:ken)?",
    r"(?:entretiens?|entrevues?)\s+(?:d['’]embauche|de\s+(?:recrutement|s[ée]lection))",
)
#: events about interviews that are not interviews
NOT_INTERVIEWS = (
    "interview prep", "interview preparation", "prep for", "preparation", "mock interview",
    "practice interview", "interview practice", "interview training",
)
ATS_DOMAINS = (
    "greenhouse.io", "greenhouse-mail.io", "lever.co", "hire.lever.co", "ashbyhq.com",
    "ashby.com", "myworkday.com", "myworkdayjobs.com", "workday.com", "smartrecruiters.com",
    "icims.com", "jobvite.com", "taleo.net", "successfactors.com", "bamboohr.com",
    "workable.com", "recruitee.com", "teamtailor.com", "personio.de", "personio.com",
    "breezy.hr", "jazzhr.com", "applytojob.com", "pinpointhq.com", "rippling.com",
    "gem.com", "goodtime.io", "modernloop.io", "paradox.ai", "hirevue.com", "calendly.com",
    "cal.com", "yourcal.com", "coderpad.io", "codesignal.com", "hackerrank.com", "karat.io",
)
FREEMAIL_DOMAINS = (
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
    "protonmail.com", "pm.me", "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.com",
    "yandex.com", "yandex.ru", "fastmail.com", "zoho.com", "hey.com", "tutanota.com",
)
#: domains of calendar systems' rooms and groups, never a company
SYSTEM_DOMAINS = ("resource.calendar.google.com", "group.calendar.google.com", "calendar.google.com")
_NO_REPLY = lazy(
    r"^(no-?reply|do-?not-?reply|noreply\+.*|notifications?|calendar(-notification)?|"
    r"mailer-daemon|postmaster|bounce[s]?|scheduling|scheduler|invites?|system)(@|\+)",
    re.IGNORECASE,
)
_ROLE_TEXT = lazy(r"^\s*(?:role|position|job(?: title)?)\s*[:=]\s*(?P<r>.+?)\s*$", re.IGNORECASE | re.MULTILINE)
#: what tracking systems write: "your interview for the Data Platform Engineer position",
#: "applied for the role of Staff Engineer", "interview for Senior SRE (Remote)"
_ROLE_PHRASE = lazy(
    r"(?:\b(?:for|as)\s+(?:the\s+|an?\s+|our\s+)?|\b(?:role|position|job|opening)\s+of\s+(?:an?\s+)?)"
    r"(?P<r>[^\n.;:()|—–\[\]]{2,80}?)"
    r"(?:\s+(?:role|position|job|opening|vacancy|req(?:uisition)?|program(?:me)?|scheme|placement)\b|\s*(?:[.;:()|—–\[\]\n]|\s-\s|$)"
    r"|\s+(?:at|with|in)\s)",
    re.IGNORECASE,
)
_COMPANY_TEXT = lazy(r"^\s*company\s*[:=]\s*(?P<c>.+?)\s*$", re.IGNORECASE | re.MULTILINE)
#: what calendar and mail systems put before a title ("Updated invitation: Interview with Acme")
_STATUS_PREFIX = lazy(
    r"^\s*((updated |new )?invitation( updated)?|updated|rescheduled|moved|tentative|accepted|confirmed|"
    r"reminder|new event|fwd?|re)\s*:\s*",
    re.IGNORECASE,
)
_CANCELLED_TITLE = lazy(r"^\s*(cancel(?:l)?ed|abgesagt|annulé)\s*:", re.IGNORECASE)
_INTERVIEW_WORD = lazy(
    r"\b(interview\w*|screen\w*|on-?site|final round|hiring manager|recruiter|loop|superday|"
    r"pair programming|system design|coding|technical|culture fit|meet the team|intro(ductory)? call|initial call|"
    r"oral board|portfolio review|job talk|trial shift|shadow shift|demo lesson|case presentation|"
    r"\d(?:st|nd|rd|th) round|entrevistas?|entretiens?|entrevue|vorstellungsgespr\w*|bewerbungsgespr\w*|"
    r"colloquio|sollicitatiegesprek)\b",
    re.IGNORECASE,
)
#: where a title is cut into pieces
_PIECES = lazy(
    r"\s*(?:[—–:|/()\[\]{}<>@,+]+|\s-+\s|\s+(?:at|with|w/|from|for|x)\s+)\s*", re.IGNORECASE
)
#: a piece with one of these words is a role, not a company
_ROLE_WORDS = {
    "engineer", "engineering", "developer", "swe", "sde", "sre", "designer", "scientist", "analyst",
    "architect", "consultant", "specialist", "director", "vp", "intern", "internship", "role", "position",
    "lead", "staff", "senior", "junior", "principal", "devops", "frontend", "backend", "fullstack",
    "full-stack", "product", "pm", "researcher", "administrator", "coordinator", "officer",
}
_TOOLS = {"zoom", "teams", "microsoft", "google", "meet", "webex", "hangouts", "skype", "call", "video", "phone"}
_DURATION = lazy(r"\d+\s*(?:min|mins|minutes|m|h|hr|hrs|hour|hours)", re.IGNORECASE)
#: words that describe an interview, never a company ("Phone screen" names none)
_GENERIC = {
    "phone", "video", "virtual", "technical", "tech", "recruiter", "recruiting", "hiring", "manager",
    "panel", "onsite", "on-site", "final", "coding", "first", "second", "third", "round", "hr", "intro",
    "introductory", "initial", "follow-up", "call", "interview", "screen", "screening", "chat", "team",
    "the", "a", "an", "our", "my", "your", "behavioral", "behavioural", "system", "design", "culture",
    "loop", "onsite", "interviews", "fit", "meet", "superday", "programming", "pair", "round", "chat",
    "conversation", "discussion", "session", "debrief", "introduction", "virtual", "remote", "in-person",
    # kinds of interview: "Board interview (Zoom) - Program Coordinator" names no company "Board"
    "board", "competency", "competency-based", "case", "peer", "leadership", "executive", "stakeholder",
    "presentation", "assessment",
    # what an invite says of itself ("Interview confirmation") and interview words in other languages
    "confirmation", "confirmed", "invitation", "invite", "reminder", "details", "entrevista", "entretien",
    "entrevue", "vorstellungsgespräch", "bewerbungsgespräch", "colloquio", "sollicitatiegesprek",
}
_TWO_PART_SUFFIXES = {"co", "com", "net", "org", "gov", "ac", "edu"}


class Detector:
    """Applies the configured rules; build once per run, call ``detect`` per event."""

    def __init__(self, config: Config, pipeline: Iterable[str] | Mapping[str, str] = ()):
        self.me = config.my_addresses
        my_name = config.profile.name.strip().lower()
        self.my_names = {my_name, my_name.split()[0]} if my_name else set()
        d = config.detect
        self.keywords = tuple(k.lower() for k in (*KEYWORDS, *d.keywords))
        self.include = [re.compile(p, re.IGNORECASE) for p in d.include]
        self.exclude = [re.compile(p, re.IGNORECASE) for p in d.exclude]
        self.ignore = {a.lower() for a in d.ignore_addresses}
        self.max_interviewers = d.max_interviewers
        self.ats = tuple(x.lower() for x in (*ATS_DOMAINS, *d.ats_domains))
        self._ats_set = frozenset(self.ats)
        self.freemail = {x.lower() for x in (*FREEMAIL_DOMAINS, *d.freemail_domains)}
        self.companies = config.companies
        self.my_domains = {a.split("@")[-1] for a in self.me}
        #: mail domains of the companies the user is in a process with: the applications
        #: ``pipeline`` names (with their roles when it maps domains to them), the configured
        #: companies' domains, and every interview found so far (``known``)
        self.roles: dict[str, str] = {d.lower(): "" for c in config.companies.values() for d in c.domains if d}
        for d in pipeline:
            if d:
                self.roles[d.lower()] = (pipeline.get(d) or "") if isinstance(pipeline, Mapping) else ""
        self.pipeline: set[str] = set(self.roles)
        #: the events whose role came from an application, not from the event: their
        #: verdict depends on more than the event (``engine.verdicts`` keeps none of them)
        self.inherited: set[str] = set()
        self._why_not: dict[tuple[str, str, str, bool], str] = {}
        self._keyword_re = re.compile(
            r"\b(" + "|".join([*(re.escape(k) for k in sorted(self.keywords, key=len, reverse=True)), *STAGES]) + r")\b",
            re.IGNORECASE,
        )
        self._not_re = re.compile(
            r"\b(" + "|".join(re.escape(k) for k in NOT_INTERVIEWS) + r")\b", re.IGNORECASE
        )

    # ---- the verdict -----------------------------------------------------

    def detect(self, event: Event) -> Detection:
        text = f"{event.summary}\n{event.description}"
        organizer = event.organizer.email if event.organizer else ""
        haystack = f"{text}\n{organizer}"
        for rule in self.exclude:
            if rule.search(haystack):
                return Detection(event, None, (f"excluded by your rule {rule.pattern!r}",))
        if event.status == "cancelled" or _CANCELLED_TITLE.match(event.summary):
            return Detection(event, None, ("cancelled",))
        me = self._my_attendance(event)
        if me is not None and me.response == "declined":
            return Detection(event, None, ("you declined it",))
        if event.all_day:
            return Detection(event, None, ("all-day event (interviews have a time)",))

        reasons: list[str] = []
        for rule in self.include:
            if rule.search(haystack):
                reasons.append(f"included by your rule {rule.pattern!r}")
                break
        if not reasons:
            if self._not_re.search(event.summary):
                return Detection(
                    event, None, (f"title says {self._not_re.search(event.summary).group(0)!r}: preparation, not an interview",)
                )
            found = self._keyword_re.search(event.summary)
            if found:
                reasons.append(f"title says {found.group(0)!r}")
            elif (found := self._keyword_re.search(event.description)) and not self._not_re.search(event.description):
                reasons.append(f"description says {found.group(0)!r}")
            elif bare := _bare_foreign_interview(event.summary):
                reasons.append(f"title says {bare!r} beside a role")
            elif ats := self._ats_party(event):
                reasons.append(f"scheduled through {ats}, an applicant-tracking or scheduling system")
            elif named := self._company_beside_role(event):
                reasons.append(f"the title names a role beside {named!r}, whose people are invited")
            elif named := self._next_stage(event):
                reasons.append(f"the title names {named!r}, whose people are invited and with whom "
                               "you already have an application: a further stage of it")
            elif evidence := self._job_on_offer(event):
                reasons.append(evidence)
        if not reasons:
            return Detection(
                event, None, ("no interview keyword, no applicant-tracking organizer, no include rule",)
            )
        found = self._interview(event, tuple(reasons))
        if found.interview is not None:
            self.known(found.interview)
        return found

    def known(self, interview: Interview) -> None:
        """``interview`` was found (here or kept from an earlier run): its company is in
        the user's pipeline from now on, so a later invite of its people is a stage of it."""
        if interview.domain:
            domain = interview.domain.lower()
            self.pipeline.add(domain)
            self.roles[domain] = self.roles.get(domain) or interview.role

    # ---- parts -------------------------------------------------------------

    def _company_beside_role(self, event: Event) -> str:
        """"Kilnworks Studio <> Brand Designer" with people from kilnworks.example invited:
        the company's name, else ''. The user's own domains and free mail never count."""
        for a in ([event.organizer] if event.organizer else []) + list(event.attendees):
            domain = self._domain(a.email)
            if a.is_self or a.email in self.me or domain in self.my_domains or domain in self.freemail \
                    or self.why_not_thanked(a):
                continue
            named = company_beside_role(event.summary, domain)
            if named:
                return named
        return ""

    def _next_stage(self, event: Event) -> str:
        """"Harrow Vale Medical Practice: meet the partners" with people from harrowvale.example
        invited, when the user already has an application with harrowvale.example: the
        company's name as the title gives it, else ''. The title must name that company (a
        colleague's "store walk" or a dentist's "follow-up call" names none of the pipeline)."""
        if not self.pipeline:
            return ""
        for domain, named in self._named_parties(event):
            if self._in_pipeline(domain):
                return named
        return ""

    def _job_on_offer(self, event: Event) -> str:
        """A first invite whose title has no interview word, when its text names one job on
        offer ("for the Baker vacancy", "about the Payroll Officer position", "die Stelle als
        Koch") or speaks to the candidate about "the role", and everyone invited from outside
        is of one organisation: not the user's own, not free mail, no bulk or system sender.
        The reason names both pieces of evidence, else ''."""
        if _PUBLIC_EVENT.search(event.summary) or _HIRING_SIDE.search(event.description):
            return ""
        domain = self._one_outside_party(event)
        if not domain:
            return ""
        for where, text in (("title", event.summary), ("description", event.description)):
            vacancy = named_vacancy(text)
            if vacancy:
                return (f"the {where} names the job on offer ({vacancy!r}) and everyone invited from outside "
                        f"is from {domain}, not your own organisation: an interview for it")
        watched = _WATCHED.search(event.description)
        if watched and (watched.group("w") or watched.group("by") and _role_head(watched.group("by").split()[-1])):
            return (f"the description says your work is {watched.group(0).strip(' ,')!r} and everyone invited "
                    f"from outside is from {domain}, not your own organisation: an assessment for a job")
        spoken = _YOU.search(event.description) and _THE_JOB.search(event.description)
        if spoken:
            return (f"the description speaks to you about {_THE_JOB.search(event.description).group(0)!r} and "
                    f"everyone invited from outside is from {domain}, not your own organisation: an interview")
        return ""

    def _one_outside_party(self, event: Event) -> str:
        """The one mail domain of everyone invited from outside (rooms aside), or '' when
        there are several, none, free mail, the user's own, or a system or bulk sender."""
        domains: set[str] = set()
        for a in ([event.organizer] if event.organizer else []) + list(event.attendees):
            if a.is_self or a.email in self.me:
                continue
            why = self.why_not_thanked(a)
            if why == "a room or resource":
                continue
            domain = self._domain(a.email)
            if why or _BULK_SENDER.match(a.email) or domain in self.freemail or "." not in domain \
                    or any(domain == d or domain.endswith("." + d) or d.endswith("." + domain)
                           for d in self.my_domains):
                return ""
            domains.add(domain)
        return next(iter(domains)) if len(domains) == 1 else ""

    def stage_domain(self, event: Event) -> str:
        """The domain of the invited people whose company the title names, whether or not the
        user has an application with it: the event is a further stage once they have; else ''."""
        return next((domain for domain, _ in self._named_parties(event)), "")

    def _named_parties(self, event: Event) -> Iterable[tuple[str, str]]:
        """(domain, the company's name in the title) for each invited party from outside whose
        company the title names ("Fennimore's Grocers - store walk")."""
        for a in ([event.organizer] if event.organizer else []) + list(event.attendees):
            domain = self._domain(a.email)
            if a.is_self or a.email in self.me or domain in self.my_domains or domain in self.freemail \
                    or self.why_not_thanked(a):
                continue
            named = company_in_title(event.summary, domain)
            if named:
                yield domain, named

    def _in_pipeline(self, domain: str) -> bool:
        return domain in self.pipeline or any(domain.endswith("." + d) for d in self.pipeline)

    def _my_attendance(self, event: Event) -> Attendee | None:
        for a in event.attendees:
            if a.is_self or a.email in self.me:
                return a
        return None

    def _domain(self, email: str) -> str:
        return email.rsplit("@", 1)[-1].lower()

    def _is_ats(self, domain: str) -> bool:
        """``domain`` is one of ``self.ats`` or under one: one set lookup per ending at a
        dot ("x.greenhouse.io", "greenhouse.io", "io"), however many are listed."""
        ats = self._ats_set
        if domain in ats:
            return True
        at = domain.find(".")
        while at != -1:
            if domain[at + 1:] in ats:
                return True
            at = domain.find(".", at + 1)
        return False

    def _ats_party(self, event: Event) -> str:
        parties = [event.organizer] if event.organizer else []
        parties += list(event.attendees)
        for p in parties:
            domain = self._domain(p.email)
            if self._is_ats(domain):
                return domain
        return ""

    def why_not_thanked(self, a: Attendee) -> str:
        """'' if ``a`` is someone to thank, else why not. Asked of the same people many times
        over a calendar: the answer is kept per address, name, kind and self flag (all it
        reads of ``a``)."""
        key = (a.email, a.name, a.kind, a.is_self)
        why = self._why_not.get(key)
        if why is None:
            why = self._why_not[key] = self._why_not_thanked(a)
        return why

    def _why_not_thanked(self, a: Attendee) -> str:
        domain = self._domain(a.email)
        if a.is_self or a.email in self.me:
            return "you"
        if a.kind in ("room", "resource", "group") or domain in SYSTEM_DOMAINS or _looks_like_a_room(a):
            return "a room or resource"
        if _NO_REPLY.match(a.email):
            return "a system address"
        if self._is_ats(domain):
            return "an applicant-tracking system"
        if a.email in self.ignore:
            return "ignored by [detect] ignore_addresses"
        return ""

    def _interview(self, event: Event, reasons: tuple[str, ...]) -> Detection:
        warnings: list[str] = []
        people: list[Attendee] = []
        for a in event.attendees:
            why_not = self.why_not_thanked(a)
            if why_not:
                continue
            if a.response == "declined":
                warnings.append(f"{a.email} declined the invite: not thanked")
                continue
            people.append(a)
        if not people and event.organizer and not self.why_not_thanked(event.organizer):
            people.append(event.organizer)
        contact = coordinator(event, people)
        if contact is not None:
            people = [a for a in people if a.email != contact.email]
            reasons = (*reasons, f"{contact.email} coordinates it ({coordinator_why(event, contact)}): "
                                 "the main contact, not an interviewer")
        if len(people) > self.max_interviewers:
            return Detection(event, None, (
                *reasons, f"{len(people)} people to thank: more than any interview has "
                          f"([detect] max_interviewers = {self.max_interviewers}); a meeting or a webinar",
            ))
        interviewers = []
        for a in people:
            name = without_asides(_clean_name(a.name))
            if not name or "@" in name:
                name = name_from_address(a.email)
                warnings.append(f"{a.email}: no name on the invite; using {name!r} derived from the address")
                interviewers.append(Interviewer(a.email, name, NameSource.ADDRESS))
            else:
                interviewers.append(Interviewer(a.email, name, NameSource.INVITE))
        company, how, domain = self._company(event, people)
        reasons = (*reasons, f"company {company!r} from {how}" if company else "company unknown")
        if not interviewers:
            warnings.append("no interviewer address on the invite: record one with `mailflow remark --by ADDRESS`")
        organizer = event.organizer.email if event.organizer else ""
        role = self._role(event, company)
        if not role and self.roles.get(domain):
            role = self.roles[domain]
            self.inherited.add(event.key)
        interview = Interview(
            id=short_id(event.key),
            event_key=event.key,
            company=company,
            role=role,
            title=event.summary,
            start=event.start,
            end=event.end,
            interviewers=tuple(interviewers),
            source=event.source,
            organizer_email=organizer if organizer not in self.me else "",
            organizer_name=_clean_name(event.organizer.name) if event.organizer and organizer not in self.me else "",
            domain=domain,
            video_url=event.video_url,
            contact_email=contact.email if contact else "",
            contact_name=_clean_name(contact.name) if contact else "",
        )
        return Detection(event, interview, reasons, tuple(warnings))

    def _company(self, event: Event, people: list[Attendee]) -> tuple[str, str, str]:
        """(company, how it was found, its mail domain)."""
        parties = [*people, *([event.organizer] if event.organizer else []), *event.attendees]
        domains = Counter(
            d for d in (self._domain(p.email) for p in parties if p.email not in self.me)
            if d not in self.freemail and d not in SYSTEM_DOMAINS and not self._is_ats(d)
            and d not in self.my_domains
        )
        top_domain = domains.most_common(1)[0][0] if domains else ""
        # 1. the user's mapping: a configured domain or alias
        for name, company in self.companies.items():
            for d in company.domains:
                if any(x == d.lower() or x.endswith("." + d.lower()) for x in domains):
                    return name, f"your [companies] mapping of {d}", d.lower()
            for alias in [name, *company.aliases]:
                if re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", event.summary, re.IGNORECASE):
                    return name, "your [companies] entry", (company.domains[0] if company.domains else top_domain)
        # 2. the description or title
        stated = _COMPANY_TEXT.search(event.description)
        if stated:
            return stated.group("c"), "the description", top_domain
        # an applicant-tracking system's invite: its organizer's name is the company's
        organizer = event.organizer
        by_ats = ""
        if organizer and organizer.email and self._is_ats(self._domain(organizer.email)):
            named = re.sub(r"\s*(?:\(|\bvia\b|\bthrough\b).*$", "", _clean_name(organizer.name), flags=re.IGNORECASE)
            named = re.sub(r"\s+(?:recruiting|recruitment|talent(?:\s+acquisition)?|careers|hiring|hr|jobs|people"
                           r"(?:\s+team)?|team)$", "", named, flags=re.IGNORECASE)
            if named and "@" not in named and not _ROLE_WORDS & set(named.lower().split()):
                by_ats = named
        names = set(self.my_names)
        label = top_domain.split(".")[0].replace("-", "").lower() if top_domain else ""
        for p in parties:
            if label and _clean_name(p.name).replace(" ", "").replace("-", "").lower().startswith(label):
                continue  # a mailbox named for the company ("Greenlane Solar Careers") is not a person
            full = _clean_name(p.name).lower()
            if full and "@" not in full:
                names.update({full, full.split()[0]})
        if by_ats:
            # "Lumen Recruiting" invites to "Lumen Health onsite interview": the title's
            # fuller name of the same company wins
            longer = re.search(rf"(?<!\w){re.escape(by_ats)}(?:\s+[A-Z][\w&'.-]*)+", event.summary)
            fuller = company_from_title(event.summary, names, top_domain) if longer else ""
            if fuller and fuller.lower().startswith(by_ats.lower() + " "):
                return fuller, "the title", top_domain
            return by_ats, "the applicant-tracking invite's organizer", top_domain
        from_title = company_from_title(event.summary, names, top_domain)
        if from_title and re.search(rf"\b(?:the|a|an)\s+{re.escape(from_title)}\s+{_VACANCY_NOUN}\b",
                                    event.description, re.IGNORECASE):
            from_title = ""  # "Interview day (SENCo)" where the description names "the SENCo post": the job
        if from_title and top_domain and _FOREIGN_INTERVIEW.search(event.summary) \
                and not names_domain(from_title, top_domain) and not self._is_ats(top_domain):
            from_title = ""  # "Entretien d'embauche - Développeur Python": a piece the domain does not spell is the job
        if from_title:
            return from_title, "the title", top_domain
        described = company_in_text(event.description, top_domain)
        if described:
            return described, "the description", top_domain
        # 3. the external attendees' domain
        if top_domain:
            return company_from_domain(top_domain), f"the attendees' domain {top_domain}", top_domain
        return "", "", ""

    def _role(self, event: Event, company: str) -> str:
        """The role: ``[companies] role``, a "Role:" line of the description, the
        title ("Senior Data Engineer - Virtual Onsite"), then the description's
        tracking-system text ("for the Data Platform Engineer position")."""
        configured = self.companies.get(company)
        if configured and configured.role:
            return configured.role
        stated = _ROLE_TEXT.search(event.description)
        if stated:  # "Role: Fresh Produce Lead. Meet at the loading dock": the role ends with its sentence
            return name_text(re.split(r"(?<=[a-z)])\.\s+(?=[A-Z])", stated.group("r"), maxsplit=1)[0]).rstrip(".")
        named = named_vacancy(event.description) or named_vacancy(event.summary)
        phrase = role_from_text(event.description, company, phrase_only=True)
        if named and f" {named} " in f" {phrase} " and not phrase.startswith(named):  # "the practical stage for the X post"
            phrase = named
        return (role_from_text(event.summary, company) or phrase or named or _called_a_post(event)
                or role_in_foreign_title(event.summary, company) or role_in_description(event.description, company))


#: a title for many people at once (a fair, a webinar), never one candidate's interview
_PUBLIC_EVENT = lazy(
    r"\b(?:webinars?|fairs?|expos?|open (?:days?|evenings?|house)|info(?:rmation)? sessions?|livestream|"
    r"conference|meetups?|careers? (?:events?|evenings?)|jobmesse|salon|feria)\b", re.IGNORECASE)
#: text written by the hiring side about the people it sees (the user's own colleagues'
#: "debrief on the candidates for the Senior Engineer role")
_HIRING_SIDE = lazy(
    r"\b(?:candidates|applicants|shortlist(?:ed|ing)?|interviewees|debrief|scorecards?|(?:we|they)(?:'re| are) "
    r"hiring|hiring (?:for|plan|panel|committee)|(?:the|their|his|her) (?:CV|résumé|resume|application)s?)\b",
    re.IGNORECASE)
#: senders that write to many: newsletters, events and marketing mailboxes
_BULK_SENDER = lazy(
    r"^(?:news(?:letters?)?|marketing|events?|webinars?|updates?|digest|campaigns?|mailings?|lists?|"
    r"announce(?:ments?)?|community|promo(?:tions?)?)(?:[@+._-])", re.IGNORECASE)
_YOU = lazy(r"\b(?:you|your|you'll|you're|you've|yours|Sie|Ihre?|vous|votre|usted|su)\b")
_VACANCY_NOUN = r"(?:role|post|position|vacancy|job|opening|stelle|poste|emploi|puesto|vacante|plaza)"
#: what may follow a vacancy noun that heads its phrase ("the Baker vacancy. We'll …",
#: "role with the supervising attorney"); a noun after it ("job fair") makes it a modifier
_AFTER_VACANCY = (r"(?=\s*(?:$|[.,;:!?)\]—–\n]|\s-\s|\s+(?:at|with|on|in|for|and|or|to|of|is|was|here|there|"
                  r"we|you|I|which|that|who|so|but|from|starting|based|within|inside|under|over|during|before|after|if|when|"
                  r"as|by|this|next|today|tomorrow|\d)\b))")
#: "about the role", "for this position", spoken to the candidate about one job: the noun is what
#: the talk is about or for; "the role of AI", "the job is stuck", "the opening at 5pm" name none
_THE_JOB = lazy(rf"\b(?:about|for|regarding|re|discuss|discussing|into|in|over)\s+(?:the|this|that)\s+"
                rf"{_VACANCY_NOUN}(?!\s+(?:of|is|was|at\s+\d)\b){_AFTER_VACANCY}", re.IGNORECASE)
#: the candidate's own work watched: "observed by the Head of Maths", "… to Year 12,
#: observed, then questions"; by someone with a job title
_WATCHED = lazy(
    r"(?:,\s*(?P<w>observed|assessed),|\b(?:observed|assessed|marked|judged)\s+by\s+(?:the\s+|our\s+)?"
    r")(?P<by>(?:[\w'’-]+\s+){0,3}?[\w'’-]+)?(?=[\s.,;:)]|$)",
    re.IGNORECASE)
#: a vacancy noun that heads its phrase ("the Baker vacancy", "role with …"), singular
_VACANCY = lazy(rf"\b(?P<n>{_VACANCY_NOUN})\b{_AFTER_VACANCY}", re.IGNORECASE)
#: a vacancy noun and what names the job after it: "role of", "Stelle als", "poste de", "puesto de"
_VACANCY_OF = lazy(rf"\b(?P<n>{_VACANCY_NOUN})\s+(?P<p>of|as|als|de|d'|como)\s*", re.IGNORECASE)
_ARTICLES = {"the", "a", "an", "our", "this", "that", "your", "un", "une", "una", "uno", "el", "la", "le", "l'"}
_CONNECTORS = {"of", "and", "&", "in", "for"}
#: heads of job titles in German, French and Spanish, by their endings
_FOREIGN_ROLE_HEAD = lazy(
    r"(?:eur|euse|ier|ière|ien|ienne|iste|ante?|ente|ateur|atrice|ora?|ero|era|ista|ico|ica|tore|trice|leiter(?:in)?)$",
    re.IGNORECASE)
#: small words inside a job title in other languages: "Jefe de Ventas", "Ingénieur d'études"
_FOREIGN_LINKS = frozenset({"de", "di", "du", "des", "del", "für", "d'", "y", "e", "et", "und", "la", "le", "el"})
#: a word for any talk in Italian and French, an interview only with a job word or a role beside it
_BARE_FOREIGN_INTERVIEW = lazy(r"(?:colloquio|entretiens?|entrevues?)", re.IGNORECASE)


def _bare_foreign_interview(title: str) -> str:
    """"Colloquio - Sviluppatore Backend", "Entretien : Développeur Python": the Italian or French
    word for a talk standing alone as a piece of the title beside a job title; the word, else ''.
    "Colloquio con i genitori", "Entretien chaudière - Technicien" and "Entrevue avec le
    notaire" name no job."""
    title = _STATUS_PREFIX.sub("", name_text(title))
    pieces = [p.strip(" -,.'\"") for p in _PIECES.split(title)]
    alone = next((p for p in pieces if _BARE_FOREIGN_INTERVIEW.fullmatch(p)), "")
    return alone if alone and role_in_foreign_title(title) else ""


def _role_head(word: str) -> bool:
    return is_role_word(word) or word.lower().endswith("person")


#: how far before a vacancy noun its title and what governs it are looked for (characters)
_LOOK_BACK = 200
#: what makes a titled vacancy the one the candidate is considered for: "for the Baker vacancy",
#: "about the Payroll Officer position", "applying to the … role"
_FOR_THE_JOB = frozenset(
    "for about regarding re concerning into as to apply applying applied interview interviewing consider "
    "considering considered discuss discussing fill filling".split())
#: what the candidate brings to a job or does about it: "your application for the … role"
_CANDIDATE_FOR = frozenset(
    "application applications candidacy interest suitability fit interview assessment trial visit call chat "
    "conversation".split())
#: a job that is someone's side of a deal: "the Project Manager role on our side"
_ONE_SIDE = lazy(r"^\s*on\s+(?:our|your|their|the\s+\w+(?:'s|’s)?)\s+side\b", re.IGNORECASE)


def _on_offer(before: list[str], after: str) -> bool:
    """Whether a titled vacancy noun ("… Office Manager role") is a job on offer by what
    governs it: the words ``before`` its title (its article aside) and the text ``after`` it.
    It stands alone ("Bioinformatician post.", "(Associate role, …)") or is what a talk or an
    application is for or about ("for the Baker vacancy"); not someone's side of a deal ("on
    our side"), not a job someone leaves ("from the outgoing …"), not what the candidate's
    own contract or requirements are for."""
    if _ONE_SIDE.match(after):
        return False
    rest = [t.lower().strip("\"'") for t in before]
    if rest and rest[-1] in _ARTICLES:
        rest.pop()
    if not rest or before[-1][-1:] in ".,;:!?)(" or before[-1].startswith("("):
        return True
    if rest[-1] not in _FOR_THE_JOB:
        return False
    if rest[-1] == "for" and len(rest) >= 3 and rest[-3] in {"your", "our", "my", "their"} \
            and rest[-2] not in _CANDIDATE_FOR:
        return False  # "your contract for the Senior Developer position"
    return True


def named_vacancy(text: str) -> str:
    """The job a text names as on offer ("for the Baker vacancy" -> "Baker", "about the
    Payroll Officer position" -> "Payroll Officer", "role of Staff Engineer", "die Stelle
    als Koch" -> "Koch", "le poste de cuisinier" -> "cuisinier"), or ''. The noun is
    singular and heads its phrase ("job fair" names no job), and the word beside it is a
    job title's head ("the payroll role" names no title)."""
    for m in _VACANCY.finditer(text):
        # the title and what governs it are a few words before the noun: a bounded look back
        # keeps a long text linear
        window = max(0, m.start() - _LOOK_BACK)
        tokens = text[window:m.start()].split()
        if window and tokens and not text[window - 1].isspace():
            tokens.pop(0)
        if not tokens or tokens[-1][-1:] in ".,;:!?" or not _role_head(tokens[-1].strip("(\"'")):
            continue
        first = tokens.pop()
        words = [first.strip("(\"'")]
        opened = first.startswith("(")
        while not opened and tokens and not tokens[-1][-1:] in ".,;:!?)" and len(words) < 6:
            w = tokens[-1]
            if w.startswith("("):
                words.insert(0, tokens.pop().lstrip("("))
                opened = True
                break
            if w[:1].isupper() or (w.lower() in _CONNECTORS - {"for"} and len(tokens) > 1 and tokens[-2][:1].isupper()):
                words.insert(0, tokens.pop())
            else:
                break
        while words and (words[0].lower() in _CONNECTORS | _ARTICLES or not words[0][:1].isalnum()):
            words.pop(0)
        if words and (opened or _on_offer(tokens, text[m.end():m.end() + _LOOK_BACK])):
            return " ".join(words)
    for m in _VACANCY_OF.finditer(text):
        tokens = text[m.end():m.end() + _LOOK_BACK].split()[:7]
        if tokens and tokens[0].lower() in _ARTICLES and m.group("p").lower() in {"of", "as"}:
            continue  # "the role of the new Support Engineer": the part someone plays, no job on offer
        while tokens and tokens[0].lower() in _ARTICLES:
            tokens.pop(0)
        if not tokens:
            continue
        words = []
        for w in tokens:
            bare = w.strip(",.;:!?()\"'")
            if not bare or words and not (bare[:1].isupper() or bare.lower() in {"of", "and", "&", "de", "del"}):
                break
            words.append(bare)
            if bare != w:
                break
        while words and words[-1].lower() in {"of", "and", "&", "de", "del"}:
            words.pop()
        if not words:
            continue
        preposition, noun = m.group("p").lower(), m.group("n").lower()
        english = noun in {"role", "post", "position", "vacancy", "job", "opening"} and preposition in {"of", "as"}
        if english and _role_head(words[-1]) and words[-1][:1].isupper():
            return " ".join(words)
        if preposition == "als" and words[0][:1].isupper():
            return " ".join(words)
        if not english and preposition in {"de", "d'", "como"} and (
                _role_head(words[0]) or len(words[0]) > 4 and _FOREIGN_ROLE_HEAD.search(words[0])):
            return " ".join(words)
    return ""


#: how an invite marks someone as coordinating the process rather than interviewing:
#: a name such as "Dana Whitfield (Recruiting Coordinator)"
_COORDINATOR_WORDS = lazy(
    r"\b(?:coordinator|coordinating|recruiter|recruiting|talent(?:\s+acquisition)?|scheduling|scheduler|"
    r"people\s+(?:ops|operations|team)|hr)\b",
    re.IGNORECASE,
)
#: a description line naming the coordinator: "Coordinator: Dana Whitfield", "Recruiter - dana@kestrel.example"
_COORDINATOR_LINE = lazy(
    r"^\s*(?:your\s+)?(?:recruiting\s+)?(?:coordinator|recruiter|point of contact|contact)\s*[:=-]\s*(?P<who>.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def coordinator(event: Event, people: list[Attendee]) -> Attendee | None:
    """The one of ``people`` (those who would be thanked) who coordinates the process
    instead of interviewing, or None: the organizer when they are only an optional
    attendee or their name says so ("(Recruiting Coordinator)"), or whoever a
    "Coordinator:" / "Recruiter:" line of the description names. Someone who would
    leave nobody to thank is an interviewer after all (a recruiter's phone screen)."""
    if len(people) < 2:
        return None
    for a in people:
        if coordinator_why(event, a):
            return a
    return None


def coordinator_why(event: Event, a: Attendee) -> str:
    """Why ``a`` coordinates ``event``, or "" when nothing on the invite says so."""
    organizer = event.organizer.email.lower() if event.organizer else ""
    if a.email.lower() == organizer:
        if a.optional:
            return "the organizer, only an optional attendee"
        name = _clean_name(a.name) or (_clean_name(event.organizer.name) if event.organizer else "")
        if _COORDINATOR_WORDS.search(name):
            return f"the organizer, named {name!r}"
    for line in _COORDINATOR_LINE.finditer(event.description):
        said = line.group("who").casefold()
        name = _clean_name(a.name).casefold()
        if a.email.lower() in said or (name and name in said):
            return f"the description says {line.group(0).strip()!r}"
    return ""


#: how calendars that set no CUTYPE name rooms and equipment
_ROOM_NAME = lazy(
    r"\b(?:room|conf(?:erence)?\s*room|meeting\s*room|boardroom|huddle|auditorium|projector|"
    r"equipment|resource|floor\s*\d+|bldg|building\s*\w+)\b",
    re.IGNORECASE,
)
#: a room code: "HQ-3", "B2-401", "NYC 12A"
_ROOM_CODE = lazy(r"^[A-Z]{1,4}\d?[- ]?\d+[A-Z]?(?:[- ]\d+)?$")
_ROOM_ADDRESS = lazy(r"^(?:room|rooms|conf|confroom|conference|meetingroom|resource|boardroom)[-._]", re.IGNORECASE)


def _looks_like_a_room(a: Attendee) -> bool:
    """A room or resource a calendar did not mark with CUTYPE, by its name or address
    ("Room 4B", "Conf Room - Floor 2", "room-4b@", "resource.acme.example")."""
    local, _, domain = a.email.partition("@")
    if _ROOM_ADDRESS.match(local) or domain.startswith(("resource.", "rooms.", "resources.")):
        return True
    name = _clean_name(a.name)
    staffed = re.match(r"^(?:the\s+)?(?P<who>[A-Za-z]+?)(?:s|['’]s?)\s+room$", name, re.IGNORECASE)
    if staffed and is_role_word(staffed.group("who")) and "room" not in local.lower():
        return False  # "Clerks Room <clerks@…>": the people of a room, a team's mailbox
        # ("Teachers Room <teachersroom@…>" is the room: its address says so)
    return bool(name) and (bool(_ROOM_NAME.search(name)) and len(name.split()) <= 6 or bool(_ROOM_CODE.match(name)))


def detect(events: Iterable[Event], config: Config) -> list[Detection]:
    """One verdict per event, in start order."""
    detector = Detector(config)
    return [detector.detect(e) for e in sorted(events, key=lambda e: (e.start, e.uid))]


def role_from_text(text: str, company: str = "", *, phrase_only: bool = False) -> str:
    """The role a title or a description names, or "".

    A phrase "for (the) X position/role" (X with a role word: engineer, analyst, ...)
    wins; otherwise, unless ``phrase_only``, the piece of the title between its
    separators that has a role word, without the interview words around it
    ("Senior Data Engineer - Virtual Onsite" -> "Senior Data Engineer")."""
    text = name_text(text) if "\n" not in text else text
    for m in _ROLE_PHRASE.finditer(text):
        role = _trim_role(m.group("r"), company)
        if role:
            return role
    if phrase_only:
        return ""
    title = _STATUS_PREFIX.sub("", _CANCELLED_TITLE.sub("", text))
    for piece in _PIECES.split(title):
        role = _trim_role(piece, company)
        if role:
            return role
    return ""


def role_in_foreign_title(title: str, company: str = "") -> str:
    """The role a title in another language names by its head word's ending, or ''."""
    title = _STATUS_PREFIX.sub("", _CANCELLED_TITLE.sub("", name_text(title)))
    if _FOREIGN_INTERVIEW.search(title):
        # a title in another language names the job by its head word's ending: "Ingeniera de Procesos",
        # "Analista de Datos", "Projektingenieur (m/w/d)"
        for piece in _PIECES.split(title):
            piece = _FOREIGN_INTERVIEW.sub("", piece)  # "Entretien d'embauche": the interview words, no role
            words = [x for x in piece.strip(" -,.'\"").split() if x.lower() not in _GENERIC]
            if not words or len(words) > 6 or company and company.casefold() in piece.casefold():
                continue
            head = words[0].lower()
            # a job title heads its piece: "Ingeniera de Procesos", "Développeur Python", "Projektleiter Bau"
            if (_FOREIGN_ROLE_HEAD.search(head) or is_role_word(head)) and len(head) > 4 and words[0][:1].isupper() \
                    and (len(words) == 1 or words[1].lower() in _FOREIGN_LINKS
                         or all(x[:1].isupper() or x.lower() in _FOREIGN_LINKS for x in words)):
                return " ".join(words)
    return ""


_FOREIGN_INTERVIEW = lazy(r"\b(?:entrevistas?|entretiens?|entrevues?|vorstellungsgespr\w*|bewerbungsgespr\w*|colloquio|"
                          r"sollicitatiegesprek)\b", re.IGNORECASE)


def _called_a_post(event: Event) -> str:
    """A word of the title that the description calls the post ("Interview day (SENCo)" and
    "for the SENCo post"): the role, or ''."""
    for m in re.finditer(rf"\b(?:the|a|an)\s+(?P<r>[A-Z][\w&/-]*(?:\s+[A-Z][\w&/-]*){{0,4}})\s+{_VACANCY_NOUN}\b",
                         event.description[:2000]):
        if re.search(rf"(?<!\w){re.escape(m.group('r'))}(?!\w)", event.summary):
            return m.group("r")
    return ""


def role_in_description(text: str, company: str = "") -> str:
    """The role a description names in a sentence about the interview or the company, by the
    pieces a title has ("Loan Officer interview.", "Benítez Legal Aid Society - Staff Attorney,
    Housing Unit."); '' when no such sentence names one."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text[:2000]):
        if not (_INTERVIEW_WORD.search(sentence) or company and company.casefold() in sentence.casefold()):
            continue
        for piece in _PIECES.split(sentence):
            role = _trim_role(piece, company)
            if role:
                return role
    return ""


#: a run of capitalised words with the small words a name may hold ("Fairlie & Sons Joinery",
#: "Orchard Valley Unified School District", "Colegio de San José")
_NAME_RUN = lazy(r"[^\W\d_][\w'’&.-]*(?:\s+(?:&|and|of|de|del|la|le|du|des|der|für|the|[^\W\d_][\w'’&.-]*))*")


_NAME_JOINS = frozenset("& and of de del la le du des der für the".split())


def company_in_text(text: str, domain: str) -> str:
    """The name in ``text`` of the company at ``domain`` (``names_domain``): the longest run of
    capitalised words, from any of its capitalised words on, that the domain spells; else ''."""
    if not domain or not text:
        return ""
    for m in _NAME_RUN.finditer(text[:2000]):
        words = m.group(0).split()
        for start, first in enumerate(words):
            if not first[:1].isupper():
                continue
            run = words[start:start + 8]
            small = next((i for i, x in enumerate(run) if not x[:1].isupper() and x.lower() not in _NAME_JOINS), len(run))
            run = run[:small]
            for end in range(len(run), 1, -1):  # the longest that the domain spells
                if not run[end - 1][:1].isupper() or any(w.endswith(".") and len(w) > 3 for w in run[:end - 1]):
                    continue  # a name ends in a capitalised word and holds no sentence's end
                name = " ".join(run[:end]).rstrip(".")
                if names_domain(name, domain):
                    return name
    return ""


def _trim_role(piece: str, company: str) -> str:
    """``piece`` without the interview words at its ends, when what is left names a role."""
    words = piece.strip(" -,.'\"").split()
    while words and words[0].lower() in _GENERIC | _ROLE_NOISE:
        words.pop(0)
    while words and words[-1].lower() in (_GENERIC - {"manager"}) | _ROLE_NOISE:
        words.pop()
    role = " ".join(words)
    if not role or len(words) > 8 or role.casefold() == company.casefold():
        return ""
    if company and company.casefold() in role.casefold():
        return ""
    if not any(is_role_word(w) for w in words if w.lower().strip(",()") not in
               {"role", "position", "senior", "junior", "staff", "principal"}):
        return ""
    return role


#: job titles' head nouns beyond the software ones in ``_ROLE_WORDS``
_MORE_ROLE_WORDS = {
    "nurse", "teacher", "attorney", "associate", "manager", "chef", "librarian", "technician", "tech", "editor",
    "adjuster", "planner", "pharmacist", "hygienist", "worker", "advisor", "adviser", "negotiator", "supervisor",
    "operator", "electrician", "installer", "caseworker", "producer", "copywriter", "scheduler", "dispatcher",
    "clerk", "paralegal", "aquarist", "distiller", "practitioner", "postdoc", "leader", "educator", "counsel",
    "accountant", "auditor", "senior", "sister", "midwife", "therapist", "assistant", "receptionist", "cook",
    "baker", "barista", "driver", "mechanic", "plumber", "carpenter", "electrician", "paramedic", "physician",
    "doctor", "surgeon", "dentist", "vet", "agent", "representative", "rep", "partner", "hrbp", "controller",
    "buyer", "merchandiser", "curator", "archivist", "registrar", "fellow", "lecturer", "professor", "tutor",
    "coach", "trainer", "instructor", "pilot", "engineer", "inspector", "surveyor", "estimator", "foreman",
    "rn", "np", "lpn", "cna", "gm", "cto", "cfo", "ceo", "coo", "hm", "head", "chief", "editor", "writer",
    "apprentice", "trainee", "graduate", "solicitor", "barrister", "navigator", "steward", "porter",
}
_NOT_ROLES = {"water", "center", "centre", "river", "silver", "tower", "power", "harbor", "harbour", "after",
              "winter", "summer", "border", "corner", "order", "paper", "copper", "timber", "chamber", "cluster",
              "monitor", "sector", "anchor", "motor", "vector", "interior", "senior", "labor", "labour", "color",
              "colour", "floor", "door", "spider", "finger", "silver", "amber", "member", "number", "master"}


def is_role_word(word: str) -> bool:
    """Whether ``word`` can head a job title: "Engineer", "Nurse", "Negotiator", "Aquarist"."""
    w = word.lower().strip(",.()'\"")
    if w in _ROLE_WORDS or w in _MORE_ROLE_WORDS:
        return True
    return len(w) > 5 and w not in _NOT_ROLES and bool(re.search(r"(?:[^e]er|or|ist|ian)$", w))


#: words around a role in a title or a tracking system's text that are not part of it
_ROLE_NOISE = {"role", "position", "job", "opening", "interview", "interviews", "for", "the", "a", "an",
               "with", "at", "our", "your", "remote", "hybrid", "(remote)", "vacancy", "req", "applying", "applied",
               "application", "to", "thanks", "thank", "you"}


def _clean_name(name: str) -> str:
    """Calendar text is untrusted: its first line only, no control characters, single spaces."""
    return name_text(name).strip('"').strip()


_ASIDE = lazy(r"\s*\(([^()]{1,40})\)")


def without_asides(name: str) -> str:
    """A person's name without what the invite says of them in brackets: their post or
    standing ("Mrs Hilary Odum (Headteacher)", "Prof. Adwoa Sarpong-Kumi (Chair)", "Sqn Ldr
    (ret.) Alistair Munro"), words the lexicon knows, compounds of them, abbreviations and
    acronyms. A name in brackets, a word no lexicon lists ("Wei Zhang (David)"), stays."""
    def aside(m: re.Match) -> str:
        words = re.findall(r"[^\W\d_][\w'’-]*\.?", m.group(1))
        if words and all(_a_name(w) for w in words):
            return m.group(0)
        return ""

    kept = " ".join(_ASIDE.sub(aside, name).split())
    return kept or name


def _a_name(word: str) -> bool:
    if word.endswith(".") or not word[:1].isupper() or sum(c.isupper() for c in word) > 1 or len(word) < 3:
        return False
    from mailflow.lexicon import lexicon

    lower = word.lower()
    if lexicon().getAllLemmas(lower):
        return False
    return not any(lexicon().getAllLemmas(lower[:i]) and lexicon().getAllLemmas(lower[i:])
                   for i in range(3, len(lower) - 2))


def name_from_address(email: str) -> str:
    """'jane.o-brien@x' -> 'Jane O-Brien'; a last resort, reported as a warning."""
    local = email.split("@")[0].split("+")[0]
    parts = [p for p in re.split(r"[._]+", local) if p and not p.isdigit()]
    return " ".join(p[:1].upper() + p[1:] for p in parts) or local


def company_from_domain(domain: str) -> str:
    """'acme-robotics.co.uk' -> 'Acme Robotics'."""
    labels = domain.lower().split(".")
    if len(labels) >= 3 and labels[-2] in _TWO_PART_SUFFIXES and len(labels[-1]) == 2:
        labels = labels[:-2]
    else:
        labels = labels[:-1]
    name = labels[-1] if labels else domain
    return " ".join(w.capitalize() for w in re.split(r"[-_]+", name) if w)


def names_domain(piece: str, domain: str) -> bool:
    """Whether ``piece`` of a title is the name of the company at ``domain``: the name
    squashed starts as the domain's label does ("Blue Heron Ambulance Service" for
    blueheronems.example), or the label is some of the name's words in order, the
    first always, "&" read as "and" ("Weft & Warp Textiles" for weftandwarp.example,
    "Harmon Street Pharmacy" for harmonpharmacy.example)."""
    if not piece.isascii():  # "Kōwhai Kura" for kowhaikura.example; "Brückner" for brueckner… or bruckner…
        # what has no ASCII form after folding ("Встреча", an emoji) is left out, so this
        # never calls itself on a text that is still not ASCII
        german = piece.translate(_GERMAN)
        return any(names_domain(folded.encode("ascii", "ignore").decode(), domain)
                   for folded in dict.fromkeys((_unaccented(piece), _unaccented(german))))
    label = re.sub(r"[^a-z0-9]", "", domain.split(".")[0].lower()) if domain else ""
    squashed = re.sub(r"[^a-z0-9]", "", piece.lower())
    if not label or not squashed:
        return False
    if squashed.startswith(label[:max(4, len(label) - 4)]):
        return True
    words = [w for w in (re.sub(r"[^a-z0-9]", "", w) for w in
                         re.sub(r"&", " and ", piece.lower().replace("'s ", " ")).split()) if w]

    def built(rest: str, i: int, first: bool) -> bool:
        if not rest:
            return True
        for j in range(i, len(words) if not first else min(i + 1, len(words))):
            w = words[j]
            if rest.startswith(w) and built(rest[len(w):], j + 1, False):
                return True
            if not first and len(rest) >= 3 and w.startswith(rest):  # the last word clipped
                return True
        return False

    if len(words) > 1 and len(label) >= 4 and built(label, 0, True):
        return True
    # the label is the name's initials, or its first word and the initials of the rest: "ovusd" for
    # "Orchard Valley Unified School District", "ridgelinecc" for "Ridgeline Community College"
    initials = "".join(w[0] for w in words)
    if len(words) >= 3 and label == initials:
        return True
    return len(words) >= 3 and len(words[0]) >= 4 and label == words[0] + initials[1:]


_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def _unaccented(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def company_in_title(title: str, domain: str) -> str:
    """The piece of ``title`` (cut at its separators) that names the company of
    ``domain``, when the rest says what the event is in common words ("meet the
    partners", "mill visit", "Follow-up call") and names no one else ("Kilnworks
    Studio <> Northwind" is two companies meeting); else ''."""
    title = _STATUS_PREFIX.sub("", _clean_name(title))
    pieces = [p.strip(" -,.'\"") for p in _PIECES.split(title)]
    pieces = [p for p in pieces if p]
    if len(pieces) < 2:
        return ""
    for i, piece in enumerate(pieces):
        if names_domain(piece, domain):
            rest = [w for j, other in enumerate(pieces) if j != i for w in other.split()[1:]]
            firsts = [other.split()[0] for j, other in enumerate(pieces) if j != i]
            if any(w[:1].isupper() for w in rest) or not any(w[:1].islower() for w in rest + firsts):
                return ""
            return re.sub(r"^the\s+", "", piece, flags=re.IGNORECASE)
    return ""


@lru_cache(maxsize=4096)
def company_beside_role(title: str, domain: str) -> str:
    """In a title of the shape "Company <> Role" or "Company - Role (City)", with no
    interview word, the piece that names the company of ``domain`` (the invited people's
    domain), when another piece names a role; else ''."""
    pieces = [p.strip(" -,.'\"") for p in _PIECES.split(title)]
    pieces = [p for p in pieces if p]
    if not domain or len(pieces) < 2:
        return ""
    for i, piece in enumerate(pieces):
        if names_domain(piece, domain) and not is_role_word(piece.split()[-1]):
            if any(role_from_text(other, piece) for j, other in enumerate(pieces) if j != i):
                return re.sub(r"^the\s+", "", piece, flags=re.IGNORECASE)
    return ""


#: a grade or level after a job title: "II", "iv", "2", "(m/w/d)"
_GRADE = lazy(r"\(?(?:i{1,3}|iv|v|vi{1,3}|\d{1,2}|[mwfhd](?:/[mwfhd]){1,3})\)?", re.IGNORECASE)
_ORDINAL = lazy(r"\d+(?:st|nd|rd|th)|\d+", re.IGNORECASE)


def company_from_title(title: str, people_names: set[str] = frozenset(), domain: str = "") -> str:
    """The company named in an interview title, or ''.

    The title is cut at its separators ("Acme — Onsite", "Interview: SRE at Acme",
    "[Acme] Technical interview", "Zoom: Acme / Alex - recruiter call"); pieces
    that are interview words, people (``people_names``, lower-case), roles, tools
    or durations are dropped. Of what is left, the piece that matches ``domain``
    wins, else the first. A title with no interview word names no company.
    """
    title = _clean_name(title)
    while (stripped := _STATUS_PREFIX.sub("", _CANCELLED_TITLE.sub("", title))) != title:
        title = stripped
    if not _INTERVIEW_WORD.search(title):
        return company_beside_role(title, domain) or company_in_title(title, domain)
    candidates = []
    for piece in _PIECES.split(title):
        piece = piece.strip(" -,.'\"")
        words = piece.lower().split()
        if not words or piece.lower() in people_names or piece.lower() in ("me", "you", "us"):
            continue
        kept = [w for w in piece.split() if w.lower() not in _GENERIC]
        if len(kept) != len(words):  # "Stripe Interview": the interview words go, the name stays
            piece = " ".join(kept)
            words = piece.lower().split()
        # a piece that names the invited people's company is the company even when it ends as
        # a role does ("Strathmore Civil Engineering", "Riverside County Public Defender")
        # a name is capitalised: small words at its ends ("JATC oral") are not part of it
        kept = piece.split()
        while kept and kept[0].islower():
            kept.pop(0)
        while kept and kept[-1].islower():
            kept.pop()
        piece = " ".join(kept)
        words = piece.lower().split()
        # a grade after a job title is still a job title ("Epidemiologist II", "Engineer 2")
        head = [w for w in words if not _GRADE.fullmatch(w)]
        role_like = bool(head) and (is_role_word(head[-1]) or bool(domain) and bool(_FOREIGN_ROLE_HEAD.search(head[-1]))) \
            and not (domain and names_domain(piece, domain))
        if (not words or piece.lower() in people_names or role_like or set(words) <= _TOOLS
                or _DURATION.fullmatch(piece) or len(piece) > 60 or not any(w[:1].isalpha() for w in words)
                or all(_GRADE.fullmatch(w) or _ORDINAL.fullmatch(w) for w in words)):
            continue
        candidates.append(re.sub(r"^the\s+", "", piece, flags=re.IGNORECASE))
    label = re.sub(r"[^a-z0-9]", "", domain.split(".")[0].lower()) if domain else ""
    for candidate in candidates:
        if label and re.sub(r"[^a-z0-9]", "", candidate.lower()).startswith(label[:max(4, len(label) - 4)]):
            return candidate
    return candidates[0] if candidates else ""
