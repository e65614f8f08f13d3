"""What is shown on screen: faces other than the practitioner's, and patient identifiers in text
that can be read on the picture (prescriptions, screens, X-ray labels, appointment lists).

Frames are sampled at scene changes and every few seconds (videokit.media.frames). Every face is
described by a face-recognition model; the practitioner is the person of the client's reference
photo, or else the person seen most often, and everyone else is a finding. Text is read with
Tesseract only when the picture changed since the last reading, and run through the privacy
rules of videokit.compliance.pii. Sightings of the same face or the same text on consecutive
samples become one finding with a time span, a track of boxes (for `render --blur`) and a cropped
frame a reviewer can look at.
"""

from __future__ import annotations

import functools
import hashlib
import io
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from videokit import fsutil, serial
from videokit.apart import run_apart
from videokit.compliance.pii import PiiMatch, find_pii
from videokit.config import ClientProfile
from videokit.media.changes import Change, ChangeTracker, PixelBox
from videokit.media.ocr import OcrPage, OcrWord, TextReader, page_of
from videokit.media.options import VisualCheckOptions
from videokit.progress import Progress, silent
from videokit.seo.types import Box, Finding, Severity

SOURCE = "frame"
_CATEGORY = "privacy"
_IDENTIFYING = {"nir", "birth_date"}  # on their own they single a patient out
_GAP_SAMPLES = 1  # a sighting may be missed on this many samples (blur, a turned head) without splitting it
_CROP_SIDE = 320
_CACHE_ENTRIES = 4  # readings of one video kept in FINDINGS.screen.json (per language, options, photo)

# rule id -> (what the rule forbids, reference) per language
_RULES: dict[str, dict[str, tuple[str, str]]] = {
    "fr": {
        "face": ("Montrer une personne identifiable (patient, tiers) sans son consentement écrit",
                 "Code civil art. 9 (droit à l'image) ; secret médical, CSP L.1110-4 et R.4127-4"),
        "text": ("Laisser lire à l'écran des données permettant d'identifier un patient",
                 "Secret médical, CSP L.1110-4 et R.4127-4 ; RGPD art. 9 (données de santé)"),
    },
    "en": {
        "face": ("Showing an identifiable person (patient, third party) without written consent",
                 "GMC, Making and using visual and audio recordings of patients (2011); UK GDPR art. 9"),
        "text": ("Letting a viewer read data that identifies a patient",
                 "GMC, Confidentiality: good practice in handling patient information (2017); UK GDPR art. 9"),
    },
}  # fmt: skip
_KIND_WORDS = {
    "nir": "a social security number", "birth_date": "a date of birth", "phone": "a phone number", "email": "an e-mail address",
    "address": "a postal address", "name": "a person's name",
}  # fmt: skip


@dataclass(frozen=True)
class VisualCheck:
    """The findings and what the check looked at."""

    findings: list[Finding]
    duration: float  # seconds of video
    frames: int  # frames sampled
    text_reads: int  # frames read by OCR, whole or where they changed (the others showed the same picture)
    faces: int  # faces detected, all frames together
    people: int  # distinct people among them
    practitioner: str  # how the practitioner was recognised
    seconds: float  # wall time of the check
    stats: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """What the check looked at (everything but the findings), as findings.json records it."""
        data = serial.dump(self)
        data.pop("findings")
        return data


@dataclass(frozen=True, eq=False)
class _Sighting:
    time: float
    box: Box
    pixels: PixelBox  # the box in pixels of the analysed frame
    crop: bytes  # JPEG of the frame around the box
    area: float
    descriptor: np.ndarray | None = None
    match: PiiMatch | None = None
    line: str = ""
    severity: Severity = "warn"
    drift: tuple[float, float] = (0.0, 0.0)  # how far a moving camera had moved the picture (shares of the frame)

    def in_scene(self) -> Box:
        """The box where it is in the scene filmed, the camera's movement taken out: places compare across a pan."""
        x, y, w, h = self.box
        return x - self.drift[0], y - self.drift[1], w, h


