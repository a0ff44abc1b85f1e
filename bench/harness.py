"""The parts of `make bench` that decide: reading wrk's output, the figures and their ratios, the
targets with PASS/FAIL, the freshness check and the table. No process, socket or database here,
so tests/test_bench_harness.py checks every verdict the bench prints.
"""

import re
import statistics
from dataclasses import dataclass, field

# wrk's own summary lines, read beside the JSON line bench/run.py's Lua `done` prints.
WRK_JSON = re.compile(r"^BENCH_JSON (\{.*\})$", re.MULTILINE)
WRK_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
WRK_NON_2XX = re.compile(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", re.MULTILINE)
WRK_SOCKET = re.compile(
    r"^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", re.MULTILINE
)
WRK_TOTAL = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m),", re.MULTILINE)
UNIT_SECONDS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


class WrkOutputError(ValueError):
    """wrk printed nothing the bench can read (it failed, or the Lua report is missing)."""


def parse_wrk(output):
    """One wrk run as a dict: requests, seconds, rps, socket_errors, status_errors (HTTP ≥ 400, as
    wrk counts them), p50_ms, p99_ms, and `ok` (2xx answers) and `sent` when the script counts them.

    The JSON line printed by the bench's Lua `done` is preferred (exact counts, percentiles); wrk's
    own summary (`N requests in 5.00s`, `Non-2xx or 3xx responses`, `Socket errors`) is read when
    the line is missing, so a plain `wrk` output parses too.
    """
    found = WRK_JSON.search(output)
    if found:
        import json

        raw = json.loads(found.group(1))
        seconds = raw["duration_us"] / 1e6
        if seconds <= 0:
            raise WrkOutputError("wrk ran for no time")
        run = {
            "requests": raw["requests"],
            "seconds": seconds,
            "socket_errors": raw["socket_errors"],
            "status_errors": raw["status_errors"],
            "p50_ms": raw["p50_us"] / 1000,
            "p99_ms": raw["p99_us"] / 1000,
        }
        for name in ("ok", "sent"):
            if raw.get(name, -1) >= 0:
                run[name] = raw[name]
        if raw.get("error_codes", "").strip():
            run["error_codes"] = raw["error_codes"].split()
    else:
        total = WRK_TOTAL.search(output)
        if not total:
            raise WrkOutputError("no request count in wrk's output: " + output.strip()[-300:])
        socket = WRK_SOCKET.search(output)
        status = WRK_NON_2XX.search(output)
        run = {
            "requests": int(total.group(1)),
            "seconds": float(total.group(2)) * UNIT_SECONDS[total.group(3)],
            "socket_errors": sum(int(n) for n in socket.groups()) if socket else 0,
            "status_errors": int(status.group(1)) if status else 0,
            "p50_ms": None,
            "p99_ms": None,
        }
    run["rps"] = run["requests"] / run["seconds"]
    return run


def summary(runs, *, per_view=1):
    """Several runs of one figure: the median rate and its spread. `per_view` requests make one
    unit (the signed-in page view is the page and its `me` request: 2)."""
    rates = [run["rps"] / per_view for run in runs]
    latencies = {
        name: [run[name] for run in runs if run.get(name) is not None] for name in ("p50_ms", "p99_ms")
    }
    figure = {
        "rates": rates,
        "rps": statistics.median(rates),
        "rps_min": min(rates),
        "rps_max": max(rates),
        "requests": sum(run["requests"] for run in runs),
        "status_errors": sum(run["status_errors"] for run in runs),
        "socket_errors": sum(run["socket_errors"] for run in runs),
    }
    for name, values in latencies.items():
        figure[name] = statistics.median(values) if values else None
    for name in ("ok", "sent"):
        if all(name in run for run in runs):
            figure[name] = sum(run[name] for run in runs)
    codes = [code for run in runs for code in run.get("error_codes", [])]
    if codes:
        figure["error_codes"] = {code: codes.count(code) for code in sorted(set(codes))}
    return figure


def ratio(rate, bare):
    return rate / bare if bare > 0 else 0.0


@dataclass
class Check:
    """One line of the table: a figure, its ratio to the bare view, the target and whether it holds.

    `at_least` is the ratio the figure must reach (None: no ratio target); `conditions` are further
    (description, held) pairs, e.g. the query count or rows equal to acknowledged posts. A check
    holds when the ratio reaches its target and every condition holds.
    """

    label: str
    rate: float | None
    ratio: float | None
    at_least: float | None = None
    conditions: list = field(default_factory=list)
    unit: str = "req/s"
    spread: tuple | None = None
    note: str = ""

    @property
    def passed(self):
        ratio_ok = self.at_least is None or (self.ratio is not None and self.ratio >= self.at_least)
        return ratio_ok and all(held for _, held in self.conditions)

    @property
    def judged(self):
        return self.at_least is not None or bool(self.conditions)

    @property
    def verdict(self):
        return ("PASS" if self.passed else "FAIL") if self.judged else ""

    @property
    def target(self):
        parts = [f"≥ {self.at_least:g}× bare"] if self.at_least is not None else []
        return "; ".join(parts + [text for text, _ in self.conditions])


def check(label, figure, bare, at_least=None, conditions=(), *, unit="req/s", note=""):
    """A Check of a throughput figure (see `summary`) against the bare view's rate."""
    return Check(
        label=label,
        rate=figure["rps"],
        ratio=ratio(figure["rps"], bare),
        at_least=at_least,
        conditions=list(conditions),
        unit=unit,
        spread=(figure["rps_min"], figure["rps_max"]),
        note=note,
    )


