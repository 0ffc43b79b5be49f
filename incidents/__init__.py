"""The Cbw reporting duty: the incident register with its significance, clocks, messages sent and reminders,
and the board training register (Cbw art. 24)."""
