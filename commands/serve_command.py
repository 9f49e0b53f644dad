"""``taizhang serve``: the web face on the same store as every other command."""

from __future__ import annotations

from typing import Annotated

import typer

from commands.output import DbOption, stdout, user_errors


def serve(host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="The port to listen on.")] = 8000,
          read_only: Annotated[bool, typer.Option("--read-only", help="Show everything, record nothing.")] = False,
          db: DbOption = None) -> None:
    """Serve the web face (pages in Chinese, English one click away) on this store until stopped."""
    import uvicorn

    from web.app import create_app

    with user_errors():
        app = create_app(db, read_only=read_only)
    stdout.print(f"serving {app.state.site.store.config.display} on http://{host}:{port}/"
                 f"{' (read-only)' if read_only else ''}", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command()(serve)
