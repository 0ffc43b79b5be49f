"""`naleving incidents add|list|show|report`."""

from __future__ import annotations

from tests.incidents.conftest import NOW
from tests.reports.pdftext import page_texts


def test_add_list_show_with_each_deadline_on_its_own_line_in_local_time(cli, world, add_incident):
    # the day before summer time ends: 24 h later is 11:00 on the wall clock
    assert add_incident("Storing DigiD", "2026-10-24 12:00", "Inlog werkt niet") == "I-001"
    listed = cli("incidents", "list", "--org", "voorbeeld")
    assert listed.stdout.startswith("I-001\t2026-10-24 12:00\tsignificant")
    shown = cli("incidents", "show", "--org", "voorbeeld", "I-001")
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert "2026-10-25 11:00 vroegtijdige waarschuwing (open)" in lines
    assert "2026-10-27 11:00 incidentmelding (open)" in lines
    assert "2026-11-27 11:00 voortgangsverslag (open)" in lines
    assert cli("incidents", "show", "--org", "andere", "1").exit_code == 1


def test_bad_input_is_one_line_and_exit_1(cli, world, fixed_clock):
    fixed_clock(NOW)
    result = cli("incidents", "add", "--org", "voorbeeld", "--title", "x", "--aware-at", "gisteren")
    assert result.exit_code == 1 and "ongeldig moment" in result.stderr
    result = cli("incidents", "add", "--org", "voorbeeld", "--title", "x", "--aware-at", "2027-01-01 00:00")
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_report_writes_the_draft_with_what_the_law_asks(cli, world, add_incident, tmp_path):
    add_incident("Ransomware", "2026-10-24 12:00")
    for kind, words in (
        ("early-warning", ("Vroegtijdige waarschuwing I-001", "kwaadwillige", "grensoverschrijdende")),
        ("notification", ("Incidentmelding I-001", "Indicatoren van compromittering")),
        ("final", ("Voortgangsverslag I-001", "grondoorzaak")),
    ):
        out = tmp_path / f"{kind}.pdf"
        result = cli("incidents", "report", "--org", "voorbeeld", "I-001", "--kind", kind, "--out", str(out))
        assert result.exit_code == 0, result.stderr
        text = " ".join(" ".join(page_texts(out.read_bytes())).split())
        for word in words + ("Minister van Binnenlandse Zaken", "essentiële entiteit"):
            assert word in text, (kind, word)
