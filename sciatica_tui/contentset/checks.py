"""Cross-checks over a whole content set, after each file has been validated.

- every question id a condition names exists, and its options exist;
- a condition's test fits the question's type (is/in for choices, has for
  multiple choice, gt/lt for numbers);
- a question's "when" only looks at questions asked before it;
- every source code exists (locales' too); every shipped language is complete;
- the four dispositions are all there, once each;
- text uses only known {placeholders}; locales.toml has one international
  entry and names each country once;
- every red flag can be triggered and every question can be reached by some
  answers (found by a constructive search and confirmed with the engine);
- every red flag belongs to exactly one concern group (concerns.toml), and every
  flag a group names exists.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from ..core.conditions import AllOf, AnswerCondition, AnyOf, AtLeast, NotOf, leaves
from ..core.conditions import question_ids as leaf_ids
from ..core.content import TIERS, Content, Item, Question
from ..core.i18n import DEFAULT_LOCALE, LOCALE_PLACEHOLDERS, UI_FIELDS, UI_KEYS
from .problems import Problem

Literal_ = tuple[AnswerCondition, bool]
_DNF_LIMIT = 512


def cross_check(content: Content) -> list[Problem]:
    problems: list[Problem] = []
    problems += _check_conditions(content)
    if problems:  # the searches below need sound conditions
        return problems
    problems += _check_sources(content)
    problems += _check_unsure(content)
    problems += _check_dispositions(content)
    problems += _check_ui(content)
    problems += _check_translations(content)
    problems += _check_placeholders(content)
    problems += _check_locales(content)
    problems += _check_reachable(content)
    problems += _check_samples(content)
    problems += _check_triggers(content)
    problems += _check_concerns(content)
    problems += _check_groups(content)
    return problems


def _conditions(content: Content) -> Iterator[tuple[str, str, str, Any]]:
    """(file, item label, field, condition) for every condition in the content."""
    for q in content.questions:
        if q.when is not None:
            yield "questions.toml", f'question "{q.id}"', "when", q.when
    for f in content.red_flags:
        yield "red_flags.toml", f'red_flag "{f.id}"', "when", f.when
    for c in content.causes:
        if c.applies_if is not None:
            yield "causes.toml", f'cause "{c.id}"', "applies_if", c.applies_if
        if c.needs is not None:
            yield "causes.toml", f'cause "{c.id}"', "needs", c.needs
        for i, e in enumerate(c.evidence):
            yield "causes.toml", f'cause "{c.id}"', f"evidence[{i}].when", e.when
    for s in content.first_steps:
        if s.offer_if is not None:
            yield "first_steps.toml", f'first_step "{s.id}"', "offer_if", s.offer_if
        for i, a in enumerate(s.avoid_if):
            yield "first_steps.toml", f'first_step "{s.id}"', f"avoid_if[{i}].when", a.when
    for r in content.rules:
        yield "rules.toml", f'rule "{r.id}"', "when", r.when


_KIND_FITS = {
    "choice": ("yes_no_unsure", "single"),
    "multi": ("multi",),
    "number": ("scale", "number"),
    "answered": ("yes_no_unsure", "single", "multi", "scale", "number"),
}


def _check_conditions(content: Content) -> list[Problem]:
    problems = []
    order = {q.id: i for i, q in enumerate(content.questions)}
    for file, item, field, cond in _conditions(content):
        for leaf in leaves(cond):
            if not content.has_question(leaf.q):
                problems.append(Problem(file, item, f"{field}.q", f'unknown question "{leaf.q}"'))
                continue
            q = content.question(leaf.q)
            if q.type not in _KIND_FITS[leaf.kind]:
                problems.append(
                    Problem(file, item, field, f'this test does not fit {q.type} question "{q.id}"')
                )
                continue
            for option in leaf.option_ids:
                if option not in q.option_ids:
                    problems.append(
                        Problem(file, item, field, f'question "{q.id}" has no option "{option}"')
                    )
            if file == "questions.toml":
                me = item.split('"')[1]
                if order[leaf.q] >= order[me]:
                    problems.append(
                        Problem(file, item, field, f'"when" may only use earlier questions, '
                                f'not "{leaf.q}"')
                    )
    for q in content.questions:
        for option in q.exclusive:
            if option not in q.option_ids:
                problems.append(Problem("questions.toml", f'question "{q.id}"', "exclusive",
                                        f'no option "{option}"'))
        ids = q.option_ids
        if len(ids) != len(set(ids)):
            problems.append(Problem("questions.toml", f'question "{q.id}"', "options",
                                    "duplicate option id"))
    return problems


def _clinical_items(content: Content) -> list[tuple[str, str, list[Any]]]:
    """(file, item key, items) for every kind of item that carries sources and text."""
    return [
        ("questions.toml", "question", list(content.questions)),
        ("red_flags.toml", "red_flag", list(content.red_flags)),
        ("causes.toml", "cause", list(content.causes)),
        ("first_steps.toml", "first_step", list(content.first_steps)),
        ("dispositions.toml", "disposition", list(content.dispositions)),
        ("rules.toml", "rule", list(content.rules)),
        ("glossary.toml", "term", list(content.glossary)),
        ("topics.toml", "topic", list(content.topics)),
        ("checkin.toml", "trigger", list(content.triggers)),
        ("concerns.toml", "concern", list(content.concerns)),
    ]


def _check_sources(content: Content) -> list[Problem]:
    known = {s.id for s in content.sources}
    problems = []
    # A locale's emergency number and lines are clinical statements too (rule 4).
    locales = ("locales.toml", "locale", list(content.locales))
    for file, key, items in [*_clinical_items(content), locales]:
        for item in items:
            for code in item.sources:
                if code not in known:
                    problems.append(Problem(file, f'{key} "{item.id}"', "sources",
                                            f'unknown source "{code}" (add it to sources.toml)'))
    return problems


def _check_unsure(content: Content) -> list[Problem]:
    """Every warning-sign question with options lets the person say "not sure"
    (so an answer never has to be guessed, and unknown is never read as "no")."""
    return [
        Problem("questions.toml", f'question "{q.id}"', "options",
                'a warning-sign question needs a "not sure" option (unknown = true)')
        for q in content.questions
        if q.section == "red_flags" and q.type in ("single", "multi")
        and not q.unknown_option_ids
    ]


def _check_dispositions(content: Content) -> list[Problem]:
    found: list[str] = [d.id for d in content.dispositions]
    problems = []
    for tier in TIERS:
        n = found.count(tier)
        if n != 1:
            problems.append(Problem("dispositions.toml", f'disposition "{tier}"', "id",
                                    "missing" if n == 0 else "appears more than once"))
    return problems


def _check_ui(content: Content) -> list[Problem]:
    return [Problem("ui.toml", f'string "{key}"', "en", "missing (the program uses it)")
            for key in sorted(UI_KEYS - content.ui.keys())]


def _texts(value: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every translatable text (a dict with an 'en' key) inside a model, with its field path."""
    if isinstance(value, Item):
        for name, field in value.fields():
            yield from _texts(field, f"{path}.{name}" if path else name)
    elif isinstance(value, dict) and "en" in value:
        yield path, value
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, f"{path}[{i}]")


