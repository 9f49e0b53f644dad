"""The web face: the same store and the same use cases as the CLI, in a browser (``taizhang serve``).

``web.app.create_app(store_url)`` builds the ASGI application. Pages are rendered
on the server (Jinja2) and work without JavaScript; every word comes from the
gettext catalogs (``ledger.i18n``). No rule lives here: a route parses, calls one
application or read-model function, and renders.
"""
