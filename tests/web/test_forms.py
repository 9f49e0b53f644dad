"""Recording through the generated forms: good input is stored with the logged-in user as ``by``; a refused
form writes nothing and shows the import's own message by the field; the matrix is asked first."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from ledger.errors import InvalidEntry
from ledger.parsing import parse_entry
from tests.web.conftest import log_in, text_of, token
from web.entry_forms import FORM_TYPES


def head(client: TestClient) -> int:
    return client.app.state.site.store.head()


def meeting(csrf: str, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {"csrf": csrf, "date": "2025-11-20", "kind": "party_group",
                               "topic": "学习二十届四中全会精神", "present": ["P01", "P02", "P03"],
                               "minutes": ["false", "true"]}
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


@pytest.mark.parametrize("kind", FORM_TYPES)
def test_every_entry_type_has_a_form(client: TestClient, kind: str) -> None:
    log_in(client, "office")
    branch = "B99" if kind == "BranchRegistered" else "B05"
    response = client.get(f"/b/{branch}/record/{kind}?date=2025-06-30")
    assert response.status_code == 200, response.text
    assert 'name="csrf"' in response.text
    assert 'name="by"' not in response.text and 'name="recorded_by"' not in response.text


def test_the_meeting_form_lists_the_roster_of_the_chosen_day_as_boxes(client: TestClient) -> None:
    log_in(client, "b05-recorder")
    page = client.get("/b/B05/record/MeetingHeld?date=2025-06-30").text
    assert 'type="checkbox" name="present" value="P01"' in page
    assert '<option value="party_lecture" >党课</option>' in page or ">党课</option>" in page


def test_a_recorder_records_a_meeting_and_it_is_in_the_ledger_with_their_name(client: TestClient) -> None:
    log_in(client, "b05-recorder")
    before = head(client)
    response = client.post("/b/B05/record/MeetingHeld", data=meeting(token(client, "/b/B05/record/MeetingHeld")))
    assert response.status_code == 303, text_of(response.text)
    assert head(client) == before + 1
    entry = client.get(response.headers["location"])
    assert "b05-recorder" in entry.text and "已记录" in entry.text
    ledger = text_of(client.get("/b/B05/ledger?year=2025").text)
    assert "学习二十届四中全会精神" in ledger


def test_by_is_never_taken_from_the_form(client: TestClient) -> None:
    log_in(client, "b05-recorder")
    response = client.post("/b/B05/record/MeetingHeld",
                           data=meeting(token(client), by="office", recorded_by="office"))
    assert response.status_code == 303
    event = client.app.state.site.store.events_at([head(client)])[head(client)]
    assert event.recorded_by == "b05-recorder"


def import_message(raw: dict[str, object]) -> str:
    """What an import says about the same entry."""
    try:
        parse_entry(raw)
    except InvalidEntry as error:
        return f"{error.field}: {error.reason}"
    raise AssertionError("the import accepts it")


@pytest.mark.parametrize(("changes", "field", "raw"), [
    ({"date": "2025-11-31"}, "date", {"date": "2025-11-31"}),
    ({"kind": "tea_party"}, "kind", {"kind": "tea_party"}),
    ({"excused": ["P01"]}, "excused", {"excused": ["P01"]}),
])
def test_a_form_refused_by_the_schema_shows_the_imports_message_by_the_field_and_writes_nothing(
        client: TestClient, changes: dict[str, object], field: str, raw: dict[str, object]) -> None:
    log_in(client, "b05-recorder")
    before = head(client)
    response = client.post("/b/B05/record/MeetingHeld", data=meeting(token(client), **changes))
    assert response.status_code == 400
    assert head(client) == before
    expected = import_message({"type": "MeetingHeld", "branch": "B05", "date": "2025-11-20", "kind": "party_group",
                               "topic": "t", "present": ["P01", "P02", "P03"], **raw})
    found = re.search(rf'<span class="field-error" id="{field}-error" role="alert">([^<]*)</span>', response.text)
    assert found, text_of(response.text)
    assert found.group(1).replace("&#39;", "'") == expected
    # what was typed is kept
    assert "学习二十届四中全会精神" in response.text


def test_a_form_refused_by_the_branchs_state_names_the_member(client: TestClient) -> None:
    log_in(client, "b05-recorder")
    before = head(client)
    response = client.post("/b/B05/record/MeetingHeld", data=meeting(token(client), present=["P01", "Z99"]))
    assert response.status_code == 400
    assert head(client) == before
    assert 'id="present-error"' in response.text and "Z99" in response.text


def test_a_missing_required_field_is_named(client: TestClient) -> None:
    log_in(client, "b05-recorder")
    response = client.post("/b/B05/record/DuesPaid", data={"csrf": token(client), "date": "2025-11-20",
                                                            "member": "P01", "months": "2025-11"})
    assert response.status_code == 400
    assert re.search(r'id="amount-error" role="alert">amount: missing<', response.text)


def test_dues_are_recorded_with_months_typed_as_a_list(client: TestClient) -> None:
    log_in(client, "b05-recorder")
    before = head(client)
    response = client.post("/b/B05/record/DuesPaid", data={"csrf": token(client), "date": "2025-11-20",
                                                            "member": "P01", "months": "2025-11, 2025-12",
                                                            "amount": "40", "top_up": ["false", "true"]})
    assert response.status_code == 303, text_of(response.text)
    assert head(client) == before + 1


def test_a_form_without_its_token_is_refused_and_writes_nothing(client: TestClient) -> None:
    log_in(client, "b05-recorder")
    before = head(client)
    assert client.post("/b/B05/record/MeetingHeld", data=meeting("forged")).status_code == 403
    form = meeting("x")
    del form["csrf"]
    assert client.post("/b/B05/record/MeetingHeld", data=form).status_code == 403
    assert head(client) == before


@pytest.mark.parametrize(("person", "branch", "status"), [
    ("b07-recorder", "B05", 403),   # another branch's recorder
    ("reader", "B05", 403),         # a reader writes nothing
    ("b05-recorder", "B05", 303),
    ("office", "B07", 303),
])
def test_who_may_record_for_which_branch(client: TestClient, person: str, branch: str, status: int) -> None:
    log_in(client, person)
    before = head(client)
    response = client.post(f"/b/{branch}/record/MeetingHeld", data=meeting(token(client), present=["P01"]))
    assert response.status_code == status
    assert head(client) == before + (status == 303)


def test_a_visitor_cannot_record(client: TestClient) -> None:
    before = head(client)
    response = client.post("/b/B05/record/MeetingHeld", data=meeting(token(client)))
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert head(client) == before


def test_an_entry_is_retracted_from_its_page(client: TestClient) -> None:
    log_in(client, "b05-recorder")
    recorded = client.post("/b/B05/record/MeetingHeld", data=meeting(token(client))).headers["location"]
    entry_id = recorded.split("/")[2].split("?")[0]
    page = client.get(f"/entry/{entry_id}")
    assert f'action="/entry/{entry_id}/retract"' in page.text
    refused = client.post(f"/entry/{entry_id}/retract", data={"csrf": token(client), "reason": ""})
    assert refused.status_code == 400 and "reason" in refused.text
    done = client.post(f"/entry/{entry_id}/retract", data={"csrf": token(client), "reason": "recorded twice"})
    assert done.status_code == 303
    assert "recorded twice" in client.get(f"/entry/{entry_id}").text
    assert "已撤销" in client.get("/b/B05/ledger?year=2025").text


def test_an_entry_is_corrected_from_its_page_through_the_same_form(client: TestClient) -> None:
    log_in(client, "b05-recorder")
    recorded = client.post("/b/B05/record/MeetingHeld", data=meeting(token(client))).headers["location"]
    entry_id = recorded.split("/")[2].split("?")[0]
    form = client.get(f"/entry/{entry_id}/correct").text
    assert "学习二十届四中全会精神" in form and 'value="P01" checked' in form
    bad = client.post(f"/entry/{entry_id}/correct", data=meeting(token(client), present=["Z99"], reason="typo"))
    assert bad.status_code == 400 and 'id="present-error"' in bad.text
    good = client.post(f"/entry/{entry_id}/correct", data=meeting(token(client), topic="更正后的主题", reason="typo"))
    assert good.status_code == 303, text_of(good.text)
    assert "更正后的主题" in client.get("/b/B05/ledger?year=2025").text


def test_another_branchs_recorder_cannot_retract_or_correct(client: TestClient) -> None:
    log_in(client, "b05-recorder")
    recorded = client.post("/b/B05/record/MeetingHeld", data=meeting(token(client))).headers["location"]
    entry_id = recorded.split("/")[2].split("?")[0]
    log_in(client, "b07-recorder")
    before = head(client)
    page = client.get(f"/entry/{entry_id}").text
    assert "/retract" not in page and "/correct" not in page
    assert client.post(f"/entry/{entry_id}/retract", data={"csrf": token(client), "reason": "x"}).status_code == 403
    assert client.post(f"/entry/{entry_id}/correct", data=meeting(token(client), reason="x")).status_code == 403
    assert head(client) == before


def test_the_list_of_forms_offers_only_what_the_user_may_record(client: TestClient) -> None:
    log_in(client, "b05-recorder")
    own = client.get("/b/B05/record").text
    assert "/b/B05/record/MeetingHeld" in own and "/b/B05/record/FindingRecorded" not in own
    other = client.get("/b/B07/record").text
    assert "/b/B07/record/MeetingHeld" not in other and "无权" in other
    log_in(client, "office")
    assert "/b/B05/record/FindingRecorded" in client.get("/b/B05/record").text


def test_the_member_pickers_list_the_roster_of_the_date_chosen(client: TestClient) -> None:
    log_in(client, "office")
    before = client.get("/b/B07/record/MeetingHeld?date=2025-05-01").text
    after = client.get("/b/B07/record/MeetingHeld?date=2025-06-01").text
    assert 'name="present" value="P11"' not in before  # transferred in on 2025-05-10
    assert 'name="present" value="P11"' in after
    assert 'data-roster-url="/b/B07/record/MeetingHeld"' in after
