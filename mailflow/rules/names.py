"""How a person is greeted: the given name, read the way the invite writes the name. Pure.

Names come in two orders. "Marcus O'Neill" is given name first; "Nguyễn Thị Lan" is
family name first, and a note greets her "Lan". mailflow never guesses the order
from where a name seems to come from; it takes it from what the invite says:

- a word written in capitals is the family name, as many directories and
  international forms write it ("NGUYEN Thi Lan", "Lan NGUYEN");
- the address orders the same words ("lan.nguyen@" for "Nguyễn Thị Lan": the
  given name comes first in the address, so the name is written family name first;
  "lnguyen@" says the same with an initial).

A ``[people."address"] greeting`` in the config always wins.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from mailflow.patterns import lazy

#: titles that greet with the family name ("Dr. Mensah")
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "rev", "revd", "fr", "sgt", "capt", "cpt",
          "lt", "col", "maj", "cr", "cllr", "councillor", "judge", "matron", "rabbi", "imam", "pastor", "hon",
          "insp", "supt", "det", "ds", "dci", "dsi"}
#: styles written before a name that are not said in a greeting ("Hon. Rosalyn Whitaker" is greeted "Rosalyn")
STYLES = {"hon", "rt", "honourable", "honorable"}
#: the particles of family names, which stay with the name after them ("Ní Dhomhnaill", "Mac an t-Saoir",
#: "van den Berg"); a word in lower case inside a name is one by its shape
PARTICLES = frozenset("ap ab van von der den de del della da di du dos das le la ní nic ó ua uí mac mhic bin binti "
                      "ibn al el ter ten te".split())
#: titles that go with the given name ("Sir Geoffrey", "Dame Judi")
GIVEN_TITLES = {"sir", "dame"}
#: an aside in brackets inside a name
_ASIDE = lazy(r"\s*\([^()]{0,40}\)\s*")
#: letters after a name, never part of how it is greeted ("KC", "RN", "PhD")
_POSTNOMINAL = lazy(r"(?:,\s*|\s+)(?:[A-Z]{2,5}|Ph\.?D|M\.?D|Esq\.?|Jr\.?|Sr\.?|QC|KC|MBE|OBE|CBE)"
                          r"(?:\s*,?\s*(?:[A-Z]{2,5}|PhD|MD))*\s*$|\s*\([^)]*\)\s*$")


def fold(text: str) -> str:
    """Lower case, accents dropped, letters only: "Nguyễn" -> "nguyen", "O'Neill" -> "oneill"."""
    if text.isascii():  # nothing to decompose
        return "".join(c for c in text if c.isalnum()).lower()
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c)).lower()


@dataclass(frozen=True)
class Name:
    """A name split the way a note needs it: ``given`` greets informally,
    ``family`` goes after a title, ``title`` is "Dr." and the like (or "")."""

    full: str
    given: str
    family: str
    title: str = ""
    family_first: bool = False

    @property
    def greeting(self) -> str:
        """How a note greets them: a title with the family name, else the given name (a
        style such as "Hon." is not said in a greeting). A rank of two words is said with the
        whole name, as the invite writes it ("Sqn Ldr Priya Raman")."""
        if self.title and " " in self.title and self.given and self.family:
            return f"{self.title} {self.given} {self.family}"
        if self.title and self.family and self.title.rstrip(".").lower() not in STYLES:
            return f"{self.title} {self.family}"
        return self.given or self.full


def read_name(name: str, email: str = "") -> Name:
    """Split ``name`` (as on the invite) into its parts; ``email`` tells the order
    when the name alone does not (see the module docstring)."""
    name = " ".join(name.split())
    while True:  # "Grace Mwangi, RN", "Sir Geoffrey Alcott KC", "Dana Whitfield (Principal)"
        stripped = _POSTNOMINAL.sub("", name).strip()
        if stripped == name or not stripped:
            break
        name = stripped
    # an aside inside the name is no part of it: "Sqn Ldr (ret.) Alistair Munro", "Wg Cdr (retd) Tom Ellery"
    name = " ".join(_ASIDE.sub(" ", name).split()) or name
    if "," in name:  # "Lima, Ana", as directories write it
        last, _, first = name.partition(",")
        name = f"{first.strip()} {last.strip()}".strip()
    words = name.split()
    title = ""
    if len(words) > 1 and words[0].rstrip(".").lower() in GIVEN_TITLES:
        return Name(name, f"{words[0]} {words[1]}", words[-1] if len(words) > 2 else "", "")
    if len(words) > 1 and _is_title(words[0], words[1:], email):
        title, words = words[0], words[1:]
        # a rank of two words: "Sqn Ldr Priya Raman", "Wg Cdr Tom Ellery", "Lt Col Ada Marsh"
        while len(words) > 2 and _is_title(words[0], words[1:], email) and not _spelled(words[0], email):
            title, words = f"{title} {words[0]}", words[1:]
    if not words:
        local = email.split("@")[0]
        return Name(name or local, local, "", title)
    if len(words) == 1:
        return Name(name, words[0], words[0], title)
    if _family_first(words, email):
        return Name(name, _given_case(words[-1]), _given_case(words[0]), title, True)
    split = _split_by_address(words, email)
    if split:
        given, family = split
        return Name(name, " ".join(given), " ".join(family), title)
    start = _family_start(words)
    return Name(name, _given_case(words[0]), " ".join(_given_case(w) for w in words[start:]), title)


def _family_start(words: list[str]) -> int:
    """Where the family name starts in a name written given name first: its last word,
    with the particles before it ("Niamh Ní Dhomhnaill", "Alasdair Mac an t-Saoir")."""
    start = len(words) - 1
    while start > 1 and (words[start - 1].lower() in PARTICLES or words[start - 1].islower()):
        start -= 1
    return start


def _split_by_address(words: list[str], email: str) -> tuple[list[str], list[str]] | None:
    """(given, family) when the address spells where one ends and the other starts:
    "fatima.elidrissi@" for "Fatima Zahra El Idrissi" (the family name's words joined),
    "mariajose@" for "María José Albarrán" and "ja.ruiz@" for "José Antonio Ruiz" (the
    given name's words joined, or their initials). None when the address says no more
    than the name's first and last word (a middle name, as in "mary.watson@" for "Mary
    Jane Watson", is not known from a second given name)."""
    local = email.split("@")[0].split("+")[0].lower()
    parts = [part for part in map(fold, _ADDRESS_PARTS.split(local)) if part]
    if len(words) < 3 or not parts or len(parts) > 2:
        return None
    for cut in range(1, len(words)):
        given, family = words[:cut], words[cut:]
        joined_given = fold("".join(given))
        initials = "".join(fold(g)[:1] for g in given)
        if len(parts) == 2 and parts[1] == fold("".join(family)):
            if fold(given[0]) == parts[0] and len(family) > 1:
                return given, family
            if len(given) > 1 and parts[0] in (joined_given, initials):
                return given, family
        if len(parts) == 1 and len(given) > 1 and parts[0] == joined_given:
            return given, family
    return None


def _is_title(word: str, rest: list[str], email: str) -> bool:
    """Whether ``word``, first before ``rest``, is a rank or title rather than a name:
    one of ``TITLES``, or, before a given and a family name, by its shape: an
    abbreviation of two letters or more ("Insp.", "Supt.", "Det.") or two to four
    capitals that the address does not spell ("DS", "DCI", "PC"; not the "AJ" of
    aj.patel@, nor a family name written first in capitals, "LEE Min-ho", of minho.lee@)."""
    bare = word.rstrip(".")
    if bare.lower() in TITLES:
        return True
    if len(rest) < 2 or not bare.isalpha():
        return False
    if word.endswith(".") and len(bare) >= 2 and not bare.isupper():
        return True
    local = fold(email.split("@")[0])
    if 2 <= len(bare) <= 4 and bare.isupper() and fold(bare) not in local:
        return True
    # an abbreviation with no vowel, written with a capital ("Sqn", "Ldr", "Cdr", "Wg", "Pte"),
    # that the address does not spell ("Ng" of ng.wei@ is a name)
    if 2 <= len(bare) <= 4 and bare[0].isupper() and not re.search(r"[aeiouyAEIOUY]", bare) and fold(bare) not in local:
        return True
    # a common noun before a given and a family name that the address spells without it: a title
    # or an office, not a given name ("Dean Marcus Whitehorse <mwhitehorse@>", "Sister Bernadette
    # Ní Bhriain <b.nibhriain@>", "Principal Dolores Huerta-Vance <dhuertavance@>")
    return (bare[:1].isupper() and bool(local) and not _spelled(bare, email)
            and (_spelled(rest[0], email, whole=True) or _spelled(rest[0], email) and _spelled(rest[-1], email, whole=True))
            and _is_common_noun(bare))


def _spelled(word: str, email: str, whole: bool = False) -> bool:
    """Whether the address's local part spells ``word``: whole, or (unless ``whole``) by its
    initial at the start ("mwhitehorse@" spells "Marcus")."""
    local = fold(email.split("@")[0].split("+")[0])
    w = fold(word)
    if not w or not local:
        return False
    return w in local or not whole and local.startswith(w[0]) and len(local) > len(w[0])


def _is_common_noun(word: str) -> bool:
    """A word LemmInflect's lexicon, which lists common words only, knows as a noun."""
    from mailflow.lexicon import lexicon

    return "NOUN" in lexicon().getAllLemmas(word.lower())


def greeting_name(name: str, email: str = "", greeting: str = "") -> str:
    """What follows "Dear": ``greeting`` when configured, else ``read_name(...).greeting``."""
    return greeting.strip() or read_name(name, email).greeting


#: what separates the parts of an address's local part ("lan.nguyen", "lan_nguyen")
_ADDRESS_PARTS = lazy(r"[._-]+")


def _family_first(words: list[str], email: str) -> bool:
    capitals = [i for i, w in enumerate(words) if _all_capitals(w)]
    if len(capitals) == 1 and len(capitals) < len(words):
        return capitals[0] == 0
    first, last = fold(words[0]), fold(words[-1])
    if not first or not last or first == last:
        return False
    local = email.split("@")[0].split("+")[0].lower()
    parts = [part for part in map(fold, _ADDRESS_PARTS.split(local)) if part]
    if len(parts) >= 2:
        # "s.watanabe@" for "Watanabe Sakura", "jw.park@" for "Park Jae-won": the given name
        # (or its initials) first in the address, the family name last
        initials = "".join(fold(p)[:1] for p in re.split(r"[-\s]+", words[-1]) if fold(p))
        return parts[0] in (last, initials) and parts[-1] == first
    if len(parts) == 1:
        return parts[0] in (last + first, last[0] + first) and parts[0] not in (first + last, first[0] + last)
    return False


def _all_capitals(word: str) -> bool:
    if word.islower():  # a lower-case letter in it
        return False
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _given_case(word: str) -> str:
    """A name written in capitals as the family name is greeted in ordinary case."""
    if _all_capitals(word):
        return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))
    return word