def _check_translations(content: Content) -> list[Problem]:
    langs = content.meta.languages
    problems = []
    samples = ("samples.toml", "sample", list(content.samples))
    locales = ("locales.toml", "locale", list(content.locales))
    groups = ("groups.toml", "group", list(content.groups))
    for file, key, items in [*_clinical_items(content), samples, locales, groups]:
        for item in items:
            for field, text in _texts(item, ""):
                for lang in langs:
                    if lang not in text:
                        problems.append(Problem(file, f'{key} "{item.id}"', f"{field}.{lang}",
                                                f"missing {lang} translation"))
    for key, text in content.ui.items():
        for lang in langs:
            if lang not in text:
                problems.append(Problem("ui.toml", f'string "{key}"', lang,
                                        f"missing {lang} translation"))
    return problems


_BRACES = re.compile(r"\{([^{}]*)\}")


def _placeholder_problem(text: str, allowed: frozenset[str]) -> str | None:
    """What is wrong with the {placeholders} in one text, if anything."""
    for name in _BRACES.findall(text):
        if name not in allowed:
            known = ", ".join("{" + n + "}" for n in LOCALE_PLACEHOLDERS)
            return f"unknown placeholder {{{name}}} (text may use {known})"
    rest = _BRACES.sub("", text)
    if "{" in rest or "}" in rest:
        return "a { or } without its partner"
    return None


