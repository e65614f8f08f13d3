"""`videokit approve`, `request-changes`, `approvals` and `approval-pdf`: the practitioner's sign-off."""

from __future__ import annotations

from pathlib import Path

import click

from videokit.cli.common import emit_json, json_option, settings_from, store_from
from videokit.workflow.jobs import find_job


@click.command()
@click.argument("job_ref", metavar="JOB")
@click.option("--by", "by", required=True, metavar="NAME", help="Who approves, as it should appear on the record.")
@click.option("--note", metavar="TEXT", help="A remark kept with the approval.")
@json_option
@click.pass_context
def approve(ctx, job_ref, by, note, as_json):
    """Record the practitioner's approval of a job exactly as it is now: the fingerprints of
    final.mp4, captions, thumbnail and metadata, and the findings with the reasons they were
    accepted for. Publishing again then uploads it; any change before that voids the approval.

    \b
    JOB is the job id that 'publish' names when it stops for approval, or the job folder.
    Examples:
      videokit approve drmartin-1a2b3c4d5e6f7a8b-publish --by "Dr Jeanne Martin"
      videokit approve drmartin-1a2b3c4d5e6f7a8b-publish --by "Dr Jeanne Martin" --note "relu le 3/12"
    """
    from videokit.compliance.approval import approve as record_approval

    store = store_from(ctx, settings_from(ctx))
    approval = record_approval(store.approvals, find_job(store.jobs, job_ref), by, note)
    if as_json:
        emit_json(approval)
    else:
        click.echo(
            f"approved job {approval.job_id} by {approval.by} at {approval.at:%Y-%m-%d %H:%M} UTC "
            f"(final.mp4 {approval.fingerprint.video[:12]}, title {approval.content.title!r}); publish it again to upload"
        )


@click.command("request-changes")
@click.argument("job_ref", metavar="JOB")
@click.option("--by", "by", required=True, metavar="NAME", help="Who asks, as it should appear on the record.")
@click.option("--note", required=True, metavar="TEXT", help="What to change.")
@json_option
@click.pass_context
def request_changes(ctx, job_ref, by, note, as_json):
    """Record that the practitioner asks for changes instead of approving; the upload waits for
    a new approval.

    \b
    JOB is the job id that 'publish' names when it stops for approval, or the job folder.
    Example:
      videokit request-changes drmartin-1a2b3c4d5e6f7a8b-publish --by "Dr Jeanne Martin" --note "titre trop vague"
    """
    from videokit.compliance.approval import request_changes as record_request

    store = store_from(ctx, settings_from(ctx))
    request = record_request(store.approvals, find_job(store.jobs, job_ref), by, note)
    if as_json:
        emit_json(request)
    else:
        click.echo(f"changes requested on job {request.job_id} by {request.by}: {request.note}")


@click.command()
@click.option("--client", "client_name", required=True, metavar="NAME", help="Client whose jobs to list.")
@json_option
@click.pass_context
def approvals(ctx, client_name, as_json):
    """List a client's sign-off: each job waiting for approval or decided on, with its state
    (missing, approved, void with what changed, changes-requested), then every decision.

    \b
    Examples:
      videokit approvals --client drmartin
      videokit approvals --client drmartin --json
    """
    from videokit.compliance.approval import client_approvals

    settings = settings_from(ctx)
    client = settings.client(client_name)
    store = store_from(ctx, settings)
    listing = client_approvals(store.approvals, store.jobs, client.name)
    if as_json:
        emit_json(listing)
        return
    if not listing.jobs and not listing.decisions:
        click.echo(f"client {client.name}: no job waits for approval, none was decided on")
        return
    for job in listing.jobs:
        why = "; ".join(f"{c.what}: {c.detail}" for c in job.status.changes)
        click.echo(
            f"{job.status.state:<17} {job.job_id}  {Path(job.source).name}  {job.title}" + (f"  ({why})" if why else "")
        )
    if listing.decisions:
        click.echo("decisions:")
    for d in listing.decisions:
        note = f"  «{d.note}»" if d.note else ""
        click.echo(f"  {d.decision:<17} {d.job_id}  {d.at:%Y-%m-%d %H:%M} UTC  by {d.by}  {d.content.title}{note}")


@click.command("approval-pdf")
@click.argument("job_ref", metavar="JOB")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="PDF (or .html) to write.",
)
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Language of the record (default: the video's).")
@click.pass_context
def approval_pdf(ctx, job_ref, output, lang):
    """Write the job's last sign-off decision as a PDF for the practitioner's file: who approved,
    when, the title, description, tags and chapters as approved, the findings with the reasons
    they were accepted for, the fingerprints, and whether the job still matches them. Without a
    decision yet, the record shows what would be approved (to review before approving).

    \b
    JOB is the job id that 'publish' names when it stops for approval, or the job folder.
    Examples:
      videokit approval-pdf drmartin-1a2b3c4d5e6f7a8b-publish -o approval.pdf
      videokit approval-pdf ~/videokit/jobs/drmartin/consult-1a2b3c4d5e6f-publish -o approval.html
    """
    from videokit.compliance.approval import approval_status, preview, to_approval
    from videokit.reports.approval import write_approval
    from videokit.reports.pdf import PageFormat

    settings = settings_from(ctx)
    store = store_from(ctx, settings)
    job = find_job(store.jobs, job_ref)
    last = store.approvals.latest(job.id)
    decision = to_approval(last) if last else preview(job)
    status = approval_status(store.approvals, job)
    fmt: PageFormat = "html" if output.suffix.lower() in (".html", ".htm") else "pdf"
    click.echo(str(write_approval(decision, status, output, fmt, settings.reports, lang)))