def check_video(video: Path, options: VisualCheckOptions, *, language: str = "fr", reference_photo: Path | None = None,
                practitioner_names: Iterable[str] = (), images: Path | None = None, progress: Progress = silent) -> VisualCheck:  # fmt: skip
    """Findings for what the video shows. Cropped frames go to the folder `images` (one JPEG per
    finding, named by its id; `Finding.image` is relative to that folder's parent, where the
    findings file lives). ConfigError when a model or an OCR language is missing."""
    from videokit.media.faces import face_backend, reference_face
    from videokit.media.frames import sample_frames
    from videokit.media.ocr import text_reader

    started = time.perf_counter()
    language = language if language in _RULES else "fr"
    # load everything first: a missing model is an error before minutes of decoding, never "no findings"
    backend = face_backend() if options.faces else None
    reference = reference_face(reference_photo).descriptor if options.faces and reference_photo else None
    reader = text_reader(tuple(dict.fromkeys(options.ocr_languages)) or (language,)) if options.text else None
    names = tuple(practitioner_names)

    faces: list[_Sighting] = []
    texts: list[_Sighting] = []
    times: list[float] = []
    tracker = ChangeTracker()
    previous_faces: list[_Sighting] = []
    page: OcrPage | None = None  # the text on screen at the last sample, in frame pixels
    drift = (0.0, 0.0)  # how far a moving camera has moved the picture since the first sample (shares of the frame)
    last_hits: list[_Sighting] = []
    reads = full = partial = 0
    area = 0.0
    duration = 0.0

    def report(done: float, total: float | None = None) -> None:
        nonlocal duration
        duration = total or duration
        progress(done, total)

    with ThreadPoolExecutor(1, thread_name_prefix="ocr") as ocr:
        for sample in sample_frames(
            video,
            interval=options.interval,
            max_side=options.max_side,
            scene_threshold=options.scene_threshold,
            progress=report,
        ):
            times.append(sample.time)
            image = sample.image
            # only what changed since it was last analysed is analysed again: what lies in unchanged
            # pixels was found there before and is carried forward, moved with the picture if the camera moved
            change = tracker.compare(image, sample.scene_cut)
            glance: list[PixelBox] = []
            if change.shift != (0, 0):
                drift = (drift[0] + change.shift[0] / image.shape[1], drift[1] + change.shift[1] / image.shape[0])
                previous_faces = _carried(previous_faces, change, image, drift)
                last_hits = _carried(last_hits, change, image, drift)
                page = _carried_page(page, change) if page is not None else None
            stale = [change.stale(face.pixels) for face in previous_faces]
            kept_faces = [face for face, old in zip(previous_faces, stale) if not old]
            if change.shift != (0, 0) and backend is not None:
                # a face larger than the strip the camera brings in would be cut by it: a coarse look
                # finds it, and growing the change over it analyses it whole
                glance = [b for b in backend.glance(image) if not any(_same_place(b, f.pixels) for f in kept_faces)]
            lines = page.lines() if page is not None else []
            stale_faces = [face.pixels for face, old in zip(previous_faces, stale) if old]
            change = tracker.grow(change, stale_faces + [_line_box(line) for line in lines] + glance)
            tracker.analysed(change)
            full, partial = full + change.full, partial + (bool(change.regions) and not change.full)
            area += change.area(image.shape[1], image.shape[0])
            # Tesseract reads the changed regions in a second thread while the faces are looked for: both
            # release the GIL, so the check takes both cores when the transcription leaves them
            reading = (
                ocr.submit(_read_lines, reader, image, change.regions)
                if reader is not None and change.regions
                else None
            )
            if backend is not None:
                current = [replace(face, time=sample.time) for face in kept_faces]
                for region in change.regions:
                    for pixels, _score in backend.detect(image, region):
                        box = _fraction(pixels, image)
                        if any(_iou(face.box, box) > 0.3 for face in current):
                            continue  # a face already there (carried along, or in two regions that cross)
                        # the face in the same place two seconds ago, with no cut between, is the same person:
                        # describing a face is the costly part, so its descriptor is reused
                        same = (
                            None
                            if sample.scene_cut
                            else next((p for p in previous_faces if _iou(p.box, box) > 0.6), None)
                        )
                        descriptor = same.descriptor if same is not None else backend.describe(image, pixels)
                        current.append(_sighting(sample.time, pixels, image, descriptor=descriptor, drift=drift))
                faces += current
                previous_faces = current
            if reader is not None:
                before = page.text if page is not None else None
                if reading is not None:
                    reads += 1
                    kept = [line for line in lines if change.outside(_line_box(line))]
                    read = reading.result()
                    # the crops' lines among the kept ones, top to bottom as on screen
                    page = page_of(read if change.full else sorted(kept + read, key=lambda line: _line_box(line)[1]))
                if page is not None and page.text != before:
                    last_hits = _text_sightings(sample.time, image, page, language, names, drift)
                else:  # the same words as before: the same identifiers
                    last_hits = [replace(hit, time=sample.time) for hit in last_hits]
                texts += last_hits

    findings: list[Finding] = []
    people, practitioner = 0, "no face seen"
    if faces:
        labels = _people(faces, options.face_tolerance)
        people = len(set(labels))
        practitioner_labels, practitioner = _practitioner(faces, labels, reference, options.face_tolerance)
        others: dict[int, list[_Sighting]] = {}
        for sighting, label in zip(faces, labels):
            if label not in practitioner_labels:
                others.setdefault(label, []).append(sighting)
        for group in others.values():
            findings += [
                _face_finding(run, times, duration, options.face_severity, language) for run in _runs(group, times)
            ]
    for group in _same_text(texts):
        findings += [_text_finding(run, times, duration, language) for run in _runs(group, times)]
    findings.sort(key=lambda f: (f.start or 0.0, f.rule_id))
    if images is not None:
        findings = _write_images(findings, faces + texts, images)
    seconds = time.perf_counter() - started
    return VisualCheck(
        findings, round(duration, 3), len(times), reads, len(faces), people, practitioner, round(seconds, 3),
        stats={"frames_per_second": round(len(times) / seconds, 2) if seconds else None,
               "realtime_factor": round(seconds / duration, 4) if duration else None,
               # samples analysed whole (the first, cuts, large changes), in part, or not at all (nothing changed)
               "full_analyses": full, "partial_analyses": partial, "unchanged": len(times) - full - partial,
               "area_analysed": round(area / len(times), 4) if times else None},
    )  # fmt: skip


