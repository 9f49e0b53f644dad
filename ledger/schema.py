"""The import/export contract: one pydantic model per entry type.

These models are the boundary of ``docs/method/interchange.md``: a JSON
Lines import line, a ``taizhang log`` command and an export line all pass
through them. Field names are the public contract; descriptions double as the
``--help`` text of ``taizhang log``.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from ledger.values import Code, Codes, IsoDate, Money, Month, Quarter, Text, Year

COMMON_FIELDS = ("type", "id", "branch", "date", "recorded_at", "recorded_by", "note")


class Role(StrEnum):
    SECRETARY = "secretary"
    DEPUTY_SECRETARY = "deputy_secretary"
    ORGANIZATION = "organization"
    PROPAGANDA = "propaganda"
    DISCIPLINE = "discipline"
    MASS_YOUTH = "mass_youth"
    MEMBER = "member"


class MemberStatus(StrEnum):
    FULL = "full"
    PROBATIONARY = "probationary"


class MeetingKind(StrEnum):
    BRANCH_GENERAL_MEETING = "branch_general_meeting"
    BRANCH_COMMITTEE = "branch_committee"
    PARTY_GROUP = "party_group"
    PARTY_LECTURE = "party_lecture"
    MEMBERS_CONGRESS = "members_congress"
    LEADERSHIP_STUDY = "leadership_study"
    THEORY_STUDY = "theory_study"
    INTEGRITY_EDUCATION = "integrity_education"
    CASE_EDUCATION = "case_education"
    DEMOCRATIC_LIFE = "democratic_life"


class ActivityKind(StrEnum):
    ANNUAL_PLAN_INTEGRATED = "annual_plan_integrated"
    FUNDS_BUDGETED = "funds_budgeted"
    SUPERIOR_MEETING_ATTENDED = "superior_meeting_attended"
    SUPERIOR_MEETING_MISSED = "superior_meeting_missed"
    MASS_ORG_SUPPORTED = "mass_org_supported"
    MASS_ORG_SUPPORT_WITHHELD = "mass_org_support_withheld"
    THEMED_PARTY_DAY = "themed_party_day"


class Severity(StrEnum):
    MINOR = "minor"
    MAJOR = "major"


class DuesCategory(StrEnum):
    """Whose bracket table applies when the due is computed from income."""

    EMPLOYED = "employed"
    RETIRED = "retired"
    FLAT = "flat"  # students, the unemployed, those on relief: a flat 0.2 yuan


class Entry(BaseModel):
    """Fields common to every entry.

    Attributes:
        type: the entry type (the event's name, past tense).
        id: the entry's id; assigned by the store when absent.
        branch: the branch code.
        date: the business date.
        recorded_at: when it was recorded (set by the store).
        recorded_by: who recorded it.
        note: free text.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)

    stream: ClassVar[Literal["branch", "year", "target", "organisation", "users"]] = "year"
    summary: ClassVar[str] = ""

    type: str
    id: Code | None = Field(None, description="The entry's id; assigned when absent.")
    branch: Code = Field(description="The branch code, e.g. B01.")
    date: IsoDate = Field(description="The business date, YYYY-MM-DD.")
    recorded_at: AwareDatetime | None = Field(None, description="When it was recorded.")
    recorded_by: Text | None = Field(None, description="Who recorded it.")
    note: Text | None = Field(None, description="A free-text note.")

    def payload(self) -> dict[str, Any]:
        """The type-specific fields in their canonical JSON form."""
        return self.model_dump(mode="json", exclude=set(COMMON_FIELDS), exclude_none=True)

    def members_named(self) -> list[tuple[str, str]]:
        """(field, member code) pairs that must be on the roster on ``date``."""
        return []


# --- organisation -----------------------------------------------------------


class BranchRegistered(Entry):
    stream = "branch"
    summary = "A branch (党支部) is registered."
    type: Literal["BranchRegistered"]
    name: Text = Field(min_length=1, description="The branch's name.")
    parent: Code | None = Field(None, description="The code of the organisation above it.")


class CommitteeSeat(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)
    member: Code
    role: Role


