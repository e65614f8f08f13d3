"""The cross-posting kit: the published video carried to LinkedIn, Facebook and X.

From the approved metadata of a job that uploaded its video: one post per network in the video's
language, within the network's length limit (X counts a link as 23 characters, t.co), the video
link with a distinct `utm_source` per network, hashtags as each network uses them (none to two on
Facebook and X, a few at the end on LinkedIn), a 1:1 and a 4:5 still made from the thumbnail, and
the same compliance check as the video's description (plus the charter's ban on paid promotion).

Exports, all written only once everything is built and checked (nothing half done):
- social-NETWORK.txt, the post of each network; social-1x1.jpg, social-4x5.jpg, the stills;
- social-hootsuite-NETWORK.csv, Hootsuite's bulk-scheduling format (Publisher > Bulk composer,
  help.hootsuite.com "Schedule posts in bulk"): one file per social profile, no header row,
  column A the date and time (day/month/year 24-hour, minutes in steps of 5, at least 10 minutes
  ahead), column B the message, column C the link; images are added in Hootsuite's Planner;
- social.ics, an iCalendar (RFC 5545) of the planned dates, one event per post;
- social.json, the kit itself (written last).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import urlencode, urlsplit

from PIL import Image, ImageEnhance, ImageFilter

from videokit import fsutil, serial
from videokit.compliance.charter import charter_findings
from videokit.compliance.check import blocking, check_text
from videokit.config import ClientProfile
from videokit.errors import ComplianceBlock, InputError
from videokit.seo.text import sentences
from videokit.seo.types import Finding
from videokit.workflow.artifacts import Artifacts

Network = Literal["linkedin", "facebook", "x"]
NETWORKS: tuple[Network, ...] = ("linkedin", "facebook", "x")
# Characters a post may have (LinkedIn's commentary limit, Facebook's post limit, X's standard post).
LIMITS: dict[Network, int] = {"linkedin": 3000, "facebook": 63206, "x": 280}
X_LINK_CHARS = 23  # X counts every link as 23 characters (t.co)
HASHTAGS: dict[Network, int] = {"linkedin": 5, "facebook": 2, "x": 2}  # how many each network's use bears
# When each post goes out after the video becomes public: LinkedIn during office hours first.
OFFSETS: dict[Network, timedelta] = {
    "linkedin": timedelta(hours=1),
    "facebook": timedelta(hours=3),
    "x": timedelta(hours=5),
}
STILLS = {"1x1": (1080, 1080), "4x5": (1080, 1350)}
HOOTSUITE_DATE = "%d/%m/%Y %H:%M"  # pick "Day/Month/Year" in Hootsuite's bulk composer
HOOTSUITE_LEAD = timedelta(minutes=10)  # Hootsuite takes posts at least 10 minutes ahead
_LABELS = {
    "fr": {"watch": "La vidéo complète sur YouTube :", "site": "Le cabinet :"},
    "en": {"watch": "Watch the full video on YouTube:", "site": "The practice:"},
}


@dataclass(frozen=True)
class SocialPost:
    network: Network
    text: str  # the post as published (the link included)
    message: str  # the text without the link (Hootsuite's column B; the link goes in column C)
    link: str  # the video link with this network's UTM parameters
    length: int  # as the network counts it
    limit: int
    hashtags: list[str]
    planned_at: datetime  # UTC
    file: str  # social-NETWORK.txt


@dataclass(frozen=True)
class SocialKit:
    """social.json: the posts, stills and exports of one published video."""

    video_id: str
    language: str
    posts: list[SocialPost]
    stills: dict[str, str]  # "1x1" -> file name
    scheduler: str  # the bulk-scheduling format exported
    scheduler_files: list[str]
    calendar: str
    findings: list[Finding] = field(default_factory=list)  # the compliance check of the posts (none blocking)
    notes: list[str] = field(default_factory=list)


def build_social_kit(job_dir: Path, client: ClientProfile, now: datetime | None = None) -> SocialKit:
    """Build, check and write the kit of the job in `job_dir` (see the module docstring)."""
    artifacts = Artifacts(job_dir)
    upload = artifacts.upload()
    if upload is None:
        raise InputError(
            f"{job_dir}: no upload.json: the video is not on YouTube yet; publish it first (videokit publish CLIP)"
        )
    thumbnail = artifacts.path("thumbnail.jpg")
    if not thumbnail.is_file():
        raise InputError(f"{thumbnail}: no thumbnail for the stills; run the thumbnail step (videokit publish CLIP)")
    metadata = artifacts.final_metadata()
    language = metadata.language if metadata.language in _LABELS else "en"
    now = now or datetime.now(UTC)
    public = _moment(upload.publish_at) if upload.publish_at else now
    notes = []
    if not client.website:
        notes.append(
            f"client {client.name!r} has no website: the posts link only the video; set website in its profile to add it"
        )
    hook = _hook(metadata.description)
    posts = [
        _post(network, metadata.title, hook, upload.url, upload.video_id, metadata.hashtags + metadata.tags, client,
              language, _slot(public + OFFSETS[network], now))
        for network in NETWORKS
    ]  # fmt: skip
    findings: list[Finding] = []
    for post in posts:
        findings += check_text(post.message, language, client, source="description")
    findings += [f for f in charter_findings(client) if f.rule_id == "charter.paid_promotion"]
    blocked = blocking(findings)
    if blocked:
        first = blocked[0]
        raise ComplianceBlock(
            f'{job_dir}: the social posts break {first.rule_id} ({first.rule}): "{first.text}"; fix: {first.fix}; '
            "nothing was written"
        )
    stills = {name: _still(thumbnail, size) for name, size in STILLS.items()}
    for post in posts:
        fsutil.write_text(job_dir / post.file, post.text + "\n")
    for name, data in stills.items():
        fsutil.write_bytes(job_dir / f"social-{name}.jpg", data)
    scheduler_files = []
    for post in posts:
        name = f"social-hootsuite-{post.network}.csv"
        fsutil.write_text(job_dir / name, hootsuite_csv([post]))
        scheduler_files.append(name)
    fsutil.write_text(job_dir / "social.ics", calendar(posts, metadata.title, upload.video_id, now))
    kit = SocialKit(
        upload.video_id,
        language,
        posts,
        {name: f"social-{name}.jpg" for name in stills},
        "hootsuite",
        scheduler_files,
        "social.ics",
        findings,
        notes,
    )
    serial.write(job_dir / "social.json", kit)
    return kit


def utm_link(url: str, network: Network, campaign: str) -> str:
    """`url` with utm_source=NETWORK, utm_medium=social and utm_campaign=`campaign`."""
    query = urlencode({"utm_source": network, "utm_medium": "social", "utm_campaign": campaign})
    return f"{url}{'&' if urlsplit(url).query else '?'}{query}"


def post_length(text: str, network: Network) -> int:
    """Characters as the network counts them: on X every link is 23."""
    if network != "x":
        return len(text)
    return len(re.sub(r"https?://\S+", "x" * X_LINK_CHARS, text))


def hootsuite_csv(posts: list[SocialPost]) -> str:
    """Rows of Hootsuite's bulk composer: date and time, message, link (no header row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for post in posts:
        writer.writerow([post.planned_at.strftime(HOOTSUITE_DATE), post.message, post.link])
    return out.getvalue()