def _check_placeholders(content: Content) -> list[Problem]:
    """Text names the emergency number and services only through the locale's
    placeholders, spelled right (a typo would reach the person raw)."""
    clinical = frozenset(LOCALE_PLACEHOLDERS)
    problems = []
    samples = ("samples.toml", "sample", list(content.samples))
    for file, key, items in [*_clinical_items(content), samples]:
        for item in items:
            for field, text in _texts(item, ""):
                for lang, value in text.items():
                    for line in value if isinstance(value, list) else [value]:
                        problem = _placeholder_problem(line, clinical)
                        if problem:
                            problems.append(Problem(file, f'{key} "{item.id}"',
                                                    f"{field}.{lang}", problem))
                            break
    for key, text in content.ui.items():
        for lang, value in text.items():
            problem = _placeholder_problem(value, clinical | UI_FIELDS)
            if problem:
                problems.append(Problem("ui.toml", f'string "{key}"', lang, problem))
    return problems


def _check_locales(content: Content) -> list[Problem]:
    """One international entry (no countries), and each country in one entry."""
    problems = []
    seen: dict[str, str] = {}
    if not any(p.id == DEFAULT_LOCALE for p in content.locales):
        problems.append(Problem("locales.toml", f'locale "{DEFAULT_LOCALE}"', "id",
                                "missing (every country not listed uses it)"))
    for p in content.locales:
        where = f'locale "{p.id}"'
        if p.id == DEFAULT_LOCALE and p.countries:
            problems.append(Problem("locales.toml", where, "countries",
                                    "the international entry lists no countries"))
        if p.id != DEFAULT_LOCALE and not p.countries:
            problems.append(Problem("locales.toml", where, "countries",
                                    "list at least one country"))
        for code in p.countries:
            if code in seen:
                problems.append(Problem("locales.toml", where, "countries",
                                        f'{code} is already in locale "{seen[code]}"'))
            seen[code] = p.id
    return problems


def _check_concerns(content: Content) -> list[Problem]:
    """Every red flag is in exactly one concern group, and groups name real flags:
    a flag without a group would have no plain words for "what needs checking
    first"."""
    flags = {f.id for f in content.red_flags}
    problems = []
    owner: dict[str, str] = {}
    for c in content.concerns:
        for i, fid in enumerate(c.flags):
            where = (f'concern "{c.id}"', f"flags[{i}]")
            if fid not in flags:
                problems.append(Problem("concerns.toml", *where,
                                        f'unknown red flag "{fid}" (not in red_flags.toml)'))
            elif fid in owner:
                problems.append(Problem("concerns.toml", *where,
                                        f'red flag "{fid}" is already in concern '
                                        f'"{owner[fid]}"'))
            else:
                owner[fid] = c.id
    for f in content.red_flags:
        if f.id not in owner:
            problems.append(Problem("concerns.toml", "", "flags",
                                    f'red flag "{f.id}" (red_flags.toml) is in no concern '
                                    "group: add it to one concern's flags"))
    return problems


# Question types a group row can have: each row is one answer of its own. A
# checklist row ("multi") is one question too: its "none" or "not sure" answers
# that row only, never the screen (there is no "none of these" for a screen). A
# number box (age) is not a row: the group screen has no number line.
GROUP_ROW_TYPES = ("yes_no_unsure", "single", "scale", "multi")


