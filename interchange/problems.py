"""Problems found in an interchange file, each named by its JSON path."""


class InterchangeError(ValueError):
    """A file that cannot be imported; `problems` lists every reason as "json.path: message"."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class Invalid(Exception):
    """Raised by a reader for the value at hand; the caller adds the path."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class Path:
    """A position in the file, e.g. entries[3].drama.title, that collects the problems found there."""

    def __init__(self, problems=None, parts=()):
        self.problems = [] if problems is None else problems
        self.parts = parts

    def __truediv__(self, key):
        return Path(self.problems, (*self.parts, key))

    def __str__(self):
        text = ""
        for part in self.parts:
            text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
        return text or "file"

    def add(self, message):
        self.problems.append(f"{self}: {message}")

    def raise_problems(self):
        if self.problems:
            raise InterchangeError(self.problems)