def calendar(posts: list[SocialPost], title: str, video_id: str, now: datetime) -> str:
    """An iCalendar (RFC 5545) with one 15-minute event per planned post."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//videokit//social kit//EN", "CALSCALE:GREGORIAN"]
    for post in posts:
        start = post.planned_at.astimezone(UTC)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{video_id}-{post.network}@videokit",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{start + timedelta(minutes=15):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{_ics_text(f'{post.network}: {title}')}",
            f"DESCRIPTION:{_ics_text(post.text)}",
            f"URL:{post.link}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _post(
    network: Network,
    title: str,
    hook: str,
    url: str,
    video_id: str,
    tags: list[str],
    client: ClientProfile,
    language: str,
    planned: datetime,
) -> SocialPost:
    link = utm_link(url, network, video_id)
    hashtags = _hashtags([*client.hashtags, *tags], HASHTAGS[network])
    labels = _LABELS[language]
    site = f"{labels['site']} {client.website}" if client.website and network != "x" else ""
    tag_line = " ".join(hashtags)
    # optional parts go first when the post is too long: the site, then the hook, then the hashtags
    for parts in ([hook, site, tag_line], [hook, tag_line], [tag_line], []):
        message = "\n\n".join(p for p in (title, *parts) if p)
        text = f"{message}\n\n{labels['watch']} {link}"
        if post_length(text, network) <= LIMITS[network]:
            return SocialPost(
                network,
                text,
                message,
                link,
                post_length(text, network),
                LIMITS[network],
                hashtags if tag_line in parts else [],
                planned,
                f"social-{network}.txt",
            )
    raise InputError(
        f"the {network} post of video {video_id} has {post_length(text, network)} characters even with only its "
        f"title and link (at most {LIMITS[network]}); shorten the title"
    )


def _hook(description: str) -> str:
    """The description's opening sentences, before chapters, links and the charter block."""
    first = description.split("\n\n", 1)[0]
    return " ".join(s for s in sentences(first) if not re.search(r"https?://|\d:\d\d", s))


def _hashtags(words: list[str], count: int) -> list[str]:
    tags: list[str] = []
    for word in words:
        tag = "#" + re.sub(r"[^\w]", "", word.title() if " " in word.strip("# ") else word.strip("# "))
        if len(tag) > 2 and tag.lower() not in (t.lower() for t in tags):
            tags.append(tag)
        if len(tags) == count:
            break
    return tags


def _slot(when: datetime, now: datetime) -> datetime:
    """`when`, but no sooner than Hootsuite's lead time, rounded up to the next 5 minutes (UTC)."""
    when = max(when, now + HOOTSUITE_LEAD).astimezone(UTC).replace(second=0, microsecond=0)
    return when + timedelta(minutes=(-when.minute) % 5)


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _still(thumbnail: Path, size: tuple[int, int]) -> bytes:
    """The whole thumbnail on a `size` canvas, over a blurred, darkened enlargement of itself."""
    with Image.open(thumbnail) as source:
        image = source.convert("RGB")
    width, height = size
    cover = max(width / image.width, height / image.height)
    background = image.resize((math.ceil(image.width * cover), math.ceil(image.height * cover)))
    left, top = (background.width - width) // 2, (background.height - height) // 2
    background = background.crop((left, top, left + width, top + height)).filter(ImageFilter.GaussianBlur(30))
    canvas = ImageEnhance.Brightness(background).enhance(0.6)
    fit = min(width / image.width, height / image.height)
    front = image.resize((round(image.width * fit), round(image.height * fit)))
    canvas.paste(front, ((width - front.width) // 2, (height - front.height) // 2))
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=88)
    return out.getvalue()


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 folding: lines of at most 75 octets, continued with a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    start = 0
    while start < len(data):
        end = min(start + (75 if not parts else 74), len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a UTF-8 character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start = end
    return "\r\n ".join(parts)