class CommitteeElected(Entry):
    stream = "branch"
    summary = "The branch committee is elected (换届)."
    type: Literal["CommitteeElected"]
    term_years: int = Field(ge=1, le=10, description="The term in years.")
    members: list[CommitteeSeat] = Field(
        min_length=1, description="Committee members with their roles."
    )

    @model_validator(mode="after")
    def _one_seat_each(self) -> CommitteeElected:
        seen: set[str] = set()
        secretaries = 0
        for seat in self.members:
            if seat.member in seen:
                raise ValueError(f"members: {seat.member} is listed twice")
            seen.add(seat.member)
            secretaries += seat.role == Role.SECRETARY
        if secretaries > 1:
            raise ValueError("members: a committee has at most one secretary")
        return self

    def members_named(self) -> list[tuple[str, str]]:
        return [(f"members[{i}].member", s.member) for i, s in enumerate(self.members)]


class CommitteeMemberAdded(Entry):
    stream = "branch"
    summary = "A member joins the committee between elections (增补)."
    type: Literal["CommitteeMemberAdded"]
    member: Code = Field(description="The member's code.")
    role: Role = Field(description="The committee role.")

    def members_named(self) -> list[tuple[str, str]]:
        return [("member", self.member)]


# --- membership -------------------------------------------------------------


class MemberRegistered(Entry):
    stream = "branch"
    summary = "An existing member is entered on the roster."
    type: Literal["MemberRegistered"]
    member: Code = Field(description="The member's code.")
    name: Text = Field(min_length=1, description="The member's name.")
    status: MemberStatus = Field(description="full or probationary.")
    admitted_on: IsoDate | None = Field(
        None, description="For a probationary member: the admission date."
    )

    @model_validator(mode="after")
    def _admission(self) -> MemberRegistered:
        _check_admission(self.status, self.admitted_on, self.date)
        return self


class MemberTransferredIn(Entry):
    stream = "branch"
    summary = "A member's organisational relation is transferred in (转入)."
    type: Literal["MemberTransferredIn"]
    member: Code = Field(description="The member's code.")
    name: Text = Field(min_length=1, description="The member's name.")
    status: MemberStatus = Field(description="full or probationary.")
    from_org: Text = Field(min_length=1, description="The organisation it comes from.")
    requested_on: IsoDate = Field(description="When the transfer was requested.")
    admitted_on: IsoDate | None = Field(
        None, description="For a probationary member: the admission date."
    )

    @model_validator(mode="after")
    def _dates(self) -> MemberTransferredIn:
        _check_requested(self.requested_on, self.date)
        _check_admission(self.status, self.admitted_on, self.date)
        return self


class MemberTransferredOut(Entry):
    stream = "branch"
    summary = "A member's organisational relation is transferred out (转出)."
    type: Literal["MemberTransferredOut"]
    member: Code = Field(description="The member's code.")
    to_org: Text = Field(min_length=1, description="The organisation it goes to.")
    requested_on: IsoDate = Field(description="When the transfer was requested.")

    @model_validator(mode="after")
    def _dates(self) -> MemberTransferredOut:
        _check_requested(self.requested_on, self.date)
        return self


class ProbationaryMemberConverted(Entry):
    stream = "branch"
    summary = "A probationary member becomes a full member (转正)."
    type: Literal["ProbationaryMemberConverted"]
    member: Code = Field(description="The member's code.")


class ProbationExtended(Entry):
    stream = "branch"
    summary = "A probationary member's probation is extended (延长预备期), once, by 6 to 12 months."
    type: Literal["ProbationExtended"]
    member: Code = Field(description="The member's code.")
    months: int = Field(ge=6, le=12, description="How many months the probation is extended by (6–12).")


def _check_admission(status: str, admitted_on: date | None, on: date) -> None:
    if status == MemberStatus.PROBATIONARY and admitted_on is None:
        raise ValueError("admitted_on: required for a probationary member")
    if status == MemberStatus.FULL and admitted_on is not None:
        raise ValueError("admitted_on: only for a probationary member")
    if admitted_on is not None and admitted_on > on:
        raise ValueError(f"admitted_on: {admitted_on} is after the entry's date {on}")


def _check_requested(requested_on: date, on: date) -> None:
    if requested_on > on:
        raise ValueError(f"requested_on: {requested_on} is after the completion date {on}")


# --- development ------------------------------------------------------------


class _PersonEntry(Entry):
    stream = "branch"
    person: Code = Field(description="The person's code.")
    name: Text | None = Field(None, description="The person's name.")


class ApplicationReceived(_PersonEntry):
    summary = "An application to join the party is received (入党申请)."
    type: Literal["ApplicationReceived"]


class ActivistDesignated(_PersonEntry):
    summary = "An applicant is designated an activist (入党积极分子)."
    type: Literal["ActivistDesignated"]


