"""Demo answers of Gemeente Voorbeeld on ISO/IEC 27001 clauses (the ISMS of BIO2 part 1), in the form of
app/answers/demo.py: code -> revisions (days ago, fields, evidence link or None)."""

from __future__ import annotations

DONE = {
    "applicability": "applicable",
    "implementation": "implemented",
    "design": "sufficient",
    "existence": "sufficient",
}

CLAUSES: dict[str, list[tuple[int, dict, str | None]]] = {
    "27001-4.3": [
        (
            50,
            {
                **DONE,
                "owner": "CISO",
                "explanation": "Reikwijdte vastgelegd in het scoperegister en gepubliceerd op de website.",
            },
            None,
        )
    ],
    "27001-5.1": [
        (
            70,
            {
                **DONE,
                "owner": "Gemeentesecretaris",
                "explanation": "Het college bespreekt informatiebeveiliging elk kwartaal; budget in de begroting.",
            },
            None,
        )
    ],
    "27001-6.1.2": [
        (
            100,
            {
                "applicability": "applicable",
                "implementation": "partially",
                "owner": "CISO",
                "planned_in": 150,
                "design": "sufficient",
                "explanation": "Quickscan voor alle systemen gedaan; de volledige risicoanalyse loopt nog voor "
                "drie kritieke systemen.",
            },
            None,
        )
    ],
    "27001-6.1.3": [
        (
            60,
            {
                **DONE,
                "owner": "CISO",
                "explanation": "De verklaring van toepasselijkheid wordt uit Naleving gemaakt en jaarlijks "
                "door het college vastgesteld.",
            },
            None,
        )
    ],
    "27001-9.2.2": [
        (
            200,
            {
                "applicability": "applicable",
                "implementation": "planned",
                "owner": "Concerncontrol",
                "planned_in": 240,
                "explanation": "Het auditprogramma 2027 wordt opgesteld met de interne controle.",
            },
            None,
        )
    ],
    "27001-9.3.1": [
        (
            30,
            {
                **DONE,
                "owner": "Directie",
                "explanation": "Directiebeoordeling jaarlijks bij de jaarrekening, in de P&C-cyclus.",
            },
            None,
        )
    ],
}
