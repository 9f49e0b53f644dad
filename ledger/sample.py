"""A realistic, deterministic sample of an organisation's records (JSON Lines objects).

Branches follow profiles — ``model`` (every requirement met), ``ordinary``
(a few gaps), ``struggling`` (many gaps, late records) and ``failing`` (a
category driven to zero) — with attendance varying by member and season,
monthly dues with some arrears, transfers in and out, activists, admissions
with and without public notice, probation conversions, rare violations,
records entered weeks late, about 1% retractions and corrections, and
assessor findings. The same seed always gives the same lines.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

PROFILES = ("model", "ordinary", "struggling", "failing")
_ATTENDANCE = {"model": 0.97, "ordinary": 0.9, "struggling": 0.78, "failing": 0.7}
_JOIN_FIRST = {"BranchRegistered": 0, "MemberRegistered": 1, "MemberTransferredIn": 1,
               "MemberAdmitted": 1, "CommitteeElected": 2, "MemberTransferredOut": 9,
               "EntryRetracted": 9, "EntryCorrected": 9}


def profile_for(index: int, count: int) -> str:
    """Small organisations show every profile; large ones are mostly ordinary."""
    if count <= len(PROFILES):
        return PROFILES[index % len(PROFILES)]
    roll = (index * 7919) % 100
    return "model" if roll < 10 else "ordinary" if roll < 75 else "struggling" if roll < 95 else "failing"


@dataclass
class _Branch:
    code: str
    profile: str
    rng: random.Random
    members: dict[str, float] = field(default_factory=dict)  # member -> attendance
    probationary: dict[str, date] = field(default_factory=dict)
    joined: dict[str, date] = field(default_factory=dict)
    left: dict[str, date] = field(default_factory=dict)
    settled: dict[str, date] = field(default_factory=dict)  # converted on
    events: list[dict[str, Any]] = field(default_factory=list)
    serial: int = 0
    next_member: int = 1

    def add(self, entry_type: str, day: date, **fields: Any) -> dict[str, Any]:
        self.serial += 1
        event = {"id": f"{self.code}-{self.serial:06d}", "type": entry_type, "branch": self.code,
                 "date": day.isoformat(), **fields}
        self.events.append(event)
        return event

    def new_member(self) -> str:
        code = f"{self.code}P{self.next_member:03d}"
        self.next_member += 1
        return code

    def join(self, member: str, day: date, attendance: float) -> None:
        self.members[member] = attendance
        self.joined[member] = day

    def roster(self, day: date) -> list[str]:
        return [m for m in self.members
                if self.joined[m] <= day and (m not in self.left or day < self.left[m])]

    def chance(self, model: float, ordinary: float, struggling: float, failing: float) -> bool:
        odds = dict(zip(PROFILES, (model, ordinary, struggling, failing), strict=True))
        return self.rng.random() < odds[self.profile]


def generate(
    branches: int = 4, members_per_branch: int = 10, year: int = 2025, years: int = 1,
    seed: int = 1, until: date | None = None,
) -> Iterator[dict[str, Any]]:
    """Yields entries branch by branch, each branch's in date order."""
    until = until or date.today()
    for index in range(branches):
        code = f"B{index + 1:02d}" if branches < 100 else f"B{index + 1:04d}"
        branch = _Branch(code, profile_for(index, branches), random.Random(f"{seed}/{code}"))
        _history(branch, members_per_branch, year - years + 1)
        for current in range(year - years + 1, year + 1):
            _year(branch, current)
        _corrections(branch)
        for event in sorted(branch.events, key=lambda e: (e["date"], _JOIN_FIRST.get(e["type"], 5))):
            if date.fromisoformat(event["date"]) <= until:
                _stamp(branch.rng, event, until)
                yield event


def _stamp(rng: random.Random, event: dict[str, Any], until: date) -> None:
    day = date.fromisoformat(event["date"])
    late = rng.random() < 0.03
    recorded = day + timedelta(days=rng.randint(21, 60) if late else rng.randint(0, 2))
    recorded = min(recorded, until)
    event["recorded_at"] = datetime.combine(recorded, time(17, rng.randint(0, 59)), UTC).isoformat()
    event["recorded_by"] = f"staff-{event['branch']}"


