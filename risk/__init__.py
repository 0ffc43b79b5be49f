"""The risk register, its 5x5 matrix and heatmaps, P&C moments with frozen snapshots, weerstandsvermogen.

Importing the package registers its step of every answer save (the answer -> risk links, risk/answer_links.py)."""

from risk import answer_links as _answer_links  # noqa: F401 - registers the step