#: mailboxes a team reads, greeted as the team ("Dear Pinecrest Mechanical team,")
ROLE_MAILBOXES = lazy(
    r"^(?:jobs?|careers?|office|recruit(?:ing|ment|er|ers)?|talent(?:[._-]?acquisition)?|hr|hiring|people|"
    r"resourcing|staffing|admin|info|hello|contact|team|apply|applications?|employment|personnel|vacancies)"
    r"(?:[._+-].*)?@", re.IGNORECASE)


def is_role_mailbox(email: str) -> bool:
    """A mailbox a team or an office reads: one of ``ROLE_MAILBOXES``, or a local part that
    names a function by its form (``is_function_name``): training@, reception@,
    graduate.recruitment@, facultyaffairs@, recrutement@."""
    email = email.strip()
    if ROLE_MAILBOXES.match(email):
        return True
    local = email.split("@")[0].split("+")[0].lower() if "@" in email else ""
    return bool(local) and is_function_name(_ADDRESS_PARTS.split(local))


def _job_head(word: str) -> bool:
    from mailflow.rules.detect import _MORE_ROLE_WORDS, _ROLE_WORDS

    return word in _ROLE_WORDS or word in _MORE_ROLE_WORDS


#: the endings of agent nouns ("direct-or", "manag-er", "assist-ant", "secret-ary", "librar-ian")
_AGENT_ENDINGS = ("ary", "ian", "ant", "ent", "ist", "er", "or", "ar")


