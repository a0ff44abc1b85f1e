"""Form classes made for one request: the admin hands a form what it needs through its constructor."""


def with_arguments(form_class, **arguments):
    """A subclass of `form_class` whose instances are made with these keyword arguments.

    The admin instantiates the form class it gets from `get_form()` (and formsets their forms)
    with fixed arguments; this is how a form still receives, say, the user it is filled in for.
    """

    class Bound(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **arguments, **kwargs)

    Bound.__name__ = Bound.__qualname__ = form_class.__name__
    return Bound
