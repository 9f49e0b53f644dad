"""Work-ledger wording: each entry's rubric category and a one-line description (zh/en)."""

from __future__ import annotations

from typing import Any

MEETING_KINDS = {
    "branch_general_meeting": ("支部党员大会", "branch general meeting"),
    "branch_committee": ("支委会", "branch committee meeting"),
    "party_group": ("党小组会", "party group meeting"),
    "party_lecture": ("党课", "party lecture"),
    "members_congress": ("党员大会", "members' congress"),
    "leadership_study": ("领导班子研究党建", "leadership party-building study"),
    "theory_study": ("理论学习", "theory study"),
    "integrity_education": ("党风党纪廉政教育", "integrity education"),
    "case_education": ("以案说纪", "case-based discipline education"),
    "democratic_life": ("组织生活会", "organizational life meeting"),
}
MEETING_CATEGORY = {
    "leadership_study": "L", "theory_study": "I", "integrity_education": "S", "case_education": "S",
}
ACTIVITY_KINDS = {
    "annual_plan_integrated": ("党建纳入年度工作计划", "party work in the annual plan", "L"),
    "funds_budgeted": ("党组织活动经费列入预算", "party funds in the budget", "L"),
    "superior_meeting_attended": ("参加上级会议", "attended a superior's meeting", "L"),
    "superior_meeting_missed": ("缺席上级会议", "missed a superior's meeting", "L"),
    "mass_org_supported": ("支持群团组织", "supported a mass organisation", "O"),
    "mass_org_support_withheld": ("未支持群团组织", "support to a mass organisation withheld", "O"),
    "themed_party_day": ("主题党日", "themed party day", "O"),
}
TYPE_CATEGORY = {
    "BranchRegistered": "O", "CommitteeElected": "O", "CommitteeMemberAdded": "O",
    "WorkPlanSubmitted": "O", "WorkSummarySubmitted": "O", "IdeologicalAnalysisReported": "I",
    "StudyReflectionSubmitted": "I", "ViolationReported": "S",
}
CATEGORIES = {"L": ("组织领导", "organizational leadership"), "O": ("组织、制度建设", "organization and system"),
              "I": ("思想政治工作", "ideological and political work"), "S": ("党内监督", "intra-party supervision"),
              "M": ("党员管理与发展", "member management and development")}


ORGANISATION_TYPES = frozenset({"RulebookAdopted", "AssessmentPublished", "RoleGranted", "RoleRevoked"})


def category(kind: str, data: dict[str, Any]) -> str:
    """The rubric category (L, O, I, S, M) an entry is evidence for ("-" for the assessment's own)."""
    if kind in ORGANISATION_TYPES:
        return "-"
    if kind == "MeetingHeld":
        return MEETING_CATEGORY.get(data["kind"], "O")
    if kind == "ActivityLogged":
        return ACTIVITY_KINDS[data["kind"]][2]
    if kind == "FindingRecorded":
        return str(data["item"])[:1].upper()
    return TYPE_CATEGORY.get(kind, "M")


