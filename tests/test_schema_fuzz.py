"""Schema-driven fuzzing: every API operation, with generated parameters, against its own schema.

Schemathesis reads /api/schema/ from the WSGI app and, for each operation, sends generated
requests (valid and invalid parameters) and runs every check it has: no server error, documented
status codes, content types, headers and bodies, invalid data refused and valid data accepted,
405 with Allow for undocumented methods. At least MINIMUM_CASES requests in all.
"""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import CHECKS as REGISTERED_CHECKS

from .factories import (
    MapCategoryFactory,
    PolicyFactory,
    PolicyMapFactory,
    ResourceFactory,
    ResourceFileFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

# Per operation; about a dozen operations.
EXAMPLES = 200
MINIMUM_CASES = 1000


@pytest.fixture
def api_schema(texas_with_counties):
    _texas, counties = texas_with_counties
    daca = TopicFactory(name="DACA", slug="daca")
    advisory = ResourceFactory(
        title="DACA advisory",
        slug="daca-advisory",
        topics=[daca],
        jurisdictions=[counties["Harris County"]],
        revision_date=datetime.date(2021, 1, 1),
    )
    ResourceFileFactory(resource=advisory)
    detainers = PolicyMapFactory(slug="detainers", title="Detainer map")
    PolicyFactory(
        category=MapCategoryFactory(policy_map=detainers, slug="no-holds"),
        jurisdiction=counties["Harris County"],
    )
    # The test client does the same: keep the test's transaction open across requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


import schemathesis.specs.openapi.checks  # noqa: E402,F401 - registers the OpenAPI checks

CHECKS = REGISTERED_CHECKS.get_all()


def test_api_answers_as_documented(api_schema):
    # Each operation is its own Hypothesis run, so a failure names the operation and shrinks
    # to the smallest request that shows it.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {"/api/resources/", "/api/jurisdictions/{geoid}/"} <= {op.path for op in operations}
    assert len(CHECKS) >= 10
    failures = []
    cases = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            cases.append(case)
            case.call_and_validate(checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - collect all, then fail
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
    assert len(cases) >= MINIMUM_CASES
