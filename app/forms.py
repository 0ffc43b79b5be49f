"""Form plumbing shared by every area."""

from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
