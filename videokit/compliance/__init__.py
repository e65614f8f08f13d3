"""Compliance: what a practitioner may publish (deontology) and what must stay private (patients)."""
