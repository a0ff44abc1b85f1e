"""`make bench`'s verdicts (bench/harness.py): what it reads from wrk, the ratios and targets, and
the freshness and memory checks. Pure functions: no server, database or wrk needed."""

import pytest

from bench import harness

PLAIN_WRK = """Running 5s test @ http://127.0.0.1:8351/article/1/x/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.19s   993.02ms   3.28s    72.63%
    Req/Sec    13.82     11.82    60.00     74.51%
  95 requests in 5.10s, 32.80MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 17
Requests/sec:     18.62
Transfer/sec:      6.43MB
"""

LUA_LINE = (
    'BENCH_JSON {"requests": 1000, "duration_us": 4000000, "socket_errors": 0, "status_errors": 0, '
    '"p50_us": 12500, "p99_us": 80000, "ok": %d, "sent": %d}\n'
)


def run(rps, **extra):
    return {"requests": int(rps * 4), "seconds": 4.0, "rps": rps, "socket_errors": 0, "status_errors": 0,
            "p50_ms": 10.0, "p99_ms": 50.0} | extra  # fmt: skip


def test_the_lua_report_line_gives_exact_counts_rate_and_percentiles():
    parsed = harness.parse_wrk("Running 4s test\n" + LUA_LINE % (-1, -1) + "Requests/sec: 250.00\n")

    assert parsed["requests"] == 1000
    assert parsed["rps"] == pytest.approx(250.0)
    assert (parsed["p50_ms"], parsed["p99_ms"]) == (12.5, 80.0)
    assert "ok" not in parsed and "sent" not in parsed  # the script counted nothing


def test_a_counting_script_reports_its_2xx_answers_and_requests_sent():
    parsed = harness.parse_wrk(LUA_LINE % (990, 1030))

    assert (parsed["ok"], parsed["sent"]) == (990, 1030)


def test_plain_wrk_output_is_read_with_its_errors():
    parsed = harness.parse_wrk(PLAIN_WRK)

    assert parsed["requests"] == 95
    assert parsed["seconds"] == pytest.approx(5.10)
    assert parsed["rps"] == pytest.approx(95 / 5.10)
    assert parsed["status_errors"] == 17
    assert parsed["socket_errors"] == 5
    assert parsed["p50_ms"] is None


def test_a_run_in_minutes_is_converted_to_seconds():
    parsed = harness.parse_wrk(PLAIN_WRK.replace("95 requests in 5.10s", "6000 requests in 1.00m"))

    assert parsed["rps"] == pytest.approx(100.0)


@pytest.mark.parametrize("output", ["", "unable to connect to 127.0.0.1:8351 Connection refused\n"])
def test_output_without_figures_is_an_error_not_a_zero(output):
    with pytest.raises(harness.WrkOutputError):
        harness.parse_wrk(output)


def test_a_figure_is_the_median_run_with_its_spread():
    figure = harness.summary([run(100.0), run(300.0), run(200.0, status_errors=2)])

    assert (figure["rps"], figure["rps_min"], figure["rps_max"]) == (200.0, 100.0, 300.0)
    assert figure["status_errors"] == 2


def test_a_page_view_of_two_requests_counts_once():
    figure = harness.summary([run(400.0), run(600.0), run(500.0)], per_view=2)

    assert figure["rps"] == 250.0


def test_counted_answers_are_summed_only_when_every_run_counted_them():
    assert harness.summary([run(1.0, ok=3, sent=4), run(1.0, ok=5, sent=5)])["ok"] == 8
    assert "ok" not in harness.summary([run(1.0, ok=3, sent=4), run(1.0)])


def figure(rps, **extra):
    return {
        "rps": rps,
        "rps_min": rps * 0.9,
        "rps_max": rps * 1.1,
        "status_errors": 0,
        "socket_errors": 0,
    } | extra


