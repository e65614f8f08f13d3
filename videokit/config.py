"""The one configuration model: settings, client profiles and stage options, validated once.

Everything lives under the videokit home folder (``VIDEOKIT_HOME``, default the per-user data
dir): ``config.toml``, the SQLite database, ``tokens/`` (0600), ``jobs/`` and the model cache.
A missing ``config.toml`` means the embedded defaults: SQLite, the local YouTube sandbox and
offline models, with one built-in client, ``sandbox``.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from videokit.audit.options import AuditOptions
from videokit.errors import ConfigError
from videokit.media.options import RenderOptions, TrimOptions, VisualCheckOptions
from videokit.reports.options import ReportsOptions
from videokit.seo.options import SeoOptions
from videokit.speech.options import CaptionOptions, TranscribeOptions
from videokit.web.options import WebOptions
from videokit.youtube.options import YouTubeSettings

SANDBOX_CHANNEL = "sandbox"
Resource = Literal["cpu", "upload", "io"]  # what a workflow step mostly uses; settings.workers bounds each
WORKERS: dict[Resource, int] = {"cpu": 1, "upload": 2, "io": 4}  # concurrency per resource by default
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


class Branding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    intro: Path | None = None
    outro: Path | None = None
    logo: Path | None = None
    logo_corner: Literal["top-left", "top-right", "bottom-left", "bottom-right"] = "top-right"
    font: Path | None = None
    primary_color: str = "#0B5FA5"
    text_color: str = "#FFFFFF"

    @field_validator("primary_color", "text_color")
    @classmethod
    def _hex(cls, v: str) -> str:
        if not re.fullmatch(r"#[0-9A-Fa-f]{6}", v):
            raise ValueError("must be a colour like #0B5FA5")
        return v


class ClientProfile(BaseModel):
    """One practitioner or clinic: its channel, language, branding and rules."""

    model_config = ConfigDict(extra="forbid")

    name: str
    display_name: str = ""
    channel: str = SANDBOX_CHANNEL  # "sandbox" or a YouTube channel id (UC...), pinned at auth time
    language: Literal["auto", "fr", "en"] = "fr"
    privacy: Literal["private", "unlisted", "public"] = "private"
    category_id: str = "27"  # Education; 26 Howto & Style and 28 Science & Technology also fit
    cloud_project: str = "default"
    glossary: list[str] = Field(default_factory=list)
    website: str | None = None
    disclaimer: str | None = None
    hashtags: list[str] = Field(default_factory=list)
    playlists: list[str] = Field(default_factory=list)
    deontology_rules: Path | None = None  # extra rules file, merged over the language's rules
    # Findings the classifier reads by meaning (no rule matched) warn; with this, the surest of them
    # (calibrated probability over the model's `block` threshold) block too. Off by default: the
    # threshold was chosen on written sentences and blocks ordinary teaching in real talks.
    meaning_blocks: bool = False
    # The Ordre des médecins' charter for content creators (16 January 2025): "Dr" only with a
    # registration (RPPS: 11 digits, Luhn key), sources, declared interests (None: not declared;
    # []: "aucun lien d'intérêt"), no paid promotion on a health video.
    rpps: str | None = None
    sources: list[str] = Field(default_factory=list)
    interests: list[str] | None = None
    paid_promotion: bool = False
    # Sign-off: nothing is uploaded until the practitioner approved exactly what would be sent
    # (`videokit approve JOB --by NAME`); any change afterwards voids the approval.
    require_approval: bool = False
    reference_photo: Path | None = None  # the practitioner's portrait: faces that are not theirs are findings
    posting_calendar: list[str] = Field(default_factory=list)  # e.g. ["TUE 18:00", "THU 18:00"]
    # `videokit comments --apply` holds for review (heldForReview) the comments that disclose a
    # patient's data or identity, and spam; without it they are only reported.
    hold_comments: bool = False
    timezone: str = "Europe/Paris"
    country: str | None = None  # ISO 3166-1 alpha-2 ("FR"): where the practitioner is licensed
    made_for_kids: bool = False
    contains_synthetic_media: bool = False
    branding: Branding = Field(default_factory=Branding)

    @field_validator("name")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not _NAME.match(v):
            raise ValueError("use lower-case letters, digits, '-' or '_' (it names folders and tokens)")
        return v

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {v[:60]!r}; use an IANA name such as 'Europe/Paris'") from None
        return v

    @field_validator("channel")
    @classmethod
    def _channel(cls, v: str) -> str:
        if v != SANDBOX_CHANNEL and not re.fullmatch(r"UC[0-9A-Za-z_-]{22}", v):
            raise ValueError("must be 'sandbox' or a YouTube channel id (UC followed by 22 characters)")
        return v

    @field_validator("rpps")
    @classmethod
    def _rpps(cls, v: str | None) -> str | None:
        if v is None:
            return v
        digits = re.sub(r"[\s.-]", "", v)
        if not re.fullmatch(r"\d{11}", digits) or not luhn_valid(digits):
            raise ValueError(
                "must be the 11-digit RPPS number (its last digit is a Luhn key); copy it from the Annuaire santé"
            )
        return digits

    @field_validator("reference_photo")
    @classmethod
    def _photo(cls, v: Path | None) -> Path | None:
        if v is None:
            return v
        v = v.expanduser()
        if v.suffix.lower() not in _PHOTO_SUFFIXES:
            raise ValueError(
                f"must be a photo ({', '.join(sorted(_PHOTO_SUFFIXES))}), a front-facing portrait of the practitioner"
            )
        if not v.is_file():
            raise ValueError(f"{v} does not exist; give the path of the practitioner's portrait")
        return v

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[A-Za-z]{2}", v):
            raise ValueError("must be a two-letter country code (ISO 3166-1), e.g. FR, GB, US")
        return v.upper() if v else v

    @field_validator("posting_calendar")
    @classmethod
    def _calendar(cls, v: list[str]) -> list[str]:
        for slot in v:
            if not re.fullmatch(r"(MON|TUE|WED|THU|FRI|SAT|SUN) ([01]\d|2[0-3]):[0-5]\d", slot):
                raise ValueError(f"slot {slot!r} must look like 'TUE 18:00'")
        return v


class CelerySettings(BaseModel):
    """Scale-out: Redis as broker, and `Settings.database_url` on PostgreSQL as the shared state."""

    model_config = ConfigDict(extra="forbid")

    broker_url: str = "redis://127.0.0.1:6379/0"
    result_backend: str = "redis://127.0.0.1:6379/1"
    track_every_hours: float = Field(6.0, gt=0)


class Settings(BaseModel):
    """Everything configurable; `load_settings` builds it once per process."""

    model_config = ConfigDict(extra="forbid")

    home: Path
    database_url: str  # default: SQLite in the home folder
    jobs_dir: Path  # default: HOME/jobs
    models_dir: Path  # default: HOME/models
    default_client: str = SANDBOX_CHANNEL
    # Concurrency per resource: heavy media/model work vs upload slots (network bound).
    workers: dict[Resource, int] = Field(default_factory=lambda: dict(WORKERS))
    trim: TrimOptions = Field(default_factory=TrimOptions)
    transcribe: TranscribeOptions = Field(default_factory=TranscribeOptions)
    captions: CaptionOptions = Field(default_factory=CaptionOptions)
    seo: SeoOptions = Field(default_factory=SeoOptions)
    render: RenderOptions = Field(default_factory=RenderOptions)
    visual: VisualCheckOptions = Field(default_factory=VisualCheckOptions)
    youtube: YouTubeSettings = Field(default_factory=YouTubeSettings)
    celery: CelerySettings = Field(default_factory=CelerySettings)
    reports: ReportsOptions = Field(default_factory=ReportsOptions)
    audit: AuditOptions = Field(default_factory=AuditOptions)
    web: WebOptions = Field(default_factory=WebOptions)
    clients: dict[str, ClientProfile] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _client_names(cls, data: Any) -> Any:
        clients = data.get("clients") if isinstance(data, dict) else None
        if isinstance(clients, dict):
            data["clients"] = {k: {"name": k, **v} if isinstance(v, dict) else v for k, v in clients.items()}
        return data

    @model_validator(mode="before")
    @classmethod
    def _defaults_in_home(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("home") is not None:
            home = Path(data["home"])
            data["jobs_dir"] = data.get("jobs_dir") or home / "jobs"
            data["models_dir"] = data.get("models_dir") or home / "models"
            data["database_url"] = data.get("database_url") or f"sqlite:///{home / 'videokit.db'}"
        return data

    @model_validator(mode="after")
    def _sandbox_client(self) -> Settings:
        if SANDBOX_CHANNEL not in self.clients:
            self.clients[SANDBOX_CHANNEL] = ClientProfile(name=SANDBOX_CHANNEL, language="auto")
        return self

    @property
    def tokens_dir(self) -> Path:
        return self.home / "tokens"

    @property
    def config_file(self) -> Path:
        return self.home / "config.toml"

    @property
    def clip_cache(self) -> Path:
        """Intros and outros encoded for the copy render, per client and video parameters (safe to delete)."""
        return self.home / "cache" / "clips"

    def client(self, name: str | None) -> ClientProfile:
        name = name or self.default_client
        try:
            return self.clients[name]
        except KeyError:
            known = ", ".join(sorted(self.clients))
            raise ConfigError(
                f"{self.config_file}: unknown client {name!r} (known: {known}); add it with 'videokit client add {name}'"
            ) from None


def transcribe_options(
    base: TranscribeOptions,
    client: ClientProfile,
    *,
    language: str | None = None,
    glossary: Sequence[str] = (),
    overrides: dict[str, Any] | None = None,
) -> TranscribeOptions:
    """The options one client's clip is transcribed with, the same rule for every caller.

    `overrides` (a workflow's parameters, command-line flags; None values ignored) go over `base`.
    The language is the one asked for, else the client's, else (a client set to "auto") the
    configured one. The glossary is the configured terms, then the client's, then `glossary`.
    """
    merged = {**base.model_dump(), **{k: v for k, v in (overrides or {}).items() if v is not None}}
    chosen = language or (client.language if client.language != "auto" else None)
    if chosen:
        merged["language"] = chosen
    merged["glossary"] = list(dict.fromkeys([*merged["glossary"], *client.glossary, *glossary]))
    return TranscribeOptions.model_validate(merged)


def luhn_valid(digits: str) -> bool:
    """The Luhn key (RPPS numbers end with one): double every second digit from the right."""
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def default_home() -> Path:
    return Path(os.environ.get("VIDEOKIT_HOME") or platformdirs.user_data_dir("videokit")).expanduser()


def load_settings(home: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Read ``HOME/config.toml`` (optional) and validate it; errors name the file, key and fix."""
    home = (home or default_home()).resolve()
    path = home / "config.toml"
    data: dict[str, Any] = {}
    if path.exists():
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read ({exc.strerror}); check its permissions") from None
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc}); fix the syntax") from None
        _check_client_names(path, text, data)
    data = _deep_merge(data, overrides or {})
    data["home"] = home
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {format_validation_error(exc)}") from None


