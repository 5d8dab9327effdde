import pytest

from imdi.celery import app as celery_app

SAMPLE = "tests.reports.sample.sample_provider"


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in process, except in the tests that start a real worker."""
    if request.node.get_closest_marker("services"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def sample_providers(settings):
    """The statement built from the hand-made sample section (no app data needed)."""
    settings.REPORT_SECTION_PROVIDERS = (SAMPLE,)
