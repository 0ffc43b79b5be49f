"""What every area shares: organisations, users and memberships, the audit trail, the acting user, append-only
revisions, the one error type with rule codes, value labels, the tabular (Excel) module, the clock and the
database types. No import of Flask, of `app` or of any other area: every package imports `core`, never back."""