def screen_findings(video: Path, findings_file: Path, options: VisualCheckOptions, client: ClientProfile, language: str,
                    progress: Progress = silent, in_background: bool = False) -> tuple[list[Finding], dict[str, Any]]:  # fmt: skip
    """The publish check's on-screen part: findings for `video`, cropped frames in FINDINGS.frames/
    beside `findings_file`, and the confirmations a reviewer recorded in `findings_file` kept. The
    result is cached beside it (FINDINGS.screen.json) for the same video, options and reference photo,
    so confirming a finding and publishing again does not look at every frame again. `in_background`:
    the frames are looked at in a process of its own at idle priority (beside the transcription)."""
    from videokit.media.probe import probe

    if not probe(video).has_video:
        return [], {"skipped": "no picture (audio only)"}
    cache = findings_file.with_name(f"{findings_file.stem}.screen.json")
    photo = client.reference_photo
    key = {
        "video": fsutil.sha256_file(video), "options": options.model_dump(mode="json"), "language": language,
        "reference_photo": fsutil.sha256_file(photo) if photo else None, "names": [client.display_name],
    }  # fmt: skip
    cached = fsutil.read_json(cache) if cache.exists() else {}
    # one entry per key: the publish `screen` step looks while the speech is transcribed, with the language
    # asked for; if the transcript turns out to be in another one, both readings are kept
    entries = cached.get("entries", [cached] if "key" in cached else [])
    hit = next((e for e in entries if e.get("key") == key), None)
    if hit is not None:
        findings = [serial.load(Finding, f) for f in hit["findings"]]
        summary = hit["summary"]  # as it was: findings.json stays byte-identical, so the render is not redone
    else:
        look = functools.partial(run_apart, check_video, idle=True) if in_background else check_video
        result = look(video, options, language=language, reference_photo=photo, practitioner_names=[client.display_name] if client.display_name else [],
                      images=findings_file.with_name(f"{findings_file.stem}.frames"), progress=progress)  # fmt: skip
        findings, summary = result.findings, result.summary()
        entries = [
            *entries[-(_CACHE_ENTRIES - 1) :],
            {"key": key, "findings": serial.dump(findings), "summary": summary},
        ]
        fsutil.write_json(cache, {"entries": entries})
    if findings_file.exists():
        previous = fsutil.read_json(findings_file).get("findings", [])
        findings = carry_confirmations(
            findings, [serial.load(Finding, f) for f in previous if f.get("source") == SOURCE]
        )
    return findings, summary


