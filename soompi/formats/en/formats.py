"""The newsroom's one way of writing a moment, in its time zone with the zone named: "12 May 2017,
18:00 KST". Django's admin (change lists, read-only fields, history), the newsroom's own pages and
messages all format through these names, so no page mixes "May 12, 2017, 6 p.m." with a 24-hour
time or leaves the zone out. Dates alone keep Django's English formats: readers see those."""

DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
TIME_FORMAT = "H:i T"