class DevelopmentTargetDesignated(_PersonEntry):
    summary = "An activist becomes a development target (发展对象)."
    type: Literal["DevelopmentTargetDesignated"]


class ActivistTrained(_PersonEntry):
    summary = "An activist completes training."
    type: Literal["ActivistTrained"]


class PublicNoticePosted(Entry):
    stream = "branch"
    summary = "A public notice (公示) about a person is posted; date is its first day."
    type: Literal["PublicNoticePosted"]
    person: Code = Field(description="The person's code.")
    last_day: IsoDate = Field(description="The notice's last day.")

    @model_validator(mode="after")
    def _span(self) -> PublicNoticePosted:
        if self.last_day < self.date:
            raise ValueError(f"last_day: {self.last_day} is before the first day {self.date}")
        return self


class MemberAdmitted(Entry):
    stream = "branch"
    summary = "A person is admitted as a probationary member (接收预备党员)."
    type: Literal["MemberAdmitted"]
    person: Code = Field(description="The person's code.")
    member: Code = Field(description="The new member's code.")
    name: Text = Field(min_length=1, description="The new member's name.")


# --- meetings, activities, reports, study ---------------------------------


class MeetingHeld(Entry):
    summary = "A meeting is held."
    type: Literal["MeetingHeld"]
    kind: MeetingKind = Field(description="The kind of meeting.")
    topic: Text = Field(description="The topic (an empty topic marks the record incomplete).")
    present: Codes = Field(description="Members present.")
    expected: Codes | None = Field(
        None, description="Members expected; the branch roster on the date when absent."
    )
    excused: Codes | None = Field(None, description="Members excused (counted as absent).")
    lecturer: Text | None = Field(None, description="For a party lecture: who gave it.")
    lecturer_role: Role | None = Field(None, description="The lecturer's committee role.")
    thematic: bool = Field(False, description="A thematic party-group meeting (专题).")
    minutes: bool = Field(True, description="Whether minutes were kept.")
    leader_report: bool = Field(
        False, description="A members' congress heard the unit leader's report."
    )

    @model_validator(mode="after")
    def _attendance(self) -> MeetingHeld:
        if self.expected is not None:
            expected = set(self.expected)
            for field, codes in (("present", self.present), ("excused", self.excused or [])):
                for i, code in enumerate(codes):
                    if code not in expected:
                        raise ValueError(f"{field}[{i}]: {code} is not among the expected")
        clash = set(self.present) & set(self.excused or [])
        if clash:
            raise ValueError(f"excused: {', '.join(sorted(clash))} also listed as present")
        return self

    def members_named(self) -> list[tuple[str, str]]:
        named: list[tuple[str, str]] = []
        for field in ("expected", "present", "excused"):
            codes = getattr(self, field) or []
            named += [(f"{field}[{i}]", code) for i, code in enumerate(codes)]
        return named


class ActivityLogged(Entry):
    summary = "An activity is logged."
    type: Literal["ActivityLogged"]
    kind: ActivityKind = Field(description="The kind of activity.")
    detail: Text | None = Field(None, description="Free detail.")


class WorkPlanSubmitted(Entry):
    summary = "The year's work plan is submitted."
    type: Literal["WorkPlanSubmitted"]
    year: Year = Field(description="The year the plan is for.")
    due_on: IsoDate = Field(description="When it was due.")


class WorkSummarySubmitted(Entry):
    summary = "The year's work summary is submitted."
    type: Literal["WorkSummarySubmitted"]
    year: Year = Field(description="The year the summary is for.")
    due_on: IsoDate = Field(description="When it was due.")


class IdeologicalAnalysisReported(Entry):
    summary = "A quarter's ideological analysis is reported (季度思想分析)."
    type: Literal["IdeologicalAnalysisReported"]
    quarter: Quarter = Field(description="The quarter, YYYY-Qn.")


class ActivistListReported(Entry):
    summary = "The year's activist and training list is reported."
    type: Literal["ActivistListReported"]
    year: Year = Field(description="The year of the list.")


class StudyReflectionSubmitted(Entry):
    summary = "A member submits a study reflection (学习体会)."
    type: Literal["StudyReflectionSubmitted"]
    member: Code = Field(description="The member's code.")
    title: Text = Field(min_length=1, description="The reflection's title.")

    def members_named(self) -> list[tuple[str, str]]:
        return [("member", self.member)]


# --- dues -------------------------------------------------------------------