def _history(branch: _Branch, members: int, first_year: int) -> None:
    start = date(first_year - 3, 1, 5)
    branch.add("BranchRegistered", start, name=f"第{branch.code[1:]}党支部")
    for n in range(members):
        code = branch.new_member()
        attendance = min(0.995, _ATTENDANCE[branch.profile] + branch.rng.uniform(-0.08, 0.06))
        if n == members - 1 and members > 3:
            admitted = date(first_year - 1, branch.rng.randint(2, 9), 10)
            branch.probationary[code] = admitted
            branch.join(code, admitted, attendance)
            branch.add("MemberRegistered", admitted, member=code, name=f"党员{code}",
                       status="probationary", admitted_on=admitted.isoformat())
        else:
            branch.join(code, start, attendance)
            branch.add("MemberRegistered", start, member=code, name=f"党员{code}", status="full")
    roster = branch.roster(start)
    elected = date(first_year - (5 if branch.profile == "failing" else 1), 6, 1)
    elected = max(elected, start)
    seats = ["secretary", "organization", "propaganda", "discipline", "mass_youth"]
    branch.add("CommitteeElected", elected, term_years=3, members=[
        {"member": m, "role": r} for m, r in zip(roster, seats, strict=False)])


def _day(branch: _Branch, year: int, month: int) -> date:
    return date(year, month, branch.rng.randint(3, 26))


def _meeting(branch: _Branch, day: date, kind: str, topic: str, **extra: Any) -> None:
    roster = branch.roster(day)
    season = 0.93 if day.month in (1, 2, 8) else 1.0
    present = [m for m in roster if branch.rng.random() < branch.members[m] * season]
    if not branch.chance(0.0, 0.03, 0.12, 0.15):
        extra.setdefault("minutes", True)
    else:
        extra["minutes"] = False
    branch.add("MeetingHeld", day, kind=kind, topic=topic, present=present, **extra)


def _year(branch: _Branch, year: int) -> None:
    _membership_changes(branch, year)
    if not branch.chance(0, 0.05, 0.3, 0.5):
        branch.add("ActivityLogged", date(year, 1, 10), kind="annual_plan_integrated")
    if not branch.chance(0, 0.05, 0.3, 0.5):
        branch.add("ActivityLogged", date(year, 1, 15), kind="funds_budgeted")
    for month in (4, 10):
        kind = "superior_meeting_missed" if branch.chance(0, 0.1, 0.4, 0.6) else "superior_meeting_attended"
        branch.add("ActivityLogged", _day(branch, year, month), kind=kind)
    if branch.chance(0, 0.05, 0.2, 0.4):
        branch.add("ActivityLogged", _day(branch, year, 9), kind="mass_org_support_withheld")
    branch.add("ActivityLogged", _day(branch, year, 7), kind="themed_party_day")
    for month in (3, 9):
        if not branch.chance(0, 0.05, 0.35, 0.5):
            day = _day(branch, year, month)
            branch.add("MeetingHeld", day, kind="leadership_study",
                       topic="研究党建工作", present=branch.roster(day)[:2],
                       expected=branch.roster(day)[:2])
    committee = branch.roster(date(year, 1, 1))[:5]
    for quarter in range(4):
        if not branch.chance(0, 0.05, 0.3, 0.4):
            branch.add("MeetingHeld", _day(branch, year, quarter * 3 + 2), kind="branch_committee",
                       topic="研究季度工作", present=committee, expected=committee)
        if not branch.chance(0, 0.03, 0.25, 0.4):
            _meeting(branch, _day(branch, year, quarter * 3 + 3), "branch_general_meeting", "支部党员大会")
    thematic_months = {1, 4, 7, 10}
    for month in range(1, 13):
        if month in (3, 6, 9, 12) or branch.chance(0, 0.1, 0.35, 0.5):
            continue
        _meeting(branch, _day(branch, year, month), "party_group",
                 "专题组织生活" if month in thematic_months else "党小组学习",
                 thematic=month in thematic_months)
    lectures = 2 if not branch.chance(0, 0.05, 0.4, 0.6) else 1
    for n in range(lectures):
        by_secretary = n == 0 and not branch.chance(0, 0.05, 0.3, 0.5)
        _meeting(branch, _day(branch, year, 4 + 6 * n), "party_lecture", "党课",
                 lecturer=committee[0 if by_secretary else 2],
                 lecturer_role="secretary" if by_secretary else "propaganda")
    if not branch.chance(0, 0.05, 0.3, 0.6):
        _meeting(branch, date(year, 6, 27), "members_congress", "单位工作报告", leader_report=True)
    for month in (3, 7, 11):
        _meeting(branch, _day(branch, year, month), "theory_study", "理论学习")
    integrity = 0 if branch.profile == "failing" else 2
    for month in (5, 11)[:integrity]:
        _meeting(branch, _day(branch, year, month), "integrity_education", "党风党纪廉政教育")
    if branch.profile != "failing":
        _meeting(branch, _day(branch, year, 8), "case_education", "以案说纪")
    _meeting(branch, _day(branch, year, 12), "democratic_life", "组织生活会")
    _reports(branch, year)
    _dues(branch, year)
    _discipline(branch, year)