def blur_regions(findings: Sequence[Finding]) -> list[Any]:
    """The regions `render --blur` hides: every confirmed finding that has a place on the frame."""
    from videokit.media.blur import BlurRegion

    regions = []
    for f in findings:
        if f.confirmed and f.box is not None and f.start is not None:
            points = f.track or ((f.start, *f.box),)
            regions.append(BlurRegion(f.start, f.end if f.end is not None else f.start, tuple(points)))
    return regions


def carry_confirmations(findings: Sequence[Finding], previous: Sequence[Finding]) -> list[Finding]:
    """Keep a reviewer's confirmations across a rerun of the check (ids are stable for the same video)."""
    confirmed = {f.id for f in previous if f.confirmed and f.id}
    return [replace(f, confirmed=True) if f.id in confirmed else f for f in findings]


# --- faces ---------------------------------------------------------------------------------------


def _people(faces: list[_Sighting], tolerance: float) -> list[int]:
    from videokit.media.faces import cluster

    return cluster([f.descriptor for f in faces if f.descriptor is not None], tolerance)


def _practitioner(
    faces: list[_Sighting], labels: list[int], reference: np.ndarray | None, tolerance: float
) -> tuple[set[int], str]:
    """Which people are the practitioner, and how that was decided."""
    from videokit.media.faces import distance

    members: dict[int, list[_Sighting]] = {}
    for sighting, label in zip(faces, labels):
        members.setdefault(label, []).append(sighting)
    if reference is not None:
        matching = {
            label for label, group in members.items()
            if float(np.median([distance(s.descriptor, reference) for s in group if s.descriptor is not None])) < tolerance
        }  # fmt: skip
        return matching, "reference photo" if matching else "reference photo (not seen in the video)"
    # no photo: the person on screen in the most frames presents the video
    presence = {label: len({s.time for s in group}) for label, group in members.items()}
    return {max(presence, key=lambda label: presence[label])}, "most present face"


def _face_finding(
    run: list[_Sighting], times: list[float], duration: float, severity: Severity, language: str
) -> Finding:
    start, end = _span(run, times, duration)
    rule, reference = _RULES[language]["face"]
    seen = f"{_clock(run[0].time)}–{_clock(run[-1].time)}" if len(run) > 1 else _clock(run[0].time)
    reason = f"someone other than the practitioner is visible ({seen}); blur the face unless they consented in writing"
    return _finding(
        "frame.face", severity, "a face that is not the practitioner's", start, end, rule, reference, reason, run
    )


# --- text ----------------------------------------------------------------------------------------


def _read_lines(reader: TextReader, image: np.ndarray, regions: tuple[PixelBox, ...]) -> list[tuple[OcrWord, ...]]:
    """The lines of text in each region of the frame, in frame pixels."""
    return [line for x0, y0, x1, y1 in regions for line in reader.read(image[y0:y1, x0:x1]).moved(x0, y0).lines()]


def _text_sightings(
    t: float, image: np.ndarray, page: OcrPage, language: str, names: tuple[str, ...], drift: tuple[float, float]
) -> list[_Sighting]:
    if not any(c.isalnum() for c in page.text):
        return []
    matches = find_pii(page.text, language, exclude_names=names)
    sure = [m for m in matches if m.confidence == "high"]
    if not sure:  # a name only a language model suspects, alone on screen (a slide credit, a book): not reported
        return []
    kinds = {m.kind for m in sure}
    # a name beside any other identifier, or a number that singles a patient out, identifies someone
    identifiable = bool(kinds & _IDENTIFYING) or ("name" in kinds and len(kinds) > 1)
    out = []
    for m in matches:
        pixels = page.box_of(m.start, m.end)
        if pixels is None:
            continue
        line_start = page.text.rfind("\n", 0, m.start) + 1
        line_end = page.text.find("\n", m.end)
        severity: Severity = "block" if identifiable or m.kind in _IDENTIFYING else "warn"
        out.append(_sighting(t, pixels, image, match=m, severity=severity, drift=drift,
                             line=page.text[line_start : line_end if line_end >= 0 else None].strip()))  # fmt: skip
    return out