@pytest.mark.parametrize(
    ("rps", "target", "verdict"),
    [(2000.0, 2.0, "PASS"), (1999.0, 2.0, "FAIL"), (50.0, 0.05, "PASS"), (49.0, 0.05, "FAIL")],
)
def test_a_figure_passes_when_its_ratio_to_bare_reaches_the_target(rps, target, verdict):
    line = harness.check("page", figure(rps), 1000.0, target)

    assert line.ratio == pytest.approx(rps / 1000.0)
    assert line.verdict == verdict


def test_a_failed_condition_fails_a_figure_fast_enough():
    line = harness.check("cold", figure(500.0), 1000.0, 0.05, [harness.at_most_queries(15, 10)])

    assert line.verdict == "FAIL"
    assert line.target == "≥ 0.05× bare; ≤ 10 queries (15)"


def test_error_answers_fail_a_figure_so_429s_are_never_measured_as_speed():
    limited = figure(5000.0, status_errors=120)

    assert harness.check("react", limited, 1000.0, 0.2, [harness.no_errors(limited)]).verdict == "FAIL"
    assert harness.no_errors(figure(1.0)) == ("no error answers (0)", True)


def test_the_bare_view_is_shown_without_a_verdict():
    line = harness.check("bare", figure(1000.0), 1000.0)

    assert (line.ratio, line.verdict, line.target) == (1.0, "", "")


def test_a_bare_rate_of_zero_gives_ratio_zero_not_a_crash():
    assert harness.check("page", figure(10.0), 0.0, 1.0).verdict == "FAIL"


def test_react_rows_must_equal_2xx_answers_in_the_closed_run():
    closed = {"posts": 300, "acknowledged": 300, "rows_added": 300}
    timed = {"acknowledged": 3647, "unanswered": 32, "rows_added": 3660}

    assert all(held for _, held in harness.rows_match(closed, timed))
    assert not harness.rows_match(closed | {"rows_added": 301}, timed)[0][1]
    assert not harness.rows_match(closed | {"acknowledged": 299, "rows_added": 299}, timed)[0][1]


@pytest.mark.parametrize("rows", [3646, 3680])
def test_timed_react_rows_outside_answered_and_in_flight_fail(rows):
    closed = {"posts": 300, "acknowledged": 300, "rows_added": 300}
    timed = {"acknowledged": 3647, "unanswered": 32, "rows_added": rows}

    assert not harness.rows_match(closed, timed)[1][1]


def test_pages_showing_the_newest_acknowledged_edit_are_fresh():
    edits = [(1, 10.0), (2, 11.0)]
    samples = [(10.5, 1), (11.2, 2), (12.5, 2)]

    fresh = harness.freshness(samples, edits)

    assert fresh.passed and fresh.violations == [] and fresh.worst_lag == 0.0


def test_an_older_page_within_the_grace_second_is_fresh():
    fresh = harness.freshness([(10.9, 0)], [(1, 10.0)])

    assert fresh.passed
    assert fresh.worst_lag == pytest.approx(0.9)


def test_an_older_page_more_than_a_second_after_the_edit_is_stale():
    edits = [(1, 10.0), (2, 11.0), (3, 12.0)]

    fresh = harness.freshness([(12.5, 1)], edits)

    assert not fresh.passed
    assert fresh.violations == [(12.5, 1, 2)]  # edit 2 was acknowledged more than 1 s before the request
    assert fresh.worst_lag == pytest.approx(1.5)  # edit 2 is the first newer one: 1.5 s before


def test_an_edit_acknowledged_after_the_page_was_asked_for_does_not_count():
    fresh = harness.freshness([(10.0, 0)], [(1, 10.2)])

    assert fresh.passed and fresh.worst_lag == 0.0


def test_a_page_newer_than_every_acknowledged_edit_is_fresh():
    assert harness.freshness([(10.0, 5)], [(1, 1.0)]).passed  # edit 5 committed, its answer still on the way


