"""The files of a job folder, each read in one place and typed.

Steps write their artifacts (through videokit.serial, atomically) and declare them in the step
registry; everything that reads one afterwards (later steps, `publish`'s summary, `batch`'s
report, the audit's transcripts, a web page) goes through `Artifacts`, so a file's format and
what follows from it (the intro the render prepended moves the chapters and captions) are known
once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from videokit import serial

if TYPE_CHECKING:
    from videokit.compliance.check import FindingsReport
    from videokit.media.cuts import CutList
    from videokit.media.probe import MediaInfo
    from videokit.media.render import RenderResult
    from videokit.media.shorts import ShortResult
    from videokit.media.thumbnails import Cover
    from videokit.seo.shorts import ShortMetadata
    from videokit.seo.types import Metadata
    from videokit.speech.types import Transcript
    from videokit.youtube.publish import PublishResult

MEDIA = "media.json"
CUTS = "cuts.json"
TRANSCRIPT = "transcript.json"
METADATA = "metadata.json"
FINDINGS = "findings.json"
RENDER = "render.json"
COVER = "cover.json"
UPLOAD = "upload.json"
SHORT = "short.json"
SHORT_METADATA = "short_metadata.json"
SHORT_UPLOAD = "short_upload.json"


class Artifacts:
    """Typed readers of one job folder's artifacts (the stage modules load when a file is read)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def path(self, name: str) -> Path:
        return self.folder / name

    def exists(self, name: str) -> bool:
        return self.path(name).exists()

    def media(self) -> MediaInfo:
        from videokit.media.probe import MediaInfo

        return serial.read(MediaInfo, self.path(MEDIA))

    def cutlist(self) -> CutList:
        """The kept ranges of the source (what `trim` cuts and `transcribe` hears)."""
        from videokit.media.cuts import CutList

        return serial.read(CutList, self.path(CUTS))

    def transcript(self) -> Transcript:
        """What was said, timed on the trimmed clip."""
        from videokit.speech.types import Transcript

        return serial.read(Transcript, self.path(TRANSCRIPT))

    def metadata(self) -> Metadata:
        """Titles, description, tags and chapters, timed on the trimmed clip."""
        from videokit.seo.types import Metadata

        return serial.read(Metadata, self.path(METADATA))

    def findings(self) -> FindingsReport:
        """What the compliance check found (said, written and shown), and any override's reason."""
        from videokit.compliance.check import FindingsReport

        return serial.read(FindingsReport, self.path(FINDINGS))

    def render(self) -> RenderResult:
        from videokit.media.render import RenderResult

        return serial.read(RenderResult, self.path(RENDER))

    def intro_offset(self) -> float:
        """Seconds of intro the render put before the trimmed clip (0 when nothing was rendered)."""
        return self.render().intro_offset if self.exists(RENDER) else 0.0

    def cover(self) -> Cover:
        """The frame the thumbnail shows (cover.png beside it, before its title)."""
        from videokit.media.thumbnails import Cover

        return serial.read(Cover, self.path(COVER))

    def final_metadata(self) -> Metadata:
        """The metadata of the rendered video: chapters moved past the intro."""
        from videokit.seo.describe import with_offset

        metadata, offset = self.metadata(), self.intro_offset()
        return with_offset(metadata, offset) if offset else metadata

    def final_transcript(self) -> Transcript:
        """The transcript timed like the rendered video (and so like the uploaded one)."""
        transcript, offset = self.transcript(), self.intro_offset()
        return transcript.shifted(offset) if offset else transcript

    def upload(self) -> PublishResult | None:
        """The video this job put on YouTube, once the upload step has finished."""
        from videokit.youtube.publish import PublishResult

        return serial.read(PublishResult, self.path(UPLOAD)) if self.exists(UPLOAD) else None

    def short(self) -> ShortResult:
        """The Short cut from the trimmed clip: where it starts and ends, what it says."""
        from videokit.media.shorts import ShortResult

        return serial.read(ShortResult, self.path(SHORT))

    def short_metadata(self) -> ShortMetadata:
        """The Short's own title and description, and the full video it links."""
        from videokit.seo.shorts import ShortMetadata

        return serial.read(ShortMetadata, self.path(SHORT_METADATA))

    def short_upload(self) -> PublishResult | None:
        """The Short this job put on YouTube, once its upload step has finished."""
        from videokit.youtube.publish import PublishResult

        return serial.read(PublishResult, self.path(SHORT_UPLOAD)) if self.exists(SHORT_UPLOAD) else None