def _kind(hit: _Sighting) -> str:
    assert hit.match is not None
    return hit.match.kind


def _same_text(hits: list[_Sighting]) -> list[list[_Sighting]]:
    """Group readings of the same identifier: same kind at the same place in the scene (OCR may misread
    a letter from one frame to the next, so the place decides, not the exact characters)."""
    groups: list[list[_Sighting]] = []
    for hit in sorted(hits, key=lambda h: h.time):
        kind = _kind(hit)
        group = next((g for g in groups if _kind(g[-1]) == kind and _iou(g[-1].in_scene(), hit.in_scene()) > 0.3), None)
        if group is None:
            groups.append([hit])
        else:
            group.append(hit)
    return groups


def _text_finding(run: list[_Sighting], times: list[float], duration: float, language: str) -> Finding:
    first = run[0]
    assert first.match is not None
    start, end = _span(run, times, duration)
    rule, reference = _RULES[language]["text"]
    severity: Severity = "block" if any(s.severity == "block" for s in run) else "warn"
    what = _KIND_WORDS[first.match.kind]
    reason = f"{what} can be read on screen" + (
        " next to other details that identify a patient"
        if severity == "block" and first.match.kind not in _IDENTIFYING
        else ""
    )
    return _finding(
        f"frame.{first.match.kind}",
        severity,
        first.line or first.match.text,
        start,
        end,
        rule,
        reference,
        reason,
        run,
        match=first.match.text,
    )


# --- shared --------------------------------------------------------------------------------------


def _finding(rule_id: str, severity: Severity, text: str, start: float, end: float, rule: str, reference: str, reason: str,
             run: list[_Sighting], match: str = "") -> Finding:  # fmt: skip
    union = _union([s.box for s in run])
    track = tuple(_point(s) for s in run)
    key = f"{rule_id}|{start:.1f}|{match or text}|" + ",".join(f"{v:.2f}" for v in union)
    return Finding(
        rule_id=rule_id, severity=severity, category=_CATEGORY, text=text, start=round(start, 3), source=SOURCE, rule=rule,
        reference=reference, match=match, id=(ident := hashlib.sha1(key.encode()).hexdigest()[:8]), end=round(end, 3), reason=reason,
        fix=f"confirm it for blurring ('videokit check FINDINGS.json --confirm {ident}'), then publish with --blur-confirmed or 'videokit render --blur FINDINGS.json'",
        box=_rounded(union), track=track,
    )  # fmt: skip


def _runs(sightings: list[_Sighting], times: list[float]) -> list[list[_Sighting]]:
    """Split one person's (or one text's) sightings where they were absent from several samples in a row."""
    index = {t: i for i, t in enumerate(times)}
    ordered = sorted(sightings, key=lambda s: s.time)
    runs: list[list[_Sighting]] = []
    for s in ordered:
        if runs and index[s.time] - index[runs[-1][-1].time] <= _GAP_SAMPLES + 1:
            if s.time == runs[-1][-1].time:  # two boxes in one frame (the same text twice): keep the larger
                if s.area > runs[-1][-1].area:
                    runs[-1][-1] = s
                continue
            runs[-1].append(s)
        else:
            runs.append([s])
    return runs


def _span(run: list[_Sighting], times: list[float], duration: float) -> tuple[float, float]:
    """From the last sample without it to the next sample without it: it may be on any frame between."""
    i, j = times.index(run[0].time), times.index(run[-1].time)
    start = times[i - 1] if i > 0 else 0.0
    end = times[j + 1] if j + 1 < len(times) else max(duration, run[-1].time)
    return start, end


