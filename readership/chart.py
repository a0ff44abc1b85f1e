"""Charts drawn on the server as inline SVG: geometry here, markup in `templates/readership/`.

No script and no third-party file: the admin page carries the picture, its title and description
for assistive technology, and the same numbers as a table.
"""

from django.utils.formats import date_format

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 14, 34
SPARK_WIDTH, SPARK_HEIGHT = 120, 28


def nice_ceiling(value):
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value` (at least 4): round gridlines."""
    value = max(value, 4)
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return int(step * magnitude) if step * magnitude == int(step * magnitude) else step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def bars(points):
    """A bar per (day, views): {"width", "height", "bars", "grid", "plot_left", "plot_bottom",
    "highest", "total"}; every few days labelled so 30 fit."""
    top = nice_ceiling(max((views for _, views in points), default=0))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(points), 1)
    label_every = 1 if len(points) <= 10 else 5
    drawn = []
    for position, (day, views) in enumerate(points):
        height = plot_height * views / top
        last = position == len(points) - 1
        drawn.append(
            {
                "day": day,
                "views": views,
                "x": round(LEFT + slot * position + slot * 0.15, 1),
                "y": round(TOP + plot_height - height, 1),
                "width": round(slot * 0.7, 1),
                "height": round(height, 1),
                "label_x": round(LEFT + slot * position + slot / 2, 1),
                "label": date_format(day, "M j")
                if (len(points) - 1 - position) % label_every == 0 or last
                else "",
            }
        )
    grid = [
        {"y": round(TOP + plot_height - plot_height * part / 4, 1), "value": top * part / 4}
        for part in range(5)
    ]
    for line in grid:
        value = line["value"]
        line["value"] = int(value) if value == int(value) else value
    highest = max(points, key=lambda point: point[1], default=(None, 0))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": drawn,
        "grid": grid,
        "plot_left": LEFT,
        "plot_right": WIDTH - RIGHT,
        "plot_bottom": TOP + plot_height,
        "label_y": TOP + plot_height + 20,
        "highest": {"day": highest[0], "views": highest[1]},
        "total": sum(views for _, views in points),
    }


def sparkline(values, dates):
    """A small line of one article's views per day, with a sentence saying what it shows."""
    top = max(max(values, default=0), 1)
    step = (SPARK_WIDTH - 4) / max(len(values) - 1, 1)
    points = " ".join(
        f"{2 + step * position:.1f},{SPARK_HEIGHT - 2 - (SPARK_HEIGHT - 4) * value / top:.1f}"
        for position, value in enumerate(values)
    )
    peak = max(range(len(values)), key=lambda position: (values[position], position)) if values else 0
    described = (
        f"Views per day from {date_format(dates[0], 'M j')} to {date_format(dates[-1], 'M j')}: "
        f"{values[0]} on the first day, {values[-1]} on the last, most on {date_format(dates[peak], 'M j')} "
        f"({values[peak]})"
        if values
        else "No views"
    )
    return {"width": SPARK_WIDTH, "height": SPARK_HEIGHT, "points": points, "label": described}
