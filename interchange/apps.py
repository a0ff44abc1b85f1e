from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    """Listicles as JSON files: the import/export format and its commands (no models of its own)."""

    name = "interchange"
    verbose_name = "Import and export"
