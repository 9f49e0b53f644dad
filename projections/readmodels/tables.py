"""The read models' SQL tables (SQLAlchemy Core), in the store's own database.

Money is kept as decimal strings (SQLite has no exact decimal type); sums are
done in Python with ``Decimal``. Dates are ISO strings on both stores so that
the same rows compare equal whichever store they come from.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

tracking = Table(
    "pj_tracking", metadata,
    Column("name", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("fingerprint", String(64), nullable=False),
)

# Every entry, as the work ledger (工作台帐) shows it: where it is, its status.
# Its fields are read from the event store itself (the source of truth) by
# notification id; only a correction's replacement fields are kept here.
entries = Table(
    "pj_entries", metadata,
    Column("notification_id", Integer, primary_key=True, autoincrement=False),
    # looked up by id through the store's own unique index (taizhang_entries)
    Column("entry_id", String(64), nullable=False),
    Column("branch", String(64), nullable=False),
    Column("type", String(64), nullable=False),
    Column("date", String(10), nullable=False),
    Column("year", Integer, nullable=False),
    Column("original_date", String(10), nullable=False),
    Column("incomplete", Boolean, nullable=False),  # a meeting without minutes or topic
    Column("corrected_data", Text),  # the replacement's fields while a correction is in effect
    Column("status", String(16), nullable=False),  # active, retracted, corrected
    Column("override_of", String(64)),  # for a retraction or correction: its target
    Column("overridden_by", String(64)),  # the override in effect on this entry
)
# Indexes marked "deferrable" are built after the replay of a full rebuild.
DEFER = {"deferrable": True}
Index("pj_entries_branch_year", entries.c.branch, entries.c.year, entries.c.date, info=DEFER)
Index("pj_entries_override_of", entries.c.override_of,
      sqlite_where=entries.c.override_of.isnot(None),
      postgresql_where=entries.c.override_of.isnot(None))

# The fields of every entry but dues payments (those are in pj_dues_paid) and
# retractions and corrections (their effect is in pj_entries): what the roster
# and committee are recomputed from, and what a year is scored from.
facts = Table(
    "pj_facts", metadata,
    Column("notification_id", Integer, primary_key=True, autoincrement=False),
    Column("branch", String(64), nullable=False),
    Column("type", String(64), nullable=False),
    Column("data", Text, nullable=False),
)
Index("pj_facts_branch", facts.c.branch, facts.c.type)

# Roster spells: a member on a branch's roster from start up to (not including) end.
spells = Table(
    "pj_spells", metadata,
    Column("branch", String(64), nullable=False),
    Column("member", String(64), nullable=False),
    Column("name", Text, nullable=False),
    Column("start", String(10), nullable=False),
    Column("end", String(10)),
    Column("initial_status", String(16), nullable=False),
    Column("admitted_on", String(10)),
    Column("converted_on", String(10)),
    Column("joined_by", String(64), nullable=False),
    Column("joined_entry", String(64), nullable=False),
)
Index("pj_spells_branch", spells.c.branch, spells.c.member)

# Committee seats over time: from an election (or addition) until the next election.
committee = Table(
    "pj_committee", metadata,
    Column("branch", String(64), nullable=False),
    Column("member", String(64), nullable=False),
    Column("role", String(32), nullable=False),
    Column("start", String(10), nullable=False),
    Column("end", String(10)),
    Column("term_end", String(10)),
    Column("entry_id", String(64), nullable=False),
)
Index("pj_committee_branch", committee.c.branch)

meetings = Table(
    "pj_meetings", metadata,
    Column("entry_id", String(64), primary_key=True),
    Column("branch", String(64), nullable=False),
    Column("year", Integer, nullable=False),
    Column("date", String(10), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("topic", Text, nullable=False),
    Column("thematic", Boolean, nullable=False),
    Column("minutes", Boolean, nullable=False),
    Column("leader_report", Boolean, nullable=False),
    Column("lecturer_role", String(32)),
    Column("expected_given", Boolean, nullable=False),
    Column("expected", Text, nullable=False),  # JSON lists of member codes; who was
    Column("present", Text, nullable=False),  # expected is the roster on the date unless
    Column("excused", Text, nullable=False),  # the entry named them (expected_given)
    Column("expected_count", Integer, nullable=False),
    Column("present_count", Integer, nullable=False),
    Column("excused_count", Integer, nullable=False),
)
Index("pj_meetings_branch", meetings.c.branch, meetings.c.year, meetings.c.date)

dues_bases = Table(
    "pj_dues_bases", metadata,
    Column("entry_id", String(64), primary_key=True),
    Column("branch", String(64), nullable=False),
    Column("member", String(64), nullable=False),
    Column("date", String(10), nullable=False),
    Column("from_month", String(7), nullable=False),
    Column("monthly_due", String(20)),
    Column("monthly_income", String(20)),
    Column("category", String(16), nullable=False),
)
Index("pj_dues_bases_branch", dues_bases.c.branch, dues_bases.c.member, info=DEFER)

dues_paid = Table(
    "pj_dues_paid", metadata,
    Column("entry_id", String(64), nullable=False),
    Column("branch", String(64), nullable=False),
    Column("member", String(64), nullable=False),
    Column("month", String(7), nullable=False),
    Column("amount", String(20), nullable=False),  # this month's share of the payment
    Column("paid_on", String(10), nullable=False),
    Column("notification_id", Integer, nullable=False),  # the payment's place in the log
    Column("part", Integer, nullable=False),  # the month's place in the payment's list of months
)
Index("pj_dues_paid_branch", dues_paid.c.branch, dues_paid.c.month, info=DEFER)
# a payment's shares are removed by its position when it is retracted or corrected: an index
# that grows at its end during a replay, where one on entry ids would take random inserts
Index("pj_dues_paid_position", dues_paid.c.notification_id)

dues_remitted = Table(
    "pj_dues_remitted", metadata,
    Column("entry_id", String(64), primary_key=True),
    Column("branch", String(64), nullable=False),
    Column("month", String(7), nullable=False),
    Column("amount", String(20), nullable=False),
    Column("remitted_on", String(10), nullable=False),
)
Index("pj_dues_remitted_branch", dues_remitted.c.branch, dues_remitted.c.month, info=DEFER)

VIEW_TABLES = (entries, facts, spells, committee, meetings, dues_bases, dues_paid, dues_remitted)
