"""The office's pages: the score sheet with its drill-down to evidence, what-if, adopt, publish, audit, papers."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from projections.assessment import rulebook_for
from projections.rulebook import DEFAULT_RULEBOOK
from projections.scorecards import iter_scorecards
from tests.web.conftest import log_in, text_of, token


def cards(client: TestClient) -> list[dict[str, object]]:
    store = client.app.state.site.store
    book = rulebook_for(store, 2025).book
    return list(iter_scorecards(store, 2025, book, date.today(), ["B05", "B07"], "zh"))


def test_the_score_sheet_shows_every_branch_with_the_numbers_of_score_json(client: TestClient) -> None:
    log_in(client, "office")
    page = client.get("/office/scores?year=2025").text
    for card in cards(client):
        row = re.search(rf'<tr class="grade-[a-z_]+"><td><a href="/office/scores/{card["branch"]}\?year=2025">'
                        rf'{card["branch"]}</a></td>(.*?)</tr>', page, re.S)
        assert row, card["branch"]
        cells = re.findall(r"<td>(?:<strong>)?([^<]*)", row.group(1))
        scores = [c["score"] for c in card["categories"]]  # type: ignore[index]
        assert [float(x) for x in cells[:6]] == [*map(float, scores), float(card["total"])]  # type: ignore[arg-type]


def test_a_deduction_leads_to_its_evidence_entry(client: TestClient) -> None:
    log_in(client, "office")
    card_page = client.get("/office/scores/B07?year=2025").text
    evidence = re.findall(r'class="evidence" href="(/entry/[^"]+)"', card_page)
    assert evidence, "the troubled branch has deductions with evidence"
    entry = client.get(evidence[0])
    assert entry.status_code == 200 and "B07" in entry.text


def test_a_recorder_sees_the_score_sheet_but_cannot_publish_or_adopt(client: TestClient) -> None:
    log_in(client, "b05-recorder")
    page = client.get("/office/scores?year=2025")
    assert page.status_code == 200 and "/office/publish" not in page.text
    before = client.app.state.site.store.head()
    assert client.post("/office/publish", data={"csrf": token(client, "/"), "year": "2025"}).status_code == 403
    upload = {"rulebook": ("mine.yaml", DEFAULT_RULEBOOK.read_bytes(), "application/yaml")}
    assert client.post("/office/adopt", data={"csrf": token(client, "/"), "year": "2025"},
                       files=upload).status_code == 403
    assert client.app.state.site.store.head() == before


def test_what_if_with_an_uploaded_rulebook_shows_what_moves(client: TestClient) -> None:
    log_in(client, "office")
    harsher = DEFAULT_RULEBOOK.read_text(encoding="utf-8").replace("version: ", "version: harsher-", 1)
    response = client.post("/office/whatif", data={"csrf": token(client, "/office/whatif"), "year": "2025"},
                           files={"rulebook": ("harsher.yaml", harsher.encode(), "application/yaml")})
    assert response.status_code == 200, text_of(response.text)
    page = text_of(response.text)
    assert "harsher-" in page and "B05" in page and "B07" in page


@pytest.mark.parametrize(("content", "message"), [
    (b"version: [", "harsher.yaml"),
    (b"\xff\xfe", "not UTF-8 text"),
    (b"version: x\n", "harsher.yaml"),
])
def test_a_bad_rulebook_is_refused_with_its_problems_and_nothing_is_adopted(
        client: TestClient, content: bytes, message: str) -> None:
    log_in(client, "office")
    before = client.app.state.site.store.head()
    for path in ("/office/whatif", "/office/adopt"):
        response = client.post(path, data={"csrf": token(client, "/office/whatif"), "year": "2025"},
                               files={"rulebook": ("harsher.yaml", content, "application/yaml")})
        assert response.status_code == 400
        assert message in response.text
    assert client.app.state.site.store.head() == before


def test_what_if_without_a_file_asks_for_one(client: TestClient) -> None:
    log_in(client, "office")
    response = client.post("/office/whatif", data={"csrf": token(client, "/office/whatif"), "year": "2025"})
    assert response.status_code == 400 and "考核细则文件" in response.text


def test_the_office_adopts_a_rulebook_and_it_is_an_entry_by_the_office(client: TestClient) -> None:
    log_in(client, "office")
    renamed = DEFAULT_RULEBOOK.read_text(encoding="utf-8").replace("version: ", "version: adopted-", 1)
    response = client.post("/office/adopt", data={"csrf": token(client, "/office/whatif"), "year": "2025"},
                           files={"rulebook": ("mine.yaml", renamed.encode(), "application/yaml")})
    assert response.status_code == 200, text_of(response.text)
    store = client.app.state.site.store
    event = store.events_at([store.head()])[store.head()]
    assert type(event).__name__ == "RulebookAdopted" and event.recorded_by == "office"
    assert "adopted-" in client.get("/office/scores?year=2025").text


def test_the_office_publishes_a_year_and_the_audit_matches_it(client: TestClient) -> None:
    log_in(client, "office")
    response = client.post("/office/publish", data={"csrf": token(client, "/"), "year": "2025"})
    assert response.status_code == 200, text_of(response.text)
    assert "taizhang verify --anchor" in response.text
    audit = client.get("/office/audit?year=2025&branch=B05")
    assert audit.status_code == 200
    assert "与已通报的考核结果一致" in audit.text


def test_an_audit_as_of_a_bad_moment_says_why(client: TestClient) -> None:
    log_in(client, "office")
    response = client.get("/office/audit?year=2025&branch=B05&as_of=yesterday")
    assert response.status_code == 400 and "as_of" in response.text


def test_a_reader_audits_but_cannot_publish(client: TestClient) -> None:
    log_in(client, "reader")
    assert client.get("/office/audit?year=2025&branch=B07").status_code == 200
    assert client.post("/office/publish", data={"csrf": token(client, "/"), "year": "2025"}).status_code == 403


@pytest.mark.parametrize(("path", "kind"), [
    ("/download/summary.csv?year=2025", "text/csv"),
    ("/download/summary.xlsx?year=2025", "spreadsheetml"),
    ("/download/ledger.xlsx?year=2025&branch=B05", "spreadsheetml"),
    ("/download/score-sheet.xlsx?year=2025&branch=B07", "spreadsheetml"),
])
def test_the_papers_download_as_the_cli_writes_them(client: TestClient, path: str, kind: str) -> None:
    log_in(client, "reader")
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert kind in response.headers["content-type"]
    assert "attachment" in response.headers["content-disposition"]


def test_a_paper_in_a_format_it_does_not_come_in_is_refused_by_name(client: TestClient) -> None:
    log_in(client, "reader")
    response = client.get("/download/summary.pdf?year=2025")
    assert response.status_code == 400 and ".xlsx, .csv" in response.text
    assert client.get("/download/poem.txt?year=2025").status_code == 404


def test_the_self_check_offers_the_branchs_papers(client: TestClient, tmp_path: Path) -> None:
    log_in(client, "b05-secretary")
    page = client.get("/b/B05/score?year=2025").text
    assert "/download/score-sheet.xlsx?year=2025&branch=B05" in page
