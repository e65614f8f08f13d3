"""The audit report a client reads: French or English, self-contained HTML, A4 PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import CLIENT


def test_html_report_in_french_shows_each_finding(channel, session, run_cli, tmp_path: Path) -> None:
    out = tmp_path / "audit.html"
    result = run_cli(f"audit --client {CLIENT} -o {out}")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and "Audit de chaîne YouTube" in html and "Dr Martin" in html
    assert "default-src 'none'" in html and not re.search(
        r"""(src|href)=["']https?://(?!www\.youtube\.com/watch)""", html
    )
    deontology = html.split('id="deontology"')[1].split("</section>")[0]
    flagged = {s.video_id for s in channel.values() if s.rules}
    assert set(re.findall(r'<tr data-video="([^"]+)"', deontology)) == flagged
    assert "Mon patient Jean Dupont" in deontology and "le numéro 1" in deontology
    videos = html.split('id="videos"')[1]
    for seed in channel.values():
        row = videos.split(f'data-video="{seed.video_id}"')[1].split("</tr>")[0]
        if seed.fields or seed.rules:
            assert "data-defect" in row, seed.key
        else:
            assert "data-defect" not in row and ">aucun<" in row, seed.key
    assert "sous-titres absents" in html and "l&#39;épaule" in html  # French labels; titles escaped
    assert f"report: {out}" in result.output


@pytest.mark.browser
def test_pdf_report_in_english(channel, session, run_cli, tmp_path: Path) -> None:
    out = tmp_path / "audit.pdf"
    result = run_cli(f"audit --client {CLIENT} --limit 8 --format pdf --lang en -o {out}")
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "YOUTUBE CHANNEL AUDIT" in text and "The fixes worth the most" in text and "8 most viewed of 30" in text