def describe(kind: str, data: dict[str, Any], lang: str = "zh") -> str:
    zh = lang == "zh"
    d = data
    if kind == "MeetingHeld":
        name = MEETING_KINDS[d["kind"]][0 if zh else 1]
        extra = ("（专题）" if zh else " (thematic)") if d.get("thematic") else ""
        lecturer = f"，主讲 {d['lecturer']}" if zh and d.get("lecturer") else (
            f", given by {d['lecturer']}" if d.get("lecturer") else "")
        return f"{name}{extra}：{d['topic'] or '（无议题）'}{lecturer}" if zh else \
            f"{name}{extra}: {d['topic'] or '(no topic)'}{lecturer}"
    if kind == "ActivityLogged":
        text = ACTIVITY_KINDS[d["kind"]][0 if zh else 1]
        return f"{text}{'：' if zh else ': '}{d['detail']}" if d.get("detail") else text
    templates: dict[str, tuple[str, str]] = {
        "BranchRegistered": ("成立 {name}", "branch registered: {name}"),
        "CommitteeElected": ("支委会换届（任期 {term_years} 年）", "committee elected ({term_years}-year term)"),
        "CommitteeMemberAdded": ("增补支委 {member}（{role}）", "{member} added to the committee ({role})"),
        "MemberRegistered": ("登记党员 {member} {name}", "member {member} {name} registered"),
        "MemberTransferredIn": ("{member} {name} 组织关系转入（自 {from_org}）",
                                "{member} {name} transferred in from {from_org}"),
        "MemberTransferredOut": ("{member} 组织关系转出（至 {to_org}）", "{member} transferred out to {to_org}"),
        "ProbationaryMemberConverted": ("预备党员 {member} 转正", "probationary member {member} converted"),
        "ProbationExtended": ("延长 {member} 预备期 {months} 个月", "probation of {member} extended by {months} months"),
        "ApplicationReceived": ("收到 {person} 入党申请", "application from {person}"),
        "ActivistDesignated": ("确定 {person} 为入党积极分子", "{person} designated an activist"),
        "DevelopmentTargetDesignated": ("确定 {person} 为发展对象", "{person} designated a development target"),
        "ActivistTrained": ("入党积极分子 {person} 完成培训", "activist {person} trained"),
        "PublicNoticePosted": ("{person} 公示（至 {last_day}）", "public notice on {person} (until {last_day})"),
        "MemberAdmitted": ("接收 {person} 为预备党员 {member}", "{person} admitted as probationary member {member}"),
        "WorkPlanSubmitted": ("报送 {year} 年工作计划（应于 {due_on}）", "{year} work plan submitted (due {due_on})"),
        "WorkSummarySubmitted": ("报送 {year} 年工作总结（应于 {due_on}）",
                                 "{year} work summary submitted (due {due_on})"),
        "IdeologicalAnalysisReported": ("报送 {quarter} 思想分析", "ideological analysis for {quarter}"),
        "ActivistListReported": ("报送 {year} 年积极分子名单", "{year} activist list reported"),
        "StudyReflectionSubmitted": ("{member} 提交学习体会《{title}》", "{member} submitted reflection '{title}'"),
        "DuesBaseDeclared": ("{member} 党费基数（自 {from_month}）", "{member} dues base from {from_month}"),
        "DuesPaid": ("{member} 交纳党费 {amount} 元（{months_text}）", "{member} paid {amount} yuan ({months_text})"),
        "DuesRemitted": ("上缴 {month} 党费 {amount} 元", "remitted {amount} yuan for {month}"),
        "ViolationReported": ("报告违纪（{severity}，发现于 {discovered_on}）：{summary}",
                              "violation reported ({severity}, found {discovered_on}): {summary}"),
        "DemocraticEvaluationCompleted": ("完成 {year} 年民主评议党员", "{year} democratic evaluation completed"),
        "FindingRecorded": ("考核发现 {item} 扣 {deduction} 分：{reason}",
                            "assessor's finding on {item}, −{deduction}: {reason}"),
        "RulebookAdopted": ("自 {effective_from} 年起采用考核细则 {version}", "rulebook {version} adopted from {effective_from}"),
        "AssessmentPublished": ("通报 {year} 年考核结果（{rulebook_version}）", "{year} assessment published ({rulebook_version})"),
        "EntryRetracted": ("撤销 {target}：{reason}", "retracts {target}: {reason}"),
        "EntryCorrected": ("更正 {target}：{reason}", "corrects {target}: {reason}"),
        "RoleGranted": ("授予 {user} 角色 {role}", "{user} granted the role {role}"),
        "RoleRevoked": ("撤销 {user} 的角色 {role}", "role {role} of {user} revoked"),
    }
    zh_text, en_text = templates.get(kind, (kind, kind))
    values = {**d, "months_text": ", ".join(d.get("months", []))}
    if kind == "DuesBaseDeclared":
        due = d.get("monthly_due") or f"{d.get('monthly_income')} ({d.get('category')})"
        return (f"{d['member']} 党费基数 {due}（自 {d['from_month']}）" if zh
                else f"{d['member']} dues base {due} from {d['from_month']}")
    try:
        return (zh_text if zh else en_text).format(**values)
    except (KeyError, IndexError):
        return kind