def test_a_sample_without_a_marker_fails_the_check():
    fresh = harness.freshness([(10.0, 1), (10.1, None)], [(1, 9.0)])

    assert fresh.unmarked == 1 and not fresh.passed


def test_no_samples_is_no_evidence_of_freshness():
    assert not harness.freshness([], [(1, 1.0)]).passed


def freshness_record(**changes):
    record = {"passed": True, "violation_count": 0, "unmarked": 0, "samples": 90, "edit_failure_count": 0,
              "edits_acknowledged": 9, "worst_lag_s": 0.4}  # fmt: skip
    return record | changes


def test_the_freshness_line_fails_on_a_failed_edit_or_no_edit_at_all():
    assert harness.freshness_check(freshness_record(), 1.0).verdict == "PASS"
    assert harness.freshness_check(freshness_record(edit_failure_count=1), 1.0).verdict == "FAIL"
    assert harness.freshness_check(freshness_record(edits_acknowledged=0), 1.0).verdict == "FAIL"
    assert harness.freshness_check(freshness_record(passed=False), 1.0).verdict == "FAIL"


def test_memory_growing_within_the_bound_is_flat():
    line = harness.memory_check({11: 100 * 1024, 12: 90 * 1024}, {11: 104 * 1024, 12: 90 * 1024}, 5, 20000)

    assert line.verdict == "PASS"
    assert "100/90 → 104/90 MiB (+4.0, +0.0)" in line.note


def test_memory_growing_past_the_bound_is_not_flat():
    assert harness.memory_check({11: 100 * 1024}, {11: 106 * 1024}, 5, 20000).verdict == "FAIL"


def test_a_worker_replaced_during_the_pass_voids_the_memory_comparison():
    assert harness.memory_growth({11: 1024}, {13: 1024}) is None
    assert harness.memory_check({11: 1024}, {13: 1024}, 5, 20000).verdict == "FAIL"


def test_the_table_shows_each_figure_its_ratio_target_and_verdict():
    table = harness.render_table(
        [
            harness.check("bare", figure(1000.0), 1000.0),
            harness.check("article", figure(2500.0), 1000.0, 2.0),
            harness.check("signed-in", figure(400.0), 1000.0, 0.5, unit="views/s"),
            harness.freshness_check(freshness_record(), 1.0),
        ]
    )
    rows = table.splitlines()

    assert rows[0] == "| figure | rate median [min–max] | × bare | target | result |"
    assert rows[2] == "| bare | 1,000 req/s [900–1,100] | 1.000 |  |  |"
    assert rows[3] == "| article | 2,500 req/s [2,250–2,750] | 2.500 | ≥ 2× bare | PASS |"
    assert rows[4].endswith("| 0.400 | ≥ 0.5× bare | FAIL |") and "views/s" in rows[4]
    assert rows[5].startswith("| freshness") and rows[5].endswith("| PASS |")


@pytest.mark.django_db
def test_the_bench_query_counter_puts_each_responses_queries_in_a_header(rf):
    from django.contrib.auth import get_user_model
    from django.http import HttpResponse

    from bench.middleware import HEADER, QueryCountMiddleware

    def view(request):
        users = get_user_model().objects
        return HttpResponse(f"{users.count()} {users.filter(is_staff=True).count()}")

    counted = QueryCountMiddleware(view)

    assert counted(rf.get("/"))[HEADER] == "2"
    assert QueryCountMiddleware(lambda request: HttpResponse("no query"))(rf.get("/"))[HEADER] == "0"


def test_the_statuses_a_counting_script_saw_are_named_with_the_errors():
    line = LUA_LINE.replace('"sent": %d}', '"sent": %d, "error_codes": "429 429 503 "}') % (997, 1000)
    figure = harness.summary([harness.parse_wrk(line) | {"status_errors": 3}])

    assert figure["error_codes"] == {"429": 2, "503": 1}
    assert harness.no_errors(figure) == ("no error answers (3 of status 429, 503)", False)
