"""What tests/quality/run asks of Lighthouse's reports: every category at least MIN_SCORE, and
no back-forward cache failure on the article page (the `bf-cache` audit).

    python scores.py MIN_SCORE REPORT.json [REPORT.json ...]

prints one line per report and exits 1, naming what fell short, if any report did. A report is
named <page>-<screen>.json.
"""

import json
import pathlib
import sys

BF_CACHE_PAGES = ("article",)  # public pages the back-forward cache must keep


def shortfalls(report, minimum):
    data = json.loads(report.read_text())
    scores = {key: round((value["score"] or 0) * 100) for key, value in data["categories"].items()}
    low = [f"{key} {score}" for key, score in scores.items() if score < minimum]
    line = "  ".join(f"{key} {score}" for key, score in scores.items())
    page = report.stem.rsplit("-", 1)[0]
    if page in BF_CACHE_PAGES:
        audit = data["audits"].get("bf-cache") or {}
        items = (audit.get("details") or {}).get("items") or []
        if audit.get("score") == 1:
            line += "  bf-cache ok"
        else:
            reasons = "; ".join(item.get("reason", "?") for item in items) or "not measured"
            low.append(f"back-forward cache: {reasons}")
            line += "  bf-cache FAILED"
    print(f"{report.stem:16} {line}")
    return [f"{report.stem}: {what}" for what in low]


def main(minimum, paths):
    low = [what for path in paths for what in shortfalls(pathlib.Path(path), minimum)]
    if low:
        print("Below the minimum:\n  " + "\n  ".join(low), file=sys.stderr)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1]), sys.argv[2:]))
