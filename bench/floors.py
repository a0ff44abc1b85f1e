"""`python -m bench.floors`: what each layer of the deployed stack costs per request, under the
ratios `make bench` reports.

`make bench` says how far each reader path is from its target; this says where the whole machine's
CPU goes for each, and how much of it any request through the same stack pays before the app does
its own work. On the bench's stack (`bench.run`: nginx with deploy/nginx.conf in front of gunicorn
×2 with deploy/gunicorn.conf.py, PostgreSQL and Redis, the same content), one wrk run each at 32
connections (`--seconds`, default 10), alternated over `--rounds` (default 2, the best kept):

1. `bare`: the bare view straight to gunicorn, the denominator of every ratio;
2. `bare via nginx, private way`: the same view at an address ending in `me/`, which
   deploy/nginx.conf sends straight to the app servers as it does the private answers (what the
   proxy adds to every private request);
3. `bare via nginx, public miss`: the same view at its own address, a page nginx's cache misses,
   fetched through the compressing server (what the proxy adds to a public page's miss);
4. `session via nginx`: a private answer that reads the signed-in reader's session and account
   (`request.user`) and nothing else (bench/urls.py): what any private answer costs first;
5. `session + 1 query via nginx`: the same and one primary-key query;
6. `me via nginx`: the article's private answer for a signed-in reader;
7. `signed-in view`: the public page (a HIT in nginx's cache) and its `me`, per view;
8. `react via nginx`: the react POST of a new anonymous reader.

For each: requests (or views) per second, the ratio to the bare view, and the CPU each kind of
process spent per request (the app's workers, nginx, PostgreSQL, Redis, wrk, the kernel's own
threads), read from /proc before and after the run. The machine's 2 cores are the budget: a path
at 0.5× the bare view may spend twice the bare view's CPU, all processes counted.

Writes bench/results/floors.json and prints a table. Environment as `make bench` (BENCH_DATABASE_URL,
BENCH_REDIS_URL, BENCH_PORT); run it on a quiet machine, as the bench.
"""

import argparse
import json
import os
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


TICKS = os.sysconf("SC_CLK_TCK")
GROUPS = (
    ("nginx", ("nginx",)),
    ("postgres", ("postgres",)),
    ("redis", ("redis-server",)),
)


def group_of(pid, command, app):
    """Which kind of process `pid` running `command` is: the app server (`app`: its pids), one of
    GROUPS by name, else the kernel's threads and the rest of the machine."""
    if int(pid) in app:
        return "app"
    for group, names in GROUPS:
        if any(name in command for name in names):
            return group
    return "kernel and other"


def cpu_by_process(app):
    """{(pid, group): CPU ticks} of every process now (user + system); `app`: the app server's pids."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
        except OSError:
            continue
        name, fields = stat.split("(", 1)[1].rsplit(")", 1)
        user, system = fields.split()[11:13]
        found[(pid, group_of(pid, os.path.basename(command) or name, app))] = int(user) + int(system)
    return found


def the_stack():
    """bench.run: the bench's environment, servers and wrk scripts (imported when measuring only:
    it sets the bench's environment up as it loads)."""
    from bench import run

    return run


def measured(server, address, script, seconds, per_view):
    """One wrk run: (views per second, {group: CPU ms per view})."""
    stack = the_stack()
    app = {server.process.pid, *server.workers()}
    before = cpu_by_process(app)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = stack.wrk(address, script, seconds)
    after = cpu_by_process(app)
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    views = run["requests"] / per_view
    if run["socket_errors"] or run["status_errors"] or views <= 0:
        raise RuntimeError(f"{address}: {run}")
    spent = {}
    for key, ticks in after.items():
        spent[key[1]] = spent.get(key[1], 0) + ticks - before.get(key, 0)
    per_view_ms = {group: ticks / TICKS * 1000 / views for group, ticks in spent.items()}
    wrk_seconds = sum(getattr(children_after, f) - getattr(children, f) for f in ("ru_utime", "ru_stime"))
    per_view_ms["wrk"] = wrk_seconds * 1000 / views
    return views / run["seconds"], per_view_ms


def paths(content, tokens):
    """(name, address, wrk script, requests per view) of each measured path."""
    stack = the_stack()
    app, front = stack.APP_PORT, stack.NGINX_PORT

    def private(name, path):
        return stack.page_view_script(name, path, path, content["sessions"])

    return [
        ("bare", stack.url(app, "/bench/bare/"), stack.get_script("bare"), 1),
        ("bare via nginx, private way", stack.url(front, "/bench/bare/me/"), stack.get_script("bare"), 1),
        ("bare via nginx, public miss", stack.url(front, "/bench/bare/"), stack.get_script("bare"), 1),
        (
            "session via nginx",
            stack.url(front, "/bench/session/me/"),
            private("session", "/bench/session/me/"),
            1,
        ),
        (
            "session + 1 query via nginx",
            stack.url(front, "/bench/session-query/me/"),
            private("query", "/bench/session-query/me/"),
            1,
        ),
        ("me via nginx", stack.url(front, content["me"]), private("me", content["me"]), 1),
        (
            "signed-in view (page + me)",
            stack.url(front, content["article"]),
            stack.page_view_script("signed-in", content["article"], content["me"], content["sessions"]),
            2,
        ),
        (
            "react via nginx",
            stack.url(front, content["react"]),
            stack.react_script("react", tokens, stack.url(front, "")),
            1,
        ),
    ]


def table(results):
    groups = ["app", "nginx", "postgres", "redis", "wrk", "kernel and other"]
    bare = results["bare"]["per_second"]
    lines = [
        "| path | per second | × bare | CPU ms per request (view): " + ", ".join(groups) + " | all |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, figure in results.items():
        cpu = figure["cpu_ms"]
        parts = ", ".join(f"{cpu.get(group, 0):.3f}" for group in groups)
        lines.append(
            f"| {name} | {figure['per_second']:,.0f} | {figure['per_second'] / bare:.3f} | {parts} "
            f"| {sum(cpu.values()):.3f} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    stack = the_stack()
    stack.prepare_database()
    content = stack.build_content()
    server = stack.Gunicorn(stack.APP_PORT)
    nginx = None
    results = {}
    try:
        nginx = stack.Nginx(stack.NGINX_PORT, stack.APP_PORT)
        stack.warm_workers(stack.APP_PORT, content)
        stack.request(stack.NGINX_PORT, "GET", content["article"], {"Accept-Encoding": "gzip"})
        tokens = stack.csrf_tokens(stack.NGINX_PORT, content["me"], 64)
        for _ in range(options.rounds):
            for name, address, script, per_view in paths(content, tokens):
                per_second, cpu = measured(server, address, script, options.seconds, per_view)
                best = results.get(name)
                if best is None or per_second > best["per_second"]:
                    results[name] = {"per_second": per_second, "cpu_ms": cpu}
    finally:
        if nginx is not None:
            nginx.stop()
        server.stop()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    out = ROOT / "bench" / "results" / "floors.json"
    out.write_text(json.dumps({"load_after": load, "results": results}, indent=2) + "\n")
    print(table(results))
    print(f"\n(load average after: {load}; {options.rounds} rounds of {options.seconds} s, the best kept)")


if __name__ == "__main__":
    main()
