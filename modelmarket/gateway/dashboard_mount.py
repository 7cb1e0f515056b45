"""``modelmarket serve --dashboard``: the dashboard (:mod:`modelmarket.dashboard`) under ``/dashboard``.

The dashboard's pages link from the site root (``/asset/3``, ``/provider/0x…``, forms to ``/`` and
``/provider``); served from a gateway they are answered by the same :class:`Dashboard` the
``modelmarket dashboard`` command runs, with those root links and redirects moved under
:data:`PREFIX`. Pages are built on a worker thread, never on the payment path's.
"""

from __future__ import annotations

from typing import Any

__all__ = ["PREFIX", "dashboard_routes", "prefixed"]

PREFIX = "/dashboard"


def prefixed(html: str) -> str:
    """The page with its root-relative links and form targets under :data:`PREFIX`."""
    return html.replace('href="/', f'href="{PREFIX}/').replace('action="/', f'action="{PREFIX}/')


def dashboard_routes(dashboard: Any) -> list[Any]:
    """Starlette routes answering ``/dashboard`` and everything below it from ``dashboard``
    (a :class:`modelmarket.dashboard.server.Dashboard`)."""
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import RedirectResponse, Response
    from starlette.routing import Route

    async def page(request: Request) -> Response:
        target = request.url.path.removeprefix(PREFIX) or "/"
        if request.url.query:
            target += f"?{request.url.query}"
        try:
            answer = await run_in_threadpool(dashboard.respond, target)
        except Exception as error:  # noqa: BLE001 - a failing page must not take the gateway down
            return Response(f"dashboard error: {type(error).__name__}: {error}", 500, media_type="text/plain")
        if answer.location:
            return RedirectResponse(PREFIX + answer.location, status_code=answer.status)
        return Response(prefixed(answer.body), answer.status, {"cache-control": "no-store"},
                        media_type=answer.content_type)

    return [Route(PREFIX, page), Route(PREFIX + "/{rest:path}", page)]
