"""The incident pages: register, create, the clocks in local time, record a message, drafts, the dashboard
panel, the board training register; per role and scoped to the organisation."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from core.models import Role
from incidents.models import BoardTraining, Incident, IncidentMessage
from tests.incidents.conftest import NOW
from tests.incidents.samples import incident_sample_values
from tests.reports.pdftext import page_texts


def new_incident(client, **extra):
    data = {
        "title": "Uitval zaaksysteem",
        "aware_at": "2026-10-24T12:00",
        "thresholds": ["outage_4h"],
        "status": "ongoing",
        "suspected_malicious": "",
        "cross_border": "no",
    } | extra
    return client.post("/o/voorbeeld/incidenten/nieuw", data=data)


def test_a_ciso_registers_an_incident_and_sees_the_clocks_in_local_time(
    client, db, world, login_as, fixed_clock
):
    fixed_clock(NOW)
    login_as(Role.CISO)
    response = new_incident(client)
    assert response.status_code == 302, response.get_data(as_text=True)
    incident = db.exec(select(Incident)).one()
    assert incident.significant and incident.cross_border is False
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2026-10-25 11:00" in page and "nog 18 u 0 min" in page
    assert "2026-10-27 11:00" in page
    listed = client.get("/o/voorbeeld/incidenten/").get_data(as_text=True)
    assert "I-001" in listed and "Uitval zaaksysteem" in listed
    dashboard = client.get("/o/voorbeeld/").get_data(as_text=True)
    assert "Open significante incidenten" in dashboard and "I-001" in dashboard


def test_the_form_shows_the_rules_on_their_fields(client, db, world, login_as, fixed_clock):
    fixed_clock(NOW)
    login_as(Role.CISO)
    response = new_incident(client, aware_at="2026-10-25T12:00", risk_references="R-999")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Het moment van kennisname ligt in de toekomst." in page
    assert "&#39;R-999&#39; staat niet in het risicoregister." in page
    assert db.exec(select(Incident)).all() == []


def test_recording_the_early_warning_meets_its_clock(client, db, world, login_as, fixed_clock):
    fixed_clock(NOW)
    login_as(Role.CISO)
    location = new_incident(client).headers["Location"]
    incident = db.exec(select(Incident)).one()
    response = client.post(
        f"/o/voorbeeld/incidenten/{incident.id}/berichten",
        data={
            "kind": "early_warning",
            "recipient": "both",
            "sent_at": "2026-10-24T17:30",
            "content": "via portaal",
        },
    )
    assert response.status_code == 302
    message = db.exec(select(IncidentMessage)).one()
    assert message.sent_at.replace(tzinfo=UTC) == datetime(2026, 10, 24, 15, 30, tzinfo=UTC)
    page = client.get(location).get_data(as_text=True)
    assert "op tijd" in page and "verzonden 2026-10-24 17:30" in page
    draft = client.get(f"/o/voorbeeld/incidenten/{incident.id}/concept/notification.pdf")
    text = " ".join(" ".join(page_texts(draft.data)).split())
    assert "24-10-2026 17:30" in text  # the message sent, in the draft's short date and local time


def test_drafts_download_as_pdf(client, db, world, login_as, fixed_clock):
    fixed_clock(NOW)
    login_as(Role.CISO)
    new_incident(client)
    incident = db.exec(select(Incident)).one()
    login_as(Role.AUDITOR)
    response = client.get(f"/o/voorbeeld/incidenten/{incident.id}/concept/notification.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert client.get(f"/o/voorbeeld/incidenten/{incident.id}/concept/anything.pdf").status_code == 404


def test_readers_see_no_forms_and_another_organisations_incident_is_404(client, db, world, login_as):
    own, other = incident_sample_values(db, world)
    login_as(Role.MANAGEMENT)
    page = client.get(f"/o/voorbeeld/incidenten/{own['incident_id']}").get_data(as_text=True)
    assert "Verzonden bericht vastleggen" not in page
    assert client.get(f"/o/voorbeeld/incidenten/{other['incident_id']}").status_code == 404


def test_the_register_page_runs_a_fixed_number_of_queries(
    client, db, world, login_as, count_queries, fixed_clock
):
    fixed_clock(NOW)
    login_as(Role.CISO)
    new_incident(client)
    with count_queries() as few:
        client.get("/o/voorbeeld/incidenten/")
    for _ in range(4):
        new_incident(client)
    with count_queries() as many:
        client.get("/o/voorbeeld/incidenten/")
    assert many.count == few.count


def test_the_board_training_register(client, db, world, login_as, fixed_clock):
    fixed_clock(NOW)
    login_as(Role.CISO)
    response = client.post(
        "/o/voorbeeld/bestuur/leden",
        data={"member-name": "J. Jansen", "member-position": "wethouder", "member-joined_on": "2024-01-01"},
    )
    assert response.status_code == 302
    page = client.get("/o/voorbeeld/bestuur/").get_data(as_text=True)
    assert "J. Jansen" in page and "certificaat te laat" in page  # two years after 1 January 2024 have passed
    member_id = int(page.split('name="training-member"')[1].split('value="')[1].split('"')[0])
    client.post(
        "/o/voorbeeld/bestuur/opleidingen",
        data={
            "training-member": member_id,
            "training-course": "Cyberrisico's voor bestuurders",
            "training-trained_on": "2026-09-01",
            "training-certificate_on": "2026-09-02",
        },
    )
    assert db.exec(select(BoardTraining)).one().course == "Cyberrisico's voor bestuurders"
    page = client.get("/o/voorbeeld/bestuur/").get_data(as_text=True)
    assert "certificaat geldig" in page