class DuesBaseDeclared(Entry):
    summary = "A member's monthly dues base is declared."
    type: Literal["DuesBaseDeclared"]
    member: Code = Field(description="The member's code.")
    from_month: Month = Field(description="The first month it applies to, YYYY-MM.")
    monthly_due: Money | None = Field(None, description="The monthly due in yuan.")
    monthly_income: Money | None = Field(
        None, description="The monthly after-tax income; the due follows the rulebook's brackets."
    )
    category: DuesCategory = Field(
        DuesCategory.EMPLOYED, description="employed, retired or flat (bracket table)."
    )

    @model_validator(mode="after")
    def _one_base(self) -> DuesBaseDeclared:
        if (self.monthly_due is None) == (self.monthly_income is None):
            raise ValueError("give exactly one of monthly_due and monthly_income")
        return self

    def members_named(self) -> list[tuple[str, str]]:
        return [("member", self.member)]


class DuesPaid(Entry):
    summary = "A member pays dues for one or more months."
    type: Literal["DuesPaid"]
    member: Code = Field(description="The member's code.")
    months: list[Month] = Field(min_length=1, description="The months paid for, YYYY-MM.")
    amount: Money = Field(description="The amount in yuan, split equally over the months.")
    top_up: bool | None = Field(None, description=(
        "The payment adds to months already paid (a shortfall made good); without it a second "
        "payment for a month is refused as a probable duplicate."))

    @model_validator(mode="after")
    def _months(self) -> DuesPaid:
        if len(set(self.months)) != len(self.months):
            raise ValueError("months: a month is listed twice")
        if self.top_up is False:
            object.__setattr__(self, "top_up", None)  # false says nothing: the same entry as without it
        return self

    def members_named(self) -> list[tuple[str, str]]:
        return [("member", self.member)]


class DuesRemitted(Entry):
    summary = "The branch remits a month's dues to the committee."
    type: Literal["DuesRemitted"]
    month: Month = Field(description="The month remitted, YYYY-MM.")
    amount: Money = Field(description="The amount in yuan.")


# --- discipline, evaluation, assessment -------------------------------------


class ViolationReported(Entry):
    summary = "A violation is reported; date is the report date."
    type: Literal["ViolationReported"]
    discovered_on: IsoDate = Field(description="When it was discovered.")
    severity: Severity = Field(description="minor or major.")
    summary_text: Text = Field(alias="summary", min_length=1, description="What happened.")
    member: Code | None = Field(None, description="The member concerned, if any.")

    model_config = ConfigDict(
        extra="forbid", frozen=True, use_enum_values=True, populate_by_name=True,
        serialize_by_alias=True,
    )

    @model_validator(mode="after")
    def _dates(self) -> ViolationReported:
        if self.discovered_on > self.date:
            raise ValueError(
                f"discovered_on: {self.discovered_on} is after the report date {self.date}"
            )
        return self


class DemocraticEvaluationCompleted(Entry):
    summary = "The democratic evaluation of members (民主评议党员) is completed."
    type: Literal["DemocraticEvaluationCompleted"]
    year: Year = Field(description="The year evaluated.")
    evaluated: Codes = Field(description="Members evaluated.")
    forms: Codes = Field(description="Members whose registration form is filed.")

    @model_validator(mode="after")
    def _forms(self) -> DemocraticEvaluationCompleted:
        evaluated = set(self.evaluated)
        for i, code in enumerate(self.forms):
            if code not in evaluated:
                raise ValueError(f"forms[{i}]: {code} was not evaluated")
        return self

    def members_named(self) -> list[tuple[str, str]]:
        return [(f"evaluated[{i}]", code) for i, code in enumerate(self.evaluated)]


class FindingRecorded(Entry):
    summary = "An assessor records a finding and its deduction."
    type: Literal["FindingRecorded"]
    year: Year = Field(description="The assessed year.")
    item: Code = Field(description="The rulebook item id, e.g. L5.")
    deduction: Money = Field(description="Points deducted.")
    reason: Text = Field(min_length=1, description="Why.")


# --- the organisation: rulebooks and published assessments -------------------


class RulebookAdopted(Entry):
    """``branch`` names the organisation (the organ party committee) that adopts it."""

    stream = "organisation"
    summary = "A rulebook is adopted: years from effective_from on are scored under it."
    type: Literal["RulebookAdopted"]
    version: Text = Field(min_length=1, description="The rulebook's version.")
    digest: str = Field(pattern=r"^sha256:[0-9a-f]{64}$", description="sha256 of its canonical content.")
    effective_from: Year = Field(description="The first year scored under it.")
    content: dict[str, Any] = Field(description="The whole rulebook, so any later audit can reproduce it.")