@dataclass
class Freshness:
    samples: int
    violations: list  # (sent_at, marker seen, marker required)
    worst_lag: float  # seconds: the longest any reader was shown a page older than an acknowledged edit
    unmarked: int  # samples without a readable marker (an error answer, or a page without it)

    @property
    def passed(self):
        return self.samples > 0 and not self.violations and self.unmarked == 0


def freshness(samples, edits, grace=1.0):
    """Whether every sampled page was at least as new as the last edit acknowledged `grace`
    seconds before the page was asked for.

    `samples`: (sent_at, marker) for each sampled response, `marker` the edit number the page
    shows (None when it shows none); `edits`: (marker, acknowledged_at) for each edit the app
    acknowledged. A page asked for at `t` showing edit `m` is stale by `t - acknowledged_at` of the
    first acknowledged edit newer than `m`; it is a violation when that exceeds `grace`.
    """
    acknowledged = sorted(edits, key=lambda edit: edit[1])
    violations, worst, unmarked = [], 0.0, 0
    for sent_at, marker in samples:
        if marker is None:
            unmarked += 1
            continue
        newer = [at for number, at in acknowledged if number > marker and at <= sent_at]
        if not newer:
            continue
        lag = sent_at - min(newer)
        worst = max(worst, lag)
        if lag > grace:
            required = max(number for number, at in acknowledged if at <= sent_at - grace)
            violations.append((sent_at, marker, required))
    return Freshness(samples=len(samples), violations=violations, worst_lag=worst, unmarked=unmarked)


def memory_growth(before, after):
    """MiB each worker grew between two samples of {pid: RSS KiB}; a worker replaced in between
    (another pid) makes the comparison void: None."""
    if not before or set(before) != set(after):
        return None
    return {pid: (after[pid] - before[pid]) / 1024 for pid in before}


def no_errors(figure):
    """A condition: wrk saw no answer ≥ 400 (a 429 from a rate limit among them) and no socket error;
    the statuses are named when the script noted them."""
    errors = figure["status_errors"] + figure["socket_errors"]
    codes = figure.get("error_codes") or {}
    named = " of status " + ", ".join(codes) if codes else ""  # the first hundred per wrk thread
    return (f"no error answers ({errors}{named})", errors == 0)


def at_most_queries(count, most):
    return (f"≤ {most} queries ({count})", count is not None and count <= most)


def rows_match(closed, timed):
    """Conditions on the react posts: in the closed run (every post answered before counting) the
    rows added equal the 2xx answers, and every post was answered 2xx; in the timed wrk run, where
    wrk stops with posts in flight, the rows lie between the 2xx answers and those plus the posts
    wrk sent but never saw answered."""
    low, high = timed["acknowledged"], timed["acknowledged"] + timed["unanswered"]
    rows, answered = closed["rows_added"], closed["acknowledged"]
    return [
        (
            f"closed run: rows = 2xx ({rows} = {answered} of {closed['posts']})",
            closed["rows_added"] == closed["acknowledged"] == closed["posts"],
        ),
        (
            f"timed run: 2xx ≤ rows ≤ 2xx + unanswered ({low} ≤ {timed['rows_added']} ≤ {high})",
            low <= timed["rows_added"] <= high,
        ),
    ]


def freshness_check(fresh, grace):
    """The table's line for the freshness run (`fresh`: what bench/run.py recorded)."""
    held = fresh["passed"] and fresh["edit_failure_count"] == 0 and fresh["edits_acknowledged"] > 0
    return Check(
        label="freshness: pages sampled during the anonymous article run",
        rate=None,
        ratio=None,
        conditions=[
            (
                f"none older than the last acknowledged edit + {grace:g} s ({fresh['violation_count']} "
                f"stale, {fresh['unmarked']} unreadable of {fresh['samples']}; "
                f"{fresh['edit_failure_count']} failed edits)",
                held,
            )
        ],
        note=f"{fresh['edits_acknowledged']} edits acknowledged, worst lag {fresh['worst_lag_s']:.2f} s",
    )


def memory_check(before, after, bound_mib, requests):
    """The table's line for memory: each worker's RSS (KiB by pid) before and after the measured pass."""
    growth = memory_growth(before, after)
    shown = "/".join(f"{kib / 1024:.0f}" for kib in before.values())
    shown += " → " + "/".join(f"{kib / 1024:.0f}" for kib in after.values()) + " MiB"
    if growth is None:
        shown += " (workers replaced: no comparison)"
    else:
        shown += " (" + ", ".join(f"{mib:+.1f}" for mib in growth.values()) + ")"
    return Check(
        label="memory: gunicorn workers' RSS over the measured pass",
        rate=None,
        ratio=None,
        conditions=[
            (
                f"growth ≤ {bound_mib:g} MiB per worker",
                growth is not None and max(growth.values()) <= bound_mib,
            )
        ],
        note=f"{shown} over {requests:,} requests",
    )


def render_table(checks):
    rows = [
        "| figure | rate median [min–max] | × bare | target | result |",
        "| --- | --- | --- | --- | --- |",
    ]
    for item in checks:
        if item.rate is None:
            rate = item.note
        else:
            spread = f" [{item.spread[0]:,.0f}–{item.spread[1]:,.0f}]" if item.spread else ""
            rate = f"{item.rate:,.0f} {item.unit}{spread}" + (f"; {item.note}" if item.note else "")
        shown_ratio = "" if item.ratio is None else f"{item.ratio:.3f}"
        rows.append(f"| {item.label} | {rate} | {shown_ratio} | {item.target} | {item.verdict} |")
    return "\n".join(rows)