def _membership_changes(branch: _Branch, year: int) -> None:
    rng = branch.rng
    for member, admitted in list(branch.probationary.items()):
        due = admitted.replace(year=admitted.year + 1)
        if due.year == year:
            late = rng.randint(40, 80) if branch.chance(0, 0.1, 0.4, 0.5) else rng.randint(0, 10)
            converted = due + timedelta(days=late)
            if converted.year == year:
                branch.add("ProbationaryMemberConverted", converted, member=member)
                del branch.probationary[member]
                branch.settled[member] = converted
    movers = max(1, round(len(branch.roster(date(year, 1, 1))) * 0.05))
    for _ in range(movers):
        done = _day(branch, year, rng.randint(2, 11))
        candidates = [m for m in branch.roster(done)[5:]
                      if m not in branch.probationary and branch.settled.get(m, done) <= done]
        if candidates and rng.random() < 0.5:
            member = rng.choice(candidates)
            branch.add("MemberTransferredOut", done, member=member, to_org="市直机关某支部",
                       requested_on=(done - timedelta(days=rng.randint(5, 25))).isoformat())
            branch.left[member] = done
        else:
            member = branch.new_member()
            wait = rng.randint(35, 75) if branch.chance(0, 0.1, 0.4, 0.5) else rng.randint(5, 25)
            branch.add("MemberTransferredIn", done, member=member, name=f"党员{member}",
                       status="full", from_org="区直机关某支部",
                       requested_on=(done - timedelta(days=wait)).isoformat())
            branch.join(member, done, min(0.99, _ATTENDANCE[branch.profile] + rng.uniform(-0.05, 0.05)))
    person = f"{branch.code}A{year}"
    designated = date(year - 1, rng.randint(1, 5), 12)
    branch.add("ApplicationReceived", designated - timedelta(days=60), person=person, name=f"申请人{person}")
    branch.add("ActivistDesignated", designated, person=person)
    trainee = f"{branch.code}T{year}"
    branch.add("ApplicationReceived", date(year - 1, 11, 20), person=trainee, name=f"申请人{trainee}")
    branch.add("ActivistDesignated", date(year, 2, 1), person=trainee)
    if not branch.chance(0, 0.1, 0.5, 0.6):
        branch.add("ActivistTrained", date(year, 5, 20), person=trainee)
    branch.add("DevelopmentTargetDesignated", date(year, 3, 1), person=person)
    admitted = date(year, 7, 1)
    if not branch.chance(0, 0.05, 0.4, 0.5):
        first = admitted - timedelta(days=14)
        branch.add("PublicNoticePosted", first, person=person,
                   last_day=(first + timedelta(days=7)).isoformat())
    member = branch.new_member()
    branch.add("MemberAdmitted", admitted, person=person, member=member, name=f"党员{member}")
    branch.join(member, admitted, _ATTENDANCE[branch.profile])
    branch.probationary[member] = admitted


def _reports(branch: _Branch, year: int) -> None:
    rng = branch.rng
    late = branch.chance(0, 0.1, 0.4, 0.5)
    branch.add("WorkPlanSubmitted", date(year, 2, 10) if late else date(year, 1, 20), year=year,
               due_on=date(year, 1, 31).isoformat())
    if not branch.chance(0, 0.05, 0.3, 0.5):
        branch.add("WorkSummarySubmitted", date(year, 12, 10), year=year,
                   due_on=date(year, 12, 20).isoformat())
    for quarter in range(1, 5):
        if not branch.chance(0, 0.05, 0.3, 0.5):
            branch.add("IdeologicalAnalysisReported", _day(branch, year, quarter * 3),
                       quarter=f"{year}-Q{quarter}")
    for month in (5, 11):
        day = _day(branch, year, month)
        for member in branch.roster(day):
            if not branch.chance(0, 0.05, 0.2, 0.3):
                branch.add("StudyReflectionSubmitted", day, member=member, title=f"{year}年学习体会")
    if not branch.chance(0, 0.05, 0.3, 0.5):
        branch.add("ActivistListReported", date(year, 3, 1), year=year)
    evaluated = [m for m in branch.roster(date(year, 12, 15)) if m not in branch.probationary]
    forms = [m for m in evaluated if not branch.chance(0, 0.03, 0.15, 0.2)]
    branch.add("DemocraticEvaluationCompleted", date(year, 12, 15), year=year,
               evaluated=evaluated, forms=forms)
    if branch.profile in ("struggling", "failing"):
        branch.add("FindingRecorded", date(year, 12, 28), year=year, item="L5",
                   deduction=str(rng.choice([1, 2, 3])), reason="第一责任人抓党建不到位")
    if branch.profile == "failing":
        branch.add("FindingRecorded", date(year, 12, 28), year=year, item="S3",
                   deduction="5", reason="作风转变年任务未完成")