def _syllables(word: str) -> int:
    count = len(re.findall(r"[aeiouy]+", word))
    return count - 1 if count > 1 and word.endswith("e") and not word.endswith("le") else count


def is_post(word: str) -> bool:
    """Whether ``word`` names an administrative post by its form, as a display name's head or
    an address: a job's head written as an abbreviation (pm@, gm@), or a noun the lexicon knows
    that is an agent noun built on a word of two syllables or more ("direct-or", "manag-er",
    "offic-er", "coordinat-or", "assist-ant", "secret-ary", "librar-ian"; "registrar" by its
    length). A trade named by a one-syllable root or by no root at all ("Baker", "Turner",
    "Hunter", "Miller", "Cook", "Carpenter", "Mason", "Steward", "Smith") is no post: those
    trades are also common family names, and "Grace Baker <baker@>" is a person."""
    w = word.lower().strip(".,'")
    if not w.isalpha():
        return False
    if len(w) <= 4 and _job_head(w) and not _lemmas(w):
        return True  # an abbreviation of a post: "pm", "gm", "vp"
    if "NOUN" not in _lemmas(w):
        return False
    for ending in _AGENT_ENDINGS:
        if not w.endswith(ending) or len(w) - len(ending) < 3:
            continue
        stem = w[: -len(ending)]
        stems = {stem, stem + "e", stem + "y", stem[:-1] + "y"}
        if len(stem) > 3 and stem[-1] == stem[-2]:
            stems.add(stem[:-1])  # "controll-er"
        if any(_lemmas(s) and _syllables(s) >= 2 for s in stems):
            return True
        if ending in ("ar", "ary") and _syllables(w) >= 3:
            return True  # "registrar"
    return False


