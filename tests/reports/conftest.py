import pytest

SAMPLE = "tests.reports.sample.sample_provider"


@pytest.fixture
def sample_providers(settings):
    """The statement built from the hand-made sample section (no app data needed)."""
    settings.REPORT_SECTION_PROVIDERS = (SAMPLE,)
