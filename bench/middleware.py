"""`X-Bench-Queries` on every response: the SQL queries Django ran for it (bench settings only).

Counted with `connection.execute_wrapper` on every database alias, so it works with DEBUG off,
where Django keeps no query log. Outermost middleware: the session, user and everything the view
and the other middleware read are counted.
"""

from contextlib import ExitStack

from django.db import connections

HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(counted))
            response = self.get_response(request)
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
        response[HEADER] = str(count)
        return response