def _write_images(findings: list[Finding], sightings: list[_Sighting], folder: Path) -> list[Finding]:
    """One cropped frame per finding (the largest sighting of its track), named by its id."""
    by_point = {_point(s): s for s in sightings}  # as the track records them
    current = {f.id for f in findings}
    for stale in folder.glob("*.jpg") if folder.is_dir() else ():  # crops of an earlier run on another cut of the video
        if len(stale.stem) == 8 and stale.stem not in current:
            stale.unlink(missing_ok=True)
    out = []
    for f in findings:
        candidates = [by_point[p] for p in f.track if p in by_point]
        best = max(candidates, key=lambda s: s.area, default=None)
        if best is None:
            out.append(f)
            continue
        path = folder / f"{f.id}.jpg"
        fsutil.write_bytes(path, best.crop)
        out.append(replace(f, image=f"{folder.name}/{path.name}"))
    return out


def _sighting(t: float, pixels: tuple[int, int, int, int], image: np.ndarray, **found: Any) -> _Sighting:
    """What was seen at `pixels` (x, y, w, h) of the frame at time t."""
    box = _fraction(pixels, image)
    return _Sighting(t, box, _corners(pixels), _crop(image, pixels), box[2] * box[3], **found)


def _carried(
    sightings: list[_Sighting], change: Change, image: np.ndarray, drift: tuple[float, float]
) -> list[_Sighting]:
    """The sightings of the previous sample where the camera's shift has taken them, those that left
    the frame dropped."""
    out = []
    for sighting in sightings:
        pixels = change.moved(sighting.pixels)
        if pixels is not None:
            out.append(replace(sighting, pixels=pixels, box=_fraction(_sized(pixels), image), drift=drift))
    return out


def _carried_page(page: OcrPage, change: Change) -> OcrPage:
    """The text on screen where the camera's shift has taken it: the words clipped to the frame
    (`render --blur` draws their boxes), those mostly out of it dropped, and lines left empty."""
    lines = []
    for line in page.moved(*change.shift).lines():
        kept = [
            replace(word, box=_sized(inside))
            for word in line
            if (inside := change.inside(_corners(word.box))) is not None
        ]
        if kept:
            lines.append(tuple(kept))
    return page_of(lines)


def _corners(box: tuple[int, int, int, int]) -> PixelBox:
    """(x, y, w, h) as (x0, y0, x1, y1)."""
    x, y, w, h = box
    return x, y, x + w, y + h


def _sized(box: PixelBox) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) as (x, y, w, h)."""
    x0, y0, x1, y1 = box
    return x0, y0, x1 - x0, y1 - y0


def _same_place(a: PixelBox, b: PixelBox) -> bool:
    return _iou(_sized(a), _sized(b)) > 0.3


def _line_box(line: tuple[OcrWord, ...]) -> PixelBox:
    return (
        min(w.box[0] for w in line),
        min(w.box[1] for w in line),
        max(w.box[0] + w.box[2] for w in line),
        max(w.box[1] + w.box[3] for w in line),
    )


def _crop(image: np.ndarray, box: tuple[int, int, int, int]) -> bytes:
    """The box with context around it, outlined in red, at most _CROP_SIDE pixels: what a reviewer looks at."""
    from PIL import Image, ImageDraw

    x, y, w, h = box
    margin = max(48, int(0.6 * max(w, h)))
    height, width = image.shape[:2]
    x0, y0, x1, y1 = max(0, x - margin), max(0, y - margin), min(width, x + w + margin), min(height, y + h + margin)
    crop = Image.fromarray(image[y0:y1, x0:x1])
    ImageDraw.Draw(crop).rectangle((x - x0, y - y0, x - x0 + w, y - y0 + h), outline=(230, 30, 30), width=3)
    crop.thumbnail((_CROP_SIDE * 2, _CROP_SIDE))
    buf = io.BytesIO()
    crop.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def _fraction(box: tuple[int, int, int, int], image: np.ndarray) -> Box:
    height, width = image.shape[:2]
    x, y, w, h = box
    return (round(x / width, 4), round(y / height, 4), round(w / width, 4), round(h / height, 4))


def _rounded(box: Box) -> Box:
    x, y, w, h = (round(v, 4) for v in box)
    return x, y, w, h


def _point(sighting: _Sighting) -> tuple[float, float, float, float, float]:
    """Where a sighting was, as a finding's track records it: (time, x, y, w, h)."""
    return (round(sighting.time, 3), *_rounded(sighting.box))


def _union(boxes: list[Box]) -> Box:
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
    return (x0, y0, x1 - x0, y1 - y0)


def _iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
