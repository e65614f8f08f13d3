"""videokit: a doctor's raw footage to a well-ranked YouTube video, and reports on how it grows."""

__version__ = "0.1.0"
