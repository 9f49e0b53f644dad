"""The scoring engine: a pure function of (facts, rulebook, year, as-of day).

No clock, no I/O: the same facts and rulebook always give the same
scorecard. ``facts`` are a branch's entries in effect (retractions and
corrections applied) across all years; the roster is derived from them.
Every deduction carries the rule, the parameter values used and its
evidence; every check that did not fire is listed too.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ledger.corrections import Fact
from ledger.roster import Spell, derive_spells, spell_on
from projections import rulebook as rb
from projections.dues import months_of, owed_per_member_month, remittances
from projections.views import add_years, split_amount

ZERO = Decimal(0)


@dataclass
class Deduction:
    amount: Decimal
    reason: str
    period: str
    evidence: list[str] = field(default_factory=list)


@dataclass
class CheckTrace:
    """One check as evaluated: what it counted, against what, and what it cost."""

    check: str
    parameters: dict[str, Any]
    fired: bool
    summary: str
    deducted: Decimal = ZERO


@dataclass
class ItemCard:
    id: str
    title: str
    deducted: Decimal
    cap: Decimal | None
    deductions: list[Deduction]
    checks: list[CheckTrace]


@dataclass
class CategoryCard:
    id: str
    name: str
    base: Decimal
    deducted: Decimal
    score: Decimal
    items: list[ItemCard]


@dataclass
class Scorecard:
    branch: str
    year: int
    rulebook_version: str
    rulebook_digest: str
    total: Decimal
    grade: str
    advanced_eligible: bool
    categories: list[CategoryCard]
    data_gaps: list[str]
    as_of: str

    def to_json(self, *, trace: bool = False) -> dict[str, Any]:
        """The score JSON of interchange.md (with ``checks`` traces when asked)."""
        def number(value: Decimal) -> float | int:
            rounded = value.quantize(Decimal("0.01"))
            return int(rounded) if rounded == rounded.to_integral() else float(rounded)

        categories = []
        for category in self.categories:
            items = []
            for item in category.items:
                record: dict[str, Any] = {
                    "id": item.id, "title": item.title, "deducted": number(item.deducted),
                    "deductions": [{"amount": number(d.amount), "reason": d.reason, "period": d.period,
                                    "evidence": d.evidence} for d in item.deductions]}
                if trace:
                    record["checks"] = [{"check": c.check, "parameters": dict(c.parameters), "fired": c.fired,
                                         "summary": c.summary, "deducted": number(c.deducted)}
                                        for c in item.checks]
                items.append(record)
            categories.append({"id": category.id, "name": category.name, "base": number(category.base),
                               "deducted": number(category.deducted), "score": number(category.score),
                               "items": items})
        return {"branch": self.branch, "year": self.year,
                "rulebook": {"version": self.rulebook_version, "digest": self.rulebook_digest},
                "total": number(self.total), "grade": self.grade,
                "advanced_eligible": self.advanced_eligible, "categories": categories,
                "data_gaps": self.data_gaps, "as_of": self.as_of}

    @property
    def digest(self) -> str:
        """A digest of the result (not the trace): what publication records."""
        return card_digest(self.to_json())


def without_trace(card: dict[str, Any]) -> dict[str, Any]:
    """A scorecard's JSON without the checks trace."""
    return {**card, "categories": [
        {**category, "items": [{k: v for k, v in item.items() if k != "checks"} for item in category["items"]]}
        for category in card["categories"]]}


