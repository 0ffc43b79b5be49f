"""The reports area of the web app: generate, archive, download, verify; schedules and the scheduler."""
