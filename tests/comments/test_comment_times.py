"""The comment head's times are written as the template `date` filter would write them."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from comments.templatetags.comments import iso_time, long_time

MOMENTS = [
    datetime(2017, 5, 12, 9, 0, tzinfo=UTC),
    datetime(2024, 1, 1, 0, 0, 5, 123456, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC),
]


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("zone", ["Asia/Seoul", "UTC", "America/New_York", "Asia/Kolkata"])
def test_the_fast_filters_write_what_the_date_filter_writes(moment, zone):
    with timezone.override(zone), translation.override("en"):
        written = Template("{{ t|date:'c' }}|{{ t|date:'F j, Y, H:i T' }}").render(Context({"t": moment}))
        assert f"{iso_time(moment)}|{long_time(moment)}" == written


def test_no_time_writes_nothing():
    assert iso_time(None) == long_time(None) == ""