def card_digest(card: dict[str, Any]) -> str:
    """sha256 of a scorecard's result: its JSON without the trace and the day it was computed for."""
    result = {key: value for key, value in without_trace(card).items() if key != "as_of"}
    canonical = json.dumps(result, sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


# --- matching entries ------------------------------------------------------------------

def matches(fact: Fact, check: Any) -> bool:
    """Whether an entry is of the check's type and satisfies its ``where`` and one of its ``any_of``."""
    if fact.type != check.entry:
        return False
    data = fact.data
    for name, wanted in check.where.items():
        if not _holds(data, name, wanted):
            return False
    if not check.any_of:
        return True
    for alternative in check.any_of:
        if all(_holds(data, name, wanted) for name, wanted in alternative.items()):
            return True
    return False


def _holds(data: dict[str, Any], name: str, wanted: Any) -> bool:
    value = data.get(name)
    if isinstance(wanted, dict) and "present" in wanted:
        return (value is not None) == bool(wanted["present"])
    if isinstance(wanted, list):
        return value in wanted
    if name == "topic" and wanted == "":
        return not str(value or "").strip()
    return bool(value == wanted)


def _in_year(fact: Fact, year: int) -> bool:
    return fact.date.year == year


def _period_of(day: date, period: str) -> str:
    if period == "year":
        return f"{day.year}"
    if period == "half":
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    if period == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def _periods(year: int, period: str) -> list[str]:
    return {"year": [f"{year}"], "half": [f"{year}-H1", f"{year}-H2"],
            "quarter": [f"{year}-Q{q}" for q in range(1, 5)],
            "month": [f"{year}-{m:02d}" for m in range(1, 13)]}[period]


def _describe(check: Any) -> str:
    parts = [check.kind]
    entry = getattr(check, "entry", None)
    if entry:
        parts.append(entry)
    if getattr(check, "where", None):
        parts.append(json.dumps(check.where, ensure_ascii=False))
    if getattr(check, "any_of", None):
        parts.append("any of " + json.dumps(check.any_of, ensure_ascii=False))
    if getattr(check, "case", None):
        parts.append(check.case)
    return " ".join(parts)


_LABELS: dict[str, dict[str, list[tuple[str, dict[str, Any]]]]] = {}


def _labels(book: rb.Rulebook) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Each item's checks described, with their parameters: the same for every branch, so made once a rulebook."""
    found = _LABELS.get(book.digest)
    if found is None:
        found = {item.id: [(_describe(check), _parameters(check)) for check in item.checks]
                 for category in book.categories for item in category.items}
        _LABELS[book.digest] = found
    return found


def _parameters(check: Any) -> dict[str, Any]:
    values = check.model_dump(mode="json", exclude={"kind", "entry", "where", "any_of"})
    return {k: v for k, v in values.items() if v is not None}


# --- the checks ----------------------------------------------------------------------------

@dataclass
class Context:
    branch: str
    year: int
    facts: list[Fact]
    spells: dict[str, list[Spell]]
    book: rb.Rulebook
    as_of: date
    gaps: list[str]
    by_type: dict[str, list[Fact]] = field(default_factory=dict)
    rosters: dict[date, frozenset[str]] = field(default_factory=dict)
    stretches: list[tuple[str, date, date | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for fact in self.facts:
            self.by_type.setdefault(fact.type, []).append(fact)

    def roster_on(self, day: date) -> frozenset[str]:
        """Members on the roster on a day (computed once per day)."""
        found = self.rosters.get(day)
        if found is None:
            if not self.stretches:
                self.stretches = [(s.member, s.start, s.end) for runs in self.spells.values() for s in runs]
            found = frozenset(member for member, start, end in self.stretches
                              if start <= day and (end is None or day < end))
            self.rosters[day] = found
        return found

    def of_type(self, *kinds: str) -> list[Fact]:
        if len(kinds) == 1:
            return self.by_type.get(kinds[0], [])
        return sorted((f for kind in kinds for f in self.by_type.get(kind, [])), key=lambda f: (f.date, f.seq))


Result = tuple[list[Deduction], str]


def check_required(ctx: Context, check: rb.Required) -> Result:
    found = []
    for fact in ctx.of_type(check.entry):
        if not matches(fact, check):
            continue
        in_year = fact.data.get(check.year_field) == ctx.year if check.year_field else _in_year(fact, ctx.year)
        if in_year:
            found.append(fact)
    if not found:
        return [Deduction(check.deduct, f"no {check.entry} matching {check.where or 'the rule'} for {ctx.year}",
                          str(ctx.year))], "none found"
    if check.on_time_field:
        on_time = [f for f in found if f.date <= _date(f.data[check.on_time_field])]
        if not on_time:
            first = min(found, key=lambda f: f.date)
            return [Deduction(check.deduct, f"{check.entry} recorded {first.date}, after its "
                              f"{check.on_time_field} {first.data[check.on_time_field]}", str(ctx.year),
                              [f.entry_id for f in found])], "late"
    return [], f"found {len(found)}: " + ", ".join(f.entry_id for f in found[:5])


def check_min_count(ctx: Context, check: rb.MinCount) -> Result:
    counted: dict[str, list[str]] = defaultdict(list)
    for fact in ctx.of_type(check.entry):
        if not matches(fact, check):
            continue
        if check.period_field:
            period = str(fact.data.get(check.period_field))
        elif _in_year(fact, ctx.year):
            period = _period_of(fact.date, check.period)
        else:
            continue
        counted[period].append(fact.entry_id)
    deductions, seen = [], []
    for period in _periods(ctx.year, check.period):
        have = len(counted.get(period, []))
        seen.append(f"{period}: {have}/{check.min}")
        if have < check.min:
            missing = check.min - have
            deductions.append(Deduction(check.deduct_per_missing * missing,
                                        f"{have} of {check.min} required ({missing} missing)", period,
                                        counted.get(period, [])))
    return deductions, "; ".join(seen)


def check_per_occurrence(ctx: Context, check: rb.PerOccurrence) -> Result:
    hits = [f for f in ctx.of_type(check.entry) if _in_year(f, ctx.year) and matches(f, check)]
    return ([Deduction(check.deduct_each, f"{f.type} on {f.date}", f.date.isoformat(), [f.entry_id])
             for f in hits], f"{len(hits)} found")


def meeting_rate(ctx: Context, fact: Fact, excused_absent: bool) -> tuple[int, int, bool]:
    """(present, expected, expected was the roster) for a meeting."""
    given = fact.data.get("expected")
    present = set(fact.data["present"])
    excused = set(fact.data.get("excused") or [])
    expected: set[str] | frozenset[str]
    if given is not None:
        expected = set(given)
    else:
        expected = ctx.roster_on(fact.date) | present | excused
    if not excused_absent:
        expected -= excused
    return len(present & expected), len(expected), given is None


def check_attendance(ctx: Context, check: rb.AttendanceRate) -> Result:
    kinds = {k.value if hasattr(k, "value") else k for k in check.meeting_kinds}
    deductions, checked = [], 0
    for fact in ctx.of_type("MeetingHeld"):
        if not _in_year(fact, ctx.year) or fact.data["kind"] not in kinds:
            continue
        checked += 1
        present, expected, _ = meeting_rate(ctx, fact, check.excused_count_as_absent)
        if expected == 0:
            ctx.gaps.append(f"{fact.entry_id}: meeting on {fact.date} with nobody expected")
            continue
        if Decimal(present) < check.min_rate * expected:
            deductions.append(Deduction(check.deduct_per_meeting,
                                        f"{fact.data['kind']} on {fact.date}: {present}/{expected} present "
                                        f"({present / expected:.0%} < {check.min_rate:.0%})",
                                        fact.date.isoformat(), [fact.entry_id]))
    return deductions, f"{checked} meetings checked, {len(deductions)} below"


def days_on_roster(runs: list[Spell], year: int) -> int:
    first, last = date(year, 1, 1), date(year, 12, 31)
    days = 0
    for spell in runs:
        start = max(spell.start, first)
        end = min(spell.end - timedelta(days=1), last) if spell.end else last
        days += max(0, (end - start).days + 1)
    return days


def check_member_quota(ctx: Context, check: rb.MemberQuota) -> Result:
    written: dict[str, list[str]] = defaultdict(list)
    for fact in ctx.of_type(check.entry):
        if _in_year(fact, ctx.year) and matches(fact, check):
            written[str(fact.data.get(check.member_field))].append(fact.entry_id)
    days_in_year = 366 if calendar.isleap(ctx.year) else 365
    deductions, owed_total = [], 0
    for member, runs in sorted(ctx.spells.items()):
        days = days_on_roster(runs, ctx.year)
        required = check.per_year * days // days_in_year
        owed_total += required
        missing = required - len(written.get(member, []))
        if missing > 0:
            deductions.append(Deduction(check.deduct_per_missing * missing,
                                        f"{member}: {len(written.get(member, []))} of {required} "
                                        f"({days} days on the roster)", str(ctx.year), written.get(member, [])))
    return deductions, f"{owed_total} owed by {len(ctx.spells)} members"


def _working_days(first: date, last: date) -> int:
    return sum(1 for n in range((last - first).days + 1) if (first + timedelta(days=n)).weekday() < 5)


def check_deadline(ctx: Context, check: rb.Deadline) -> Result:
    deductions: list[Deduction] = []
    year_end = date(ctx.year, 12, 31)
    if check.case == "transfer":
        for fact in ctx.of_type("MemberTransferredIn", "MemberTransferredOut"):
            took = (fact.date - _date(fact.data["requested_on"])).days
            if _in_year(fact, ctx.year) and took > check.days:
                deductions.append(Deduction(check.deduct_each, f"{fact.data['member']}: transfer took {took} "
                                            f"days (> {check.days})", fact.date.isoformat(), [fact.entry_id]))
    elif check.case == "conversion":
        for member, runs in sorted(ctx.spells.items()):
            for spell in runs:
                if spell.initial_status != "probationary" or spell.admitted_on is None:
                    continue
                ends = add_years(spell.admitted_on, 1)
                if spell.converted_on is not None and spell.converted_on.year == ctx.year:
                    late = (spell.converted_on - ends).days
                    if late > check.days:
                        deductions.append(Deduction(
                            check.deduct_each, f"{member}: converted {spell.converted_on}, {late} days after "
                            f"the probation ended {ends}", spell.converted_on.isoformat(),
                            _entries(ctx, member, "ProbationaryMemberConverted")))
                elif ((spell.converted_on is None or spell.converted_on > year_end)
                      and ends < date(ctx.year, 12, 1) and spell.start <= year_end
                      and (spell.end is None or spell.end > year_end)):
                    deductions.append(Deduction(check.deduct_each, f"{member}: probation ended {ends}, "
                                                f"not converted by {year_end}", str(ctx.year),
                                                [spell.joined_entry]))
    elif check.case == "violation_report":
        for fact in ctx.of_type("ViolationReported"):
            took = (fact.date - _date(fact.data["discovered_on"])).days
            if _in_year(fact, ctx.year) and took > check.days:
                deductions.append(Deduction(check.deduct_each, f"violation reported {took} days after its "
                                            f"discovery (> {check.days})", fact.date.isoformat(), [fact.entry_id]))
    else:
        for admitted in ctx.of_type("MemberAdmitted"):
            if not _in_year(admitted, ctx.year):
                continue
            person = admitted.data["person"]
            if check.case == "public_notice":
                notices = [n for n in ctx.of_type("PublicNoticePosted") if n.data["person"] == person
                           and _date(n.data["last_day"]) < admitted.date]
                long_enough = [n for n in notices if (
                    _working_days(n.date, _date(n.data["last_day"])) if check.working_days
                    else (_date(n.data["last_day"]) - n.date).days + 1) >= check.days]
                if not long_enough:
                    unit = "working days" if check.working_days else "days"
                    deductions.append(Deduction(check.deduct_each, f"{person} admitted {admitted.date} without "
                                                f"a public notice of {check.days} {unit} before it",
                                                admitted.date.isoformat(),
                                                [admitted.entry_id, *(n.entry_id for n in notices)]))
            else:
                designated = [d for d in ctx.of_type("ActivistDesignated") if d.data["person"] == person]
                earliest = min((d.date for d in designated), default=None)
                if earliest is None or (admitted.date - earliest).days < check.days:
                    since = f"an activist since {earliest}" if earliest else "never designated an activist"
                    deductions.append(Deduction(check.deduct_each, f"{person} admitted {admitted.date}, {since} "
                                                f"(< {check.days} days)", admitted.date.isoformat(),
                                                [admitted.entry_id, *(d.entry_id for d in designated)]))
    return deductions, f"{len(deductions)} late or missing"


def _entries(ctx: Context, member: str, kind: str) -> list[str]:
    return [f.entry_id for f in ctx.of_type(kind) if f.data.get("member") == member]


def check_dues(ctx: Context, check: rb.Dues) -> Result:
    bases = [_Row(entry_id=f.entry_id, member=f.data["member"], from_month=f.data["from_month"],
                  date=f.date.isoformat(), monthly_due=f.data.get("monthly_due"),
                  monthly_income=f.data.get("monthly_income"), category=f.data.get("category", "employed"))
             for f in ctx.of_type("DuesBaseDeclared")]
    months = months_of(ctx.year)
    paid, collected = _payments(ctx.of_type("DuesPaid"), set(months))
    remitted = [_Row(entry_id=f.entry_id, month=f.data["month"], amount=f.data["amount"],
                     remitted_on=f.date.isoformat()) for f in ctx.of_type("DuesRemitted")]
    deductions = []
    owed = owed_per_member_month(ctx.spells, bases, paid, months, ctx.book.dues)
    for row in owed:
        if row.due is None:
            ctx.gaps.append(f"{row.member} {row.month}: on the roster with no dues base")
        elif row.short > 0:
            deductions.append(Deduction(check.per_member_month_short,
                                        f"{row.member} {row.month}: paid {row.paid} of {row.due}",
                                        row.month, row.evidence))
    withheld = []
    for month in remittances(collected, remitted, months, ctx.as_of):
        if month.deadline >= ctx.as_of:
            continue
        if month.remitted_late and month.collected > 0:
            deductions.append(Deduction(check.per_late_month, f"{month.month}: collected {month.collected} "
                                        f"remitted after {month.deadline}", month.month, month.evidence))
        if month.withheld > 0:
            withheld.append(month)
    if withheld:
        deductions.append(Deduction(check.withholding_once, "dues withheld: " + ", ".join(
            f"{m.month} {m.withheld} of {m.collected}" for m in withheld), str(ctx.year),
            [e for m in withheld for e in m.evidence]))
    return deductions, f"{len(owed)} member-months, {sum(1 for r in owed if r.due is None)} without a base"


def _payments(payments: list[Fact], months: set[str]) -> tuple[
        dict[tuple[str, str], tuple[Decimal, list[str]]], dict[str, Decimal]]:
    """Paid per (member, month) with the payments' ids, and collected per month, for some months."""
    paid: dict[tuple[str, str], tuple[Decimal, list[str]]] = {}
    collected: dict[str, Decimal] = {}
    zero = Decimal(0)
    for fact in payments:
        named = fact.data["months"]
        shares = ((named[0], Decimal(fact.data["amount"])),) if len(named) == 1 else tuple(
            zip(named, split_amount(fact.data["amount"], len(named)), strict=True))
        member = fact.data["member"]
        for month, share in shares:
            if month not in months:
                continue
            amount, evidence = paid.get((member, month), (zero, []))
            evidence.append(fact.entry_id)
            paid[(member, month)] = (amount + share, evidence)
            collected[month] = collected.get(month, zero) + share
    return paid, collected


def check_evaluation(ctx: Context, check: rb.Evaluation) -> Result:
    held = [f for f in ctx.of_type("DemocraticEvaluationCompleted") if f.data["year"] == ctx.year]
    if not held:
        return [Deduction(check.not_held, f"no democratic evaluation for {ctx.year}", str(ctx.year))], "not held"
    evaluation = max(held, key=lambda f: f.date)
    forms = set(evaluation.data["forms"])
    full = [m for m, runs in ctx.spells.items()
            if (s := spell_on({m: runs}, m, evaluation.date)) is not None and s.status_on(evaluation.date) == "full"]
    missing = sorted(set(full) - forms)
    deductions = [Deduction(check.per_missing_form, f"{m}: no registration form", evaluation.date.isoformat(),
                            [evaluation.entry_id]) for m in missing]
    return deductions, f"{len(full)} full members, {len(missing)} without a form"


def check_untrained(ctx: Context, check: rb.UntrainedActivists) -> Result:
    cutoff = date.fromisoformat(f"{ctx.year}-{check.designated_before}")
    admitted = {f.data["person"]: f.date for f in ctx.of_type("MemberAdmitted")}
    trained = {f.data["person"] for f in ctx.of_type("ActivistTrained") if _in_year(f, ctx.year)}
    deductions = []
    for fact in ctx.of_type("ActivistDesignated"):
        person = fact.data["person"]
        if fact.date >= cutoff or person in trained:
            continue
        if person in admitted and admitted[person] <= date(ctx.year, 12, 31):
            continue
        deductions.append(Deduction(check.deduct_each, f"{person}: an activist since {fact.date}, not trained "
                                    f"in {ctx.year}", str(ctx.year), [fact.entry_id]))
    return deductions, f"{len(deductions)} untrained"


def check_committee(ctx: Context, check: rb.CommitteeInTerm) -> Result:
    year_end = date(ctx.year, 12, 31)
    elections = [f for f in ctx.of_type("CommitteeElected") if f.date <= year_end]
    if not elections:
        return [Deduction(check.deduct, "no committee has been elected", str(ctx.year))], "never elected"
    latest = max(elections, key=lambda f: (f.date, f.seq))
    ends = add_years(latest.date, latest.data["term_years"])
    roles = {seat["role"] for seat in latest.data["members"]}
    roles |= {f.data["role"] for f in ctx.of_type("CommitteeMemberAdded") if latest.date <= f.date <= year_end}
    if ends <= year_end:
        return [Deduction(check.deduct, f"the committee elected {latest.date} for {latest.data['term_years']} "
                          f"years was due for re-election on {ends}", str(ctx.year), [latest.entry_id])], "expired"
    if "secretary" not in roles:
        return [Deduction(check.deduct, "the committee has no secretary", str(ctx.year),
                          [latest.entry_id])], "no secretary"
    return [], f"elected {latest.date}, term to {ends}"


CHECKS: dict[type, Callable[[Context, Any], Result]] = {
    rb.Required: check_required, rb.MinCount: check_min_count, rb.PerOccurrence: check_per_occurrence,
    rb.AttendanceRate: check_attendance, rb.MemberQuota: check_member_quota, rb.Deadline: check_deadline,
    rb.Dues: check_dues, rb.Evaluation: check_evaluation, rb.UntrainedActivists: check_untrained,
    rb.CommitteeInTerm: check_committee,
}


class _Row:
    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)


def _date(text: Any) -> date:
    return text if isinstance(text, date) else date.fromisoformat(str(text))


# --- the scorecard ---------------------------------------------------------------------------

def score(branch: str, facts: Iterable[Fact], book: rb.Rulebook, year: int, as_of: date,
          lang: str = "en") -> Scorecard:
    """Scores one branch-year. ``facts`` are the branch's entries in effect, any years."""
    effective = sorted(facts, key=lambda f: (f.date, f.seq))
    ctx = Context(branch, year, effective, derive_spells(effective), book, as_of, [])
    labels = _labels(book)
    categories = []
    for category in book.categories:
        items = []
        for item in category.items:
            deductions: list[Deduction] = []
            traces = []
            for check, (described, parameters) in zip(item.checks, labels[item.id], strict=True):
                found, summary = CHECKS[type(check)](ctx, check)
                deductions += found
                traces.append(CheckTrace(described, parameters, bool(found), summary,
                                         sum((d.amount for d in found), ZERO)))
            findings = [f for f in ctx.of_type("FindingRecorded")
                        if f.data["item"] == item.id and f.data["year"] == year]
            deductions += [Deduction(Decimal(f.data["deduction"]), f"assessor's finding: {f.data['reason']}",
                                     str(year), [f.entry_id]) for f in findings]
            traces.append(CheckTrace("findings", {}, bool(findings), f"{len(findings)} findings",
                                     sum((Decimal(f.data["deduction"]) for f in findings), ZERO)))
            total = sum((d.amount for d in deductions), ZERO)
            if item.cap is not None and total > item.cap:
                deductions.append(Deduction(item.cap - total, f"capped at {item.cap}", str(year)))
                total = item.cap
            title = item.title.zh if lang == "zh" else item.title.en
            items.append(ItemCard(item.id, title, total, item.cap, deductions, traces))
        deducted = sum((i.deducted for i in items), ZERO)
        name = category.name.zh if lang == "zh" else category.name.en
        categories.append(CategoryCard(category.id, name, category.base, deducted,
                                       max(ZERO, category.base - deducted), items))
    total = sum((c.score for c in categories), ZERO)
    grades = book.grades
    if any(c.score == 0 for c in categories) or total < grades.basically_meets:
        grade = "fails"
    elif total >= grades.meets:
        grade = "meets"
    else:
        grade = "basically_meets"
    return Scorecard(branch, year, book.version, book.digest, total, grade,
                     grade == "meets" and total >= grades.advanced, categories, ctx.gaps, as_of.isoformat())