def is_activity(word: str) -> bool:
    """Whether ``word`` names an activity: a gerund ("Training", "Recruiting") or a noun made
    from a verb by -ment, -tion or -sion ("Recruitment", "Admissions"). A given name that is
    a word ("Grace", "Sterling") is none of these."""
    w = word.lower()
    if not w.isalpha() or len(w) < 6:
        return False
    if w.endswith("ing"):
        return any(len(v) >= 4 and v != w for v in _lemmas(w).get("VERB", ()))
    return bool(re.fullmatch(r"[a-z]{3,}(?:ment|tion|sion)s?", w))


def _lemmas(word: str) -> dict:
    from mailflow.lexicon import lexicon

    return dict(lexicon().getAllLemmas(word)) if len(word) > 1 else {}


#: endings of nouns made from verbs and adjectives, that name an activity or an office
_NOMINAL = lazy(r"[a-z]{3,}(?:ment|tion|sion|ancy|ency|ship)s?")


def is_function_name(words: list[str]) -> bool:
    """Whether ``words`` (of an address's local part or a display name) name a function, not a
    person: each a word the lexicon knows or a compound of two such words ("frontdesk"), and
    the last one, which heads the phrase, the name of an activity (a gerund: "training",
    "volunteering"), a plural ("graduates", "admissions", "affairs") or a noun made from a verb
    ("recruitment", "reception", "tenancy"; "recrutement" by its ending). A given name that is a
    word ("Grace", "Mark") is none of these."""
    words = [w for w in (re.sub(r"\d+", "", w).lower() for w in words) if w]
    if not words or len(words) > 4 or any(not w.isalpha() or not w.isascii() for w in words):
        return False
    from mailflow.lexicon import lexicon

    def known(word: str) -> dict:
        return dict(lexicon().getAllLemmas(word)) if len(word) > 2 else {}

    def compound(word: str) -> tuple[str, str] | None:
        for cut in range(4, len(word) - 3):
            head, tail = word[:cut], word[cut:]
            if known(head) and "NOUN" in known(tail):
                return head, tail
        return None

    head, joined = words[-1], len(words) == 1
    if joined and is_post(head):
        return True  # the mailbox of a post: director@, manager@, pm@ (not baker@ nor turner@: is_post)
    for w in words[:-1]:
        if not known(w) and not _NOMINAL.fullmatch(w):
            return False
    found = known(head)
    if not found and len(words) == 1:
        parts = compound(head)
        if parts:
            head, found = parts[1], known(parts[1])
    if _NOMINAL.fullmatch(head):
        return True
    if not found and head.endswith("s") and known(head[:-1]):
        head, found, joined = head[:-1], known(head[:-1]), True  # "lettings": activities, as a plural
    if not found:
        return False
    nouns = found.get("NOUN", ())
    if joined and head.endswith("s") and nouns and head != nouns[0]:
        return True  # a plural, alone in the address: "graduates", "facultyaffairs" (not jade.brooks@)
    verbs = found.get("VERB", ())
    return head.endswith("ing") and any(v != head for v in verbs)  # "training", not "king"
