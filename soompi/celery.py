"""The Celery application: `celery -A soompi worker` runs the background tasks.

Settings come from Django's (the `CELERY_` ones). Without a broker, tasks run in-process when
they are queued (`CELERY_TASK_ALWAYS_EAGER`), so local development needs no worker. The tasks:
reply emails (`comments.notifications`), image renditions (`pictures.tasks`), and from
`celery -A soompi beat` (its `CELERY_BEAT_SCHEDULE`) the Watch Now link check (`dramas.tasks`) and
the scheduled changes to live articles (`newsroom.tasks`).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soompi.settings")

app = Celery("soompi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="notifications")  # reply emails (comments)
app.autodiscover_tasks()  # tasks.py: renditions, watch-link checks, scheduled changes to live articles