def _dues(branch: _Branch, year: int) -> None:
    rng = branch.rng
    dues: dict[str, Decimal] = {}
    collected: dict[int, Decimal] = {}
    for month in range(1, 13):
        month_end = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        for member in branch.roster(month_end):
            if member not in dues:
                dues[member] = Decimal(rng.choice([10, 15, 20, 30, 45, 60]))
                declared = max(date(year, 1, 5), branch.joined[member])
                branch.add("DuesBaseDeclared", declared, member=member,
                           from_month=f"{year}-{declared.month:02d}", monthly_due=f"{dues[member]:.2f}")
            if branch.chance(0, 0.01, 0.05, 0.08):
                continue
            paid = max(date(year, month, rng.randint(1, 10)), branch.joined[member])
            if branch.chance(0, 0.02, 0.06, 0.1) and month < 11:
                paid = date(year, month + 2, rng.randint(1, 10))
            if member in branch.left and paid >= branch.left[member]:
                continue
            if _pays_by_quarter(member) and _whole_quarter(branch, member, year, month):
                if month % 3 == 1:  # the quarter's three months at once, at its start
                    months = [month, month + 1, month + 2]
                    branch.add("DuesPaid", paid, member=member, months=[f"{year}-{m:02d}" for m in months],
                               amount=f"{dues[member] * 3:.2f}")
                    for covered in months:
                        collected[covered] = collected.get(covered, Decimal(0)) + dues[member]
                continue
            branch.add("DuesPaid", paid, member=member, months=[f"{year}-{month:02d}"],
                       amount=f"{dues[member]:.2f}")
            collected[month] = collected.get(month, Decimal(0)) + dues[member]
    for month in range(1, 13):
        total = collected.get(month)
        if not total:
            continue
        remitted = date(year + (month == 12), month % 12 + 1, 5)
        if branch.chance(0, 0.03, 0.15, 0.3):
            remitted += timedelta(days=40)
        branch.add("DuesRemitted", remitted, month=f"{year}-{month:02d}", amount=f"{total:.2f}")


def _pays_by_quarter(member: str) -> bool:
    """About one member in ten pays a quarter's dues at once (fixed by the code, not drawn)."""
    return zlib.crc32(member.encode()) % 10 == 0


def _whole_quarter(branch: _Branch, member: str, year: int, month: int) -> bool:
    """Whether the member is on the roster for the whole quarter that ``month`` falls in."""
    first = date(year, month - (month - 1) % 3, 1)
    last = date(year + (first.month == 10), (first.month + 2) % 12 + 1, 1)
    return branch.joined[member] <= first and (member not in branch.left or branch.left[member] >= last)


def _discipline(branch: _Branch, year: int) -> None:
    rng = branch.rng
    count = {"model": 0, "ordinary": 0, "struggling": 1, "failing": 2}[branch.profile]
    if branch.profile == "ordinary" and rng.random() < 0.05:
        count = 1
    for _ in range(count):
        found = _day(branch, year, rng.randint(2, 10))
        delay = rng.randint(10, 30) if branch.profile == "failing" else rng.randint(1, 6)
        member = rng.choice(branch.roster(found)[5:] or branch.roster(found))
        branch.add("ViolationReported", found + timedelta(days=delay),
                   discovered_on=found.isoformat(), severity="minor",
                   summary="违反工作纪律", member=member)


def _corrections(branch: _Branch) -> None:
    rng = branch.rng
    targets = [e for e in branch.events if e["type"] in ("MeetingHeld", "DuesPaid", "ActivityLogged")]
    for target in rng.sample(targets, k=max(1, len(targets) // 100)):
        later = (date.fromisoformat(target["date"]) + timedelta(days=rng.randint(1, 20))).isoformat()
        if target["type"] == "MeetingHeld" and rng.random() < 0.5:
            replacement = {k: v for k, v in target.items() if k not in ("id",)}
            replacement["topic"] = target["topic"] + "（更正）"
            branch.add("EntryCorrected", date.fromisoformat(later), target=target["id"],
                       reason="议题记录有误", replacement=replacement)
        else:
            branch.add("EntryRetracted", date.fromisoformat(later), target=target["id"],
                       reason="重复登记")


#: the demo store's logins, so that `taizhang serve` on it can be tried at once; the
#: password is printed by the demo and is only ever given to accounts in the demo's own store
DEMO_PASSWORD = "taizhang-demo"


def demo_accounts(branch_codes: list[str]) -> list[tuple[str, str, str | None]]:
    """(name, role, branch) of the demo's logins: the office, a reader, the first branch's secretary and clerk."""
    first = sorted(branch_codes)[0]
    return [("office", "office", None), ("reader", "reader", None),
            (f"{first}-secretary", "secretary", first), (f"{first}-clerk", "recorder", first)]
