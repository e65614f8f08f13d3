"""Tracking and client reports: views over time, growth metrics, HTML/PDF reports.

from videokit.reports.tracking import track_all
from videokit.reports.report import make_report
track_all(settings)                                   # one pass over every tracked client
make_report(settings, "drmartin", Path("drmartin.pdf"), "pdf", period_days=30, lang="fr")
"""
