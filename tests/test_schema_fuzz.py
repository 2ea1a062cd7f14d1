"""Schema-driven fuzzing: every API operation, with generated parameters, against its own schema.

Schemathesis reads /api/schema/ from the WSGI app and, for each operation, sends generated
requests (valid and invalid parameters); every response must not be a server error, must use a
documented status code and content type, and must match the documented response schema.
"""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .factories import (
    MapCategoryFactory,
    PolicyFactory,
    PolicyMapFactory,
    ResourceFactory,
    ResourceFileFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

# Per operation; about a dozen operations, so the whole run stays well under a minute.
EXAMPLES = 30


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


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_api_answers_as_documented(api_schema):
    # Each operation is its own Hypothesis run, so a failure names the operation and shrinks
    # to the smallest request that shows it.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {"/api/resources/", "/api/jurisdictions/{geoid}/"} <= {op.path for op in operations}
    failures = []
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
            case.call_and_validate(checks=CHECKS)

        try:
            run()
        except Exception as error:  # noqa: BLE001 - collect every operation's failure, then fail
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
