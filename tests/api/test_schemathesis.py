"""The read API driven by a client nobody here wrote: Schemathesis reads `/api/v1/openapi.json` and
sends every operation requests made from it, valid and invalid, through Django's WSGI app.

Every answer must be one the schema documents (status, content type, body), no input may give a
500, invalid input must be refused and valid input accepted. Runs are derandomised (the same
examples each time) and bounded, so CI stays stable and quick.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from soompi.wsgi import application
from tests import factories

from .conftest import jpeg

EXAMPLES = 25  # per operation and phase

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20170512,
        "generation": {"max-examples": EXAMPLES, "deterministic": True},
        # An API client asks for JSON: refusals made before the API (a NUL in a query string) are
        # then JSON as well (soompi.middleware).
        "headers": {"Accept": "application/json"},
    }
)


# The schema as the app serves it (read through the WSGI app when the tests are collected).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


@pytest.fixture
def through_wsgi():
    """The WSGI handler closes the database connection after each request when it is not in
    autocommit, which the test's own transaction never is: as Django's test client does, leave the
    test's connection open between requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def catalogue(db, settings, through_wsgi):
    """A small published catalogue (and a draft) for the requests to find."""
    settings.API_RATE_PER_IP = 0  # thousands of requests from one address
    drama = factories.DramaFactory(slug="goblin", poster=jpeg("goblin.jpg", (300, 450)), poster_alt="Poster")
    drama.tags.add("fantasy")
    role = factories.RoleFactory(drama=drama, actor__slug="gong-yoo")
    for number in range(3):
        listicle = factories.PublishedListicleFactory(slug=f"article-{number}", title=f"Kiss number {number}")
        listicle.tags.add("romance")
        entry = factories.full_entry(listicle)
        entry.featuring.add(role)
    factories.ListicleFactory(slug="a-draft")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_answer_matches_the_schema_and_nothing_fails(catalogue, case):
    # A well-formed cursor is any such text to the schema, but only one this API signed is accepted:
    # its 400 is the documented answer, not valid data refused.
    excluded = [positive_data_acceptance] if (case.query or {}).get("cursor") else []
    case.call_and_validate(excluded_checks=excluded)
