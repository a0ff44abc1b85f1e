from . import listicles  # noqa: F401 - registers the ModelAdmins