def _check_groups(content: Content) -> list[Problem]:
    """Grouped questions (groups.toml): real questions, each in one group at most,
    one section per group, rows answered one by one, no row depending on another
    row of its group (a follow-up cannot share the screen it follows)."""
    problems = []
    owner: dict[str, str] = {}
    for g in content.groups:
        label = f'group "{g.id}"'
        if content.has_question(g.id):  # one name, one thing (a FHIR linkId too)
            problems.append(Problem("groups.toml", label, "id",
                                    f'"{g.id}" is also a question id; give the group '
                                    "another name"))
        sections: set[str] = set()
        for i, qid in enumerate(g.questions):
            where = (label, f"questions[{i}]")
            if not content.has_question(qid):
                problems.append(Problem("groups.toml", *where,
                                        f'unknown question "{qid}" (not in questions.toml)'))
                continue
            if qid in owner:
                problems.append(Problem("groups.toml", *where,
                                        f'question "{qid}" is already in group "{owner[qid]}"'))
                continue
            owner[qid] = g.id
            q = content.question(qid)
            sections.add(q.section)
            if q.type not in GROUP_ROW_TYPES:
                problems.append(Problem("groups.toml", *where,
                                        f'"{qid}" is a {q.type} question; a group row must be '
                                        f"one of {', '.join(GROUP_ROW_TYPES)}"))
            deps = set(leaf_ids(q.when)) if q.when is not None else set()
            inside = [d for d in g.questions if d in deps]
            if inside:
                problems.append(Problem("groups.toml", *where,
                                        f'"{qid}" is asked only after "{inside[0]}" of the same '
                                        "group; put it after the group instead"))
        if len(sections) > 1:
            problems.append(Problem("groups.toml", label, "questions",
                                    "mixes warning signs and symptom questions; keep each "
                                    "group in one section"))
    return problems


def _check_triggers(content: Content) -> list[Problem]:
    """Check-in triggers name questions that the check-in asks, of the right type."""
    problems = []
    need = {"became_yes": ("yes_no_unsure",), "rising": ("scale",)}
    for t in content.triggers:
        for i, qid in enumerate(t.questions):
            where = (f'trigger "{t.id}"', f"questions[{i}]")
            if not content.has_question(qid):
                problems.append(Problem("checkin.toml", *where, f'unknown question "{qid}"'))
                continue
            q = content.question(qid)
            if q.type not in need[t.kind]:
                problems.append(Problem("checkin.toml", *where,
                                        f'"{t.kind}" needs a {need[t.kind][0]} question'))
            if not q.recheck:
                problems.append(Problem("checkin.toml", *where,
                                        f'"{qid}" is not asked at check-ins (set recheck = '
                                        "true in questions.toml)"))
    return problems


def _check_samples(content: Content) -> list[Problem]:
    """Each sample patient's answers are valid, and give the result it promises
    (so a rule change that alters a demo case is noticed on load)."""
    from ..core.answers import validate_answer
    from ..core.engine import assess

    causes = {c.id for c in content.causes}
    problems = []
    for s in content.samples:
        where = f'sample "{s.id}"'
        bad = False
        for qid, value in s.answers.items():
            field = f"answers.{qid}"
            if not content.has_question(qid):
                problems.append(Problem("samples.toml", where, field, "unknown question"))
                bad = True
                continue
            try:
                validate_answer(content.question(qid), value)
            except ValueError as exc:
                problems.append(Problem("samples.toml", where, field, str(exc)))
                bad = True
        if s.expect_cause not in causes:
            problems.append(Problem("samples.toml", where, "expect_cause",
                                    f'unknown cause "{s.expect_cause}"'))
            bad = True
        if bad:
            continue
        a = assess(content, s.answers)
        if a.ignored_answers:
            problems.append(Problem("samples.toml", where, "answers",
                                    "answers to questions that are never asked: "
                                    + ", ".join(a.ignored_answers)))
        if a.disposition != s.expect:
            problems.append(Problem("samples.toml", where, "expect",
                                    f'the answers now give "{a.disposition}"'))
        top = a.likely_causes[0].id if a.likely_causes else "none"
        if top != s.expect_cause:
            problems.append(Problem("samples.toml", where, "expect_cause",
                                    f'the answers now point most to "{top}"'))
    return problems


# --- reachability ---------------------------------------------------------


def _check_reachable(content: Content) -> list[Problem]:
    problems = []
    for f in content.red_flags:
        if find_answers(content, f.when) is None:
            problems.append(Problem("red_flags.toml", f'red_flag "{f.id}"', "when",
                                    "no answers can trigger this red flag"))
    for q in content.questions:
        if q.when is not None and find_answers(content, q.when, asks=q.id) is None:
            problems.append(Problem("questions.toml", f'question "{q.id}"', "when",
                                    "no answers lead to this question being asked"))
    return problems


