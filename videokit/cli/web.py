"""`videokit serve` (the review room) and `videokit user add|list|remove` (its accounts)."""

from __future__ import annotations

import sys

import click

from videokit.cli.common import console, emit_json, json_option, settings_from, store_from


@click.command()
@click.option("--host", help="Address to listen on (default 127.0.0.1: put a TLS reverse proxy in front).")
@click.option("--port", type=int, help="Port (default 8080).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Serve the review room: the queue, review and approval of videos, and each client's growth.

    Same database and job folders as the other commands; create accounts with `videokit user add`.

    \b
    Examples:
      videokit serve                       # http://127.0.0.1:8080
      videokit serve --port 9000
      videokit serve --host 0.0.0.0        # only behind a TLS reverse proxy (see README)
    """
    import uvicorn

    from videokit.web.app import create_app

    settings = settings_from(ctx)
    store = store_from(ctx, settings)
    app = create_app(settings, store)
    host, port = host or settings.web.host, port or settings.web.port
    if not store.users.all():
        console.print(
            "[yellow]No account yet:[/] create one with 'videokit user add EMAIL --role staff --client NAME'."
        )
    console.print(f"Review room on http://{host}:{port}  (Ctrl+C stops it)")
    # proxy_headers: the client address (login rate limit) comes from X-Forwarded-For set by a proxy on loopback
    uvicorn.run(
        app,
        host=host,
        port=port,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        log_level="warning",
        server_header=False,
    )


@click.group()
def user() -> None:
    """Accounts of the review room (`videokit serve`).

    \b
    Examples:
      videokit user add claire@cabinet.fr --role practitioner --client drmartin
      videokit user list
    """


@user.command("add")
@click.argument("email")
@click.option(
    "--role", type=click.Choice(["staff", "practitioner", "viewer"]), required=True, help="What the person may do."
)
@click.option("--client", "clients", multiple=True, metavar="NAME", help="A client they see (repeatable for staff).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (scripts).")
@json_option
@click.pass_context
def user_add(
    ctx: click.Context, email: str, role: str, clients: tuple[str, ...], password_stdin: bool, as_json: bool
) -> None:
    """Create an account, or change its role, clients and password.

    staff: the clients they are assigned; practitioner: their own client (review, approve);
    viewer: one client's growth only. The password is asked for (twice) unless piped.

    \b
    Examples:
      videokit user add anne@agence.fr --role staff --client drmartin --client drsmith
      videokit user add claire@cabinet.fr --role practitioner --client drmartin
      echo "$PASSWORD" | videokit user add manager@clinique.fr --role viewer --client drmartin --password-stdin
    """
    from videokit.web.accounts import add_user

    if password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = settings_from(ctx)
    account, created = add_user(store_from(ctx, settings).users, settings, email, role, clients, password)
    if as_json:
        emit_json({"email": account.email, "role": account.role, "clients": list(account.clients), "created": created})
        return
    click.echo(
        f"{'Created' if created else 'Updated'} {account.email} ({account.role}: {', '.join(account.clients) or 'no client'})"
    )


@user.command("list")
@json_option
@click.pass_context
def user_list(ctx: click.Context, as_json: bool) -> None:
    """List the accounts (never their passwords).

    \b
    Example:
      videokit user list --json
    """
    settings = settings_from(ctx)
    records = store_from(ctx, settings).users.all()
    if as_json:
        emit_json({"users": [{"email": r.email, "role": r.role, "clients": r.clients} for r in records]})
        return
    for r in records:
        click.echo(f"{r.email}  {r.role}  {', '.join(r.clients)}")


@user.command("remove")
@click.argument("email")
@click.pass_context
def user_remove(ctx: click.Context, email: str) -> None:
    """Remove an account (its sessions end at their next request).

    \b
    Example:
      videokit user remove anne@agence.fr
    """
    from videokit.errors import InputError

    settings = settings_from(ctx)
    if not store_from(ctx, settings).users.remove(email):
        raise InputError(f"{email}: no such account in {settings.database_url}; see 'videokit user list'")
    click.echo(f"Removed {email}")
