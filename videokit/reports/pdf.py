"""A report page written as self-contained HTML, or printed to an A4 PDF with headless Chromium's
own print engine (the page's @page CSS applies)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Literal

from videokit import fsutil
from videokit.errors import ConfigError, OutputError
from videokit.reports.options import ReportsOptions

PageFormat = Literal["html", "pdf"]

# Flags checked on this kind of machine: no sandbox as root, no GPU, and nothing phoning home.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


def html_to_pdf(html: Path, pdf: Path, chromium: Path, timeout: float) -> None:
    """Print `html` to `pdf`; the PDF appears complete or not at all."""
    if not Path(chromium).exists():
        raise ConfigError(
            f"{chromium}: Chromium not found (setting reports.chromium); install it (apt-get install chromium) or point the setting at it"
        )
    with tempfile.TemporaryDirectory(prefix="videokit-chromium-") as profile, fsutil.atomic_path(pdf) as tmp:
        cmd = [
            str(chromium),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={tmp}",
            Path(html).resolve().as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise OutputError(
                f"{pdf}: Chromium did not finish printing within {timeout:.0f} s; raise reports.pdf_timeout or retry"
            ) from None
        with open(tmp, "rb") as fh:
            head = fh.read(5)
        if proc.returncode != 0 or head != b"%PDF-":
            last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            raise OutputError(
                f"{pdf}: Chromium could not print the report (exit {proc.returncode}: {last}); check that {chromium} runs headless"
            )


def write_page(html: str, output: Path, fmt: PageFormat, options: ReportsOptions) -> Path:
    """Write a report page as HTML, or as the PDF Chromium prints from it; complete or absent."""
    output = Path(output)
    if fmt == "pdf":
        with tempfile.TemporaryDirectory(prefix="videokit-page-") as tmp:
            page = Path(tmp) / "page.html"
            page.write_text(html, encoding="utf-8")
            html_to_pdf(page, output, options.chromium, options.pdf_timeout)
    else:
        fsutil.write_text(output, html)
    return output
