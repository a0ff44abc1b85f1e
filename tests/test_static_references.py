"""Every static file a template names exists: in production the manifest storage answers a page
that names a missing one with a server error, so a moved stylesheet or script is caught here."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]\s*%}""")


def template_files():
    roots = [Path(settings.BASE_DIR) / "templates"]
    roots += [path for path in Path(settings.BASE_DIR).glob("*/templates") if path.is_dir()]
    return [path for root in roots for path in root.rglob("*.html")]


def test_every_static_file_a_template_names_exists():
    named = {
        (str(path.relative_to(settings.BASE_DIR)), match)
        for path in template_files()
        for match in STATIC_TAG.findall(path.read_text())
    }
    assert len(named) > 20  # the pattern still finds the site's references
    missing = sorted((template, name) for template, name in named if not finders.find(name))
    assert missing == []
