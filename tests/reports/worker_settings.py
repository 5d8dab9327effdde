"""Settings for a worker whose statement takes a few seconds (to kill it in the middle)."""

from imdi.settings_test import *  # noqa: F403

REPORT_SECTION_PROVIDERS = ("tests.reports.sample.slow_provider",) * 3