class PublishedScore(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    branch: Code
    total: str = Field(pattern=r"^[0-9]+(\.[0-9]{1,2})?$")
    grade: Literal["meets", "basically_meets", "fails"]
    advanced_eligible: bool
    digest: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")


class AssessmentPublished(Entry):
    stream = "organisation"
    summary = "A year's assessment is published (通报): each branch's score and its digest."
    type: Literal["AssessmentPublished"]
    year: Year = Field(description="The assessed year.")
    rulebook_version: Text = Field(description="The rulebook scored under.")
    rulebook_digest: str = Field(pattern=r"^sha256:[0-9a-f]{64}$", description="Its digest.")
    scores: list[PublishedScore] = Field(min_length=1, description="Each branch's result.")
    chain_head: str | None = Field(None, description="The store's hash-chain head when published.")


# --- who may record: roles granted to users (ledger/access.py) ---------------


class AccessRole(StrEnum):
    """A user's role in Taizhang (Article 3 of the method: who records, who answers, who assesses)."""

    RECORDER = "recorder"  # a branch's party-affairs staff (专兼职党务干部)
    SECRETARY = "secretary"  # the branch secretary (书记)
    DEPUTY_SECRETARY = "deputy_secretary"  # the deputy secretary (副书记)
    OFFICE = "office"  # the organ party committee's office (机关党委办公室), which assesses
    READER = "reader"  # leadership and auditors: read everything, change nothing
    ADMIN = "admin"  # manages users and may do everything


#: roles held for one branch (the others hold for the whole organisation)
BRANCH_ROLES: frozenset[str] = frozenset({"recorder", "secretary", "deputy_secretary"})


class _RoleEntry(Entry):
    """``branch`` names the organisation (as for ``RulebookAdopted``); ``for_branch`` the role's branch."""

    stream = "users"
    user: Code = Field(description="The user's login name.")
    role: AccessRole = Field(description="recorder, secretary, deputy_secretary, office, reader or admin.")
    for_branch: Code | None = Field(
        None, description="The branch the role is for (recorder, secretary and deputy_secretary only).")

    @model_validator(mode="after")
    def _scope(self) -> _RoleEntry:
        if self.role in BRANCH_ROLES and self.for_branch is None:
            raise ValueError(f"for_branch: a {self.role} holds the role for one branch; name it")
        if self.role not in BRANCH_ROLES and self.for_branch is not None:
            raise ValueError(f"for_branch: a {self.role} holds the role for the whole organisation, not a branch")
        return self


class RoleGranted(_RoleEntry):
    summary = "A user is granted a role (for a branch, or for the whole organisation)."
    type: Literal["RoleGranted"]


class RoleRevoked(_RoleEntry):
    summary = "A role a user held is revoked."
    type: Literal["RoleRevoked"]


# --- corrections ------------------------------------------------------------


class EntryRetracted(Entry):
    stream = "target"
    summary = "An entry is retracted; every view treats it as never recorded."
    type: Literal["EntryRetracted"]
    target: Code = Field(description="The id of the entry retracted.")
    reason: Text = Field(min_length=1, description="Why.")


class EntryCorrected(Entry):
    stream = "target"
    summary = "An entry is replaced by a corrected one of the same type."
    type: Literal["EntryCorrected"]
    target: Code = Field(description="The id of the entry corrected.")
    reason: Text = Field(min_length=1, description="Why.")
    replacement: dict[str, Any] = Field(
        description="The corrected entry: a full entry object without id."
    )


ENTRY_TYPES: dict[str, type[Entry]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls  # type: ignore[union-attr]
    for cls in (
        BranchRegistered, CommitteeElected, CommitteeMemberAdded,
        MemberRegistered, MemberTransferredIn, MemberTransferredOut,
        ProbationaryMemberConverted, ProbationExtended, ApplicationReceived, ActivistDesignated,
        DevelopmentTargetDesignated, ActivistTrained, PublicNoticePosted,
        MemberAdmitted, MeetingHeld, ActivityLogged, WorkPlanSubmitted,
        WorkSummarySubmitted, IdeologicalAnalysisReported, ActivistListReported,
        StudyReflectionSubmitted, DuesBaseDeclared, DuesPaid, DuesRemitted,
        ViolationReported, DemocraticEvaluationCompleted, FindingRecorded,
        RulebookAdopted, AssessmentPublished, EntryRetracted, EntryCorrected,
        RoleGranted, RoleRevoked,
    )
}