def _check_client_names(path: Path, text: str, data: dict[str, Any]) -> None:
    """`[clients.KEY]` names the client: a `name =` inside that disagrees would silently make it another
    client (its channel, tokens and reports)."""
    clients = data.get("clients")
    if not isinstance(clients, dict):
        return
    for key, body in clients.items():
        if isinstance(body, dict) and "name" in body and body["name"] != key:
            raise ConfigError(
                f"{path}:{_name_line(text, key)}: clients.{key}: name = {str(body['name'])[:60]!r} differs from the table's "
                f"name {key!r}; remove the 'name' line (the table [clients.{key}] names the client)"
            )


def _name_line(text: str, key: str) -> int | str:
    """The line of the `name =` inside the `[clients.KEY]` table ('?' if written another way)."""
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            header = stripped.strip("[]").replace('"', "").replace("'", "").replace(" ", "")
            inside = header == f"clients.{key}"
        elif inside and re.match(r"name\s*=", stripped):
            return number
    return "?"


def format_validation_error(exc: ValidationError) -> str:
    """One line per problem: dotted key, what is wrong, the accepted values when known."""
    parts = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = err["msg"]
        expected = (err.get("ctx") or {}).get("expected")
        if expected and "expected" not in msg:
            msg += f" (accepted: {expected})"
        parts.append(f"{key}: {msg}")
    return "; ".join(parts)


def _deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        out[key] = _deep_merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out
