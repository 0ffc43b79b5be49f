"""The reports tests' fixtures, for the ops tests of the archive and the schedules."""

from tests.reports.conftest import archive, fixed_clock, stand_in_builders  # noqa: F401 - fixtures
