"""Reading an interchange file from disk, with problems a person can act on."""

import json
import sys

from .problems import InterchangeError


def load_file(path):
    """The parsed JSON of the file at path ("-" reads standard input)."""
    try:
        if str(path) == "-":
            return json.load(sys.stdin)
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except FileNotFoundError:
        raise InterchangeError([f"{path}: no such file"]) from None
    except IsADirectoryError:
        raise InterchangeError([f"{path}: is a directory, not a JSON file"]) from None
    except OSError as error:
        raise InterchangeError([f"{path}: cannot be read ({error.strerror})"]) from None
    except UnicodeDecodeError:
        raise InterchangeError([f"{path}: is not UTF-8 text"]) from None
    except RecursionError:
        raise InterchangeError([f"{path}: the JSON is nested too deeply to be a listicle"]) from None
    except json.JSONDecodeError as error:
        raise InterchangeError(
            [f"{path}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"]
        ) from None