def find_answers(content: Content, cond: Any, asks: str | None = None) -> dict[str, Any] | None:
    """Some answer set under which cond is true (and question `asks` is asked), or None."""
    from ..core.engine import asked_questions, when_closure

    # Only the questions that matter for cond (and `asks`) are walked: the result is
    # the same, and the check grows linearly with the size of the content.
    relevant = when_closure(content, [*leaf_ids(cond), *([asks] if asks else [])])
    for conjunct in _dnf(cond, True):
        answers = _satisfy(content, list(conjunct), set(), 0)
        if answers is None:
            continue
        asked = asked_questions(content, answers, only=relevant)
        effective = {qid: answers[qid] for qid in asked if qid in answers}
        if content.compiled(cond)(effective, []) is True and (asks is None or asks in asked):
            return effective
    return None


def _satisfy(content: Content, lits: list[Literal_], done: set[str], depth: int
             ) -> dict[str, Any] | None:
    assignment = _assign(content, lits)
    if assignment is None:
        return None
    new = [qid for qid in assignment if qid not in done]
    whens = [content.question(qid).when for qid in new if content.question(qid).when is not None]
    if not whens:
        return assignment
    if depth > 8:
        return None
    for conjunct in _dnf(AllOf(whens), True):
        found = _satisfy(content, lits + list(conjunct), done | set(new), depth + 1)
        if found is not None:
            return found
    return None


def _assign(content: Content, lits: list[Literal_]) -> dict[str, Any] | None:
    by_q: dict[str, list[Literal_]] = {}
    for leaf, positive in lits:
        by_q.setdefault(leaf.q, []).append((leaf, positive))
    out: dict[str, Any] = {}
    for qid, qlits in by_q.items():
        for value in _candidates(content.question(qid), [leaf for leaf, _ in qlits]):
            answers = {} if value is None else {qid: value}
            if all(content.compiled(leaf)(answers, []) is pos for leaf, pos in qlits):
                if value is not None:
                    out[qid] = value
                break
        else:
            return None
    return out


def _candidates(q: Question, lits: list[AnswerCondition]) -> Iterator[Any]:
    if q.type in ("yes_no_unsure", "single"):
        yield from q.option_ids
    elif q.type == "multi":
        plain = [o for o in q.option_ids if o not in q.exclusive]
        yield from ([o] for o in q.option_ids)
        yield from (list(pair) for pair in itertools.combinations(plain, 2))
        yield plain
    else:
        lo, hi = float(q.min or 0), float(q.max or 0)
        points = {lo, hi}
        for leaf in lits:
            for b in (leaf.gt, leaf.gte, leaf.lt, leaf.lte):
                if b is not None:
                    points.update({b - 1, b - 0.5, b, b + 0.5, b + 1})
        for p in sorted(points):
            if lo <= p <= hi:
                yield int(p) if p == int(p) else p
    yield None


def _dnf(cond: Any, positive: bool) -> list[tuple[Literal_, ...]]:
    """Disjunctive normal form as a list of conjunctions of (leaf, wanted truth)."""
    if isinstance(cond, AnswerCondition):
        return [((cond, positive),)]
    if isinstance(cond, NotOf):
        return _dnf(cond.not_, not positive)
    if isinstance(cond, AtLeast):
        # At least n of m: some n of them all hold. Not (at least n): at least
        # m - n + 1 of them do not hold.
        n, items = cond.at_least, list(cond.of)
        if not positive:
            n, items = len(items) - n + 1, [NotOf(c) for c in items]
        combos = [AllOf(list(c)) for c in itertools.combinations(items, n)]
        return _dnf(AnyOf(combos), True)
    children = cond.all if isinstance(cond, AllOf) else cond.any
    conjunctive = isinstance(cond, AllOf) == positive
    parts = [_dnf(c, positive) for c in children]
    if not conjunctive:
        return [conj for part in parts for conj in part][:_DNF_LIMIT]
    out: list[tuple[Literal_, ...]] = [()]
    for part in parts:
        out = [a + b for a in out for b in part][:_DNF_LIMIT]
    return out

