"""Media test inputs: the corpus clips, plus synthetic cases generated with ffmpeg once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from tools import ffmpeg


@pytest.fixture(scope="session")
def ae_video(corpus: Path) -> Path:
    return corpus / "video" / "auto-editor-example.mp4"


@pytest.fixture(scope="session")
def bonjour(corpus: Path) -> Path:
    return corpus / "fr" / "bonjour_vous_allez_bien.mp3"


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def sync_clip(media_dir: Path) -> Path:
    """12 s, 30 fps, GOP 1 s: a white flash frame and a 1 kHz click together every 0.7 s, so any
    audio/video slip after cutting shows as an offset between flash and click."""
    out = media_dir / "sync.mp4"
    flash = "lt(mod(N,21),1)"
    ffmpeg("-f", "lavfi", "-i", f"color=c=black:s=320x240:r=30:d=12,geq=lum='if({flash},235,16)':cb=128:cr=128",
           "-f", "lavfi", "-i", "aevalsrc='if(lt(mod(t,0.7),0.02),sin(2*PI*1000*t),0)':s=48000:d=12",
           "-c:v", "libx264", "-g", "30", "-bf", "2", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(out))  # fmt: skip
    return out


@pytest.fixture(scope="session")
def phone_clip(media_dir: Path) -> Path:
    """Phone-like: variable frame rate (every 5th frame dropped) and a 90 degree rotation flag."""
    vfr = media_dir / "vfr.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=size=480x270:rate=30:d=16", "-f", "lavfi", "-i", "sine=f=300:r=48000:d=16",
           "-vf", "select='not(eq(mod(n,5),2))'", "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast", "-g", "45", "-c:a", "aac", str(vfr))  # fmt: skip
    out = media_dir / "phone.mp4"
    ffmpeg("-i", str(vfr), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(out))
    return out


@pytest.fixture(scope="session")
def hevc10_clip(media_dir: Path) -> Path:
    out = media_dir / "hevc10.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30:d=16", "-f", "lavfi", "-i", "sine=f=300:r=48000:d=16",
           "-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-x265-params", "log-level=error", "-tag:v", "hvc1",
           "-c:a", "aac", str(out))  # fmt: skip
    return out


@pytest.fixture(scope="session")
def silent_video(ae_video: Path, media_dir: Path) -> Path:
    out = media_dir / "no_audio.mp4"
    ffmpeg("-i", str(ae_video), "-t", "10", "-an", "-c", "copy", str(out))
    return out


@pytest.fixture(scope="session")
def odd_clip(media_dir: Path) -> Path:
    """853x479 lossless FFV1 in Matroska: odd sizes no H.264 4:2:0 encoder accepts as is."""
    out = media_dir / "odd.mkv"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=size=853x479:rate=25:d=6", "-f", "lavfi", "-i", "sine=f=300:r=44100:d=6",
           "-c:v", "ffv1", "-c:a", "flac", str(out))  # fmt: skip
    return out


@pytest.fixture(scope="session")
def short_clip(ae_video: Path, media_dir: Path) -> Path:
    """The first 8 s of the corpus video (speech throughout), for render tests."""
    out = media_dir / "short.mp4"
    ffmpeg("-i", str(ae_video), "-t", "8", "-c", "copy", str(out))
    return out


@pytest.fixture(scope="session")
def brand(media_dir: Path) -> dict[str, Path]:
    """Client assets: a 4:3 intro with a tone, a silent outro, a logo with alpha, a font."""
    from PIL import Image, ImageDraw

    folder = media_dir / "brand"
    folder.mkdir()
    ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:d=2", "-f", "lavfi", "-i", "sine=f=440:r=44100:d=2",
           "-c:v", "libx264", "-c:a", "aac", str(folder / "intro.mp4"))  # fmt: skip
    ffmpeg("-f", "lavfi", "-i", "smptebars=size=320x180:rate=30:d=1.5", "-c:v", "libx264", str(folder / "outro.mp4"))
    logo = Image.new("RGBA", (300, 150), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((0, 0, 150, 150), fill=(200, 30, 40, 255))
    logo.save(folder / "logo.png")
    return {"intro": folder / "intro.mp4", "outro": folder / "outro.mp4", "logo": folder / "logo.png",
            "font": Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")}  # fmt: skip


@pytest.fixture(scope="session")
def faces_video(media_dir: Path) -> Path:
    """A real portrait (matplotlib's sample photo) in four takes: 0-4 s motion-blurred, 4-8 s a sharp
    test pattern without a face, 8-11 s sharp and well exposed, 11-14 s underexposed."""
    import matplotlib

    photo = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    out = media_dir / "faces.mp4"
    head = "scale=-2:720,pad=1280:720:(ow-iw)/2:0:color=0x808890,setsar=1,format=yuv420p"
    ffmpeg("-loop", "1", "-framerate", "25", "-t", "4", "-i", str(photo), "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:d=4",
           "-loop", "1", "-framerate", "25", "-t", "3", "-i", str(photo), "-loop", "1", "-framerate", "25", "-t", "3", "-i", str(photo),
           "-filter_complex", f"[0]{head},gblur=sigma=6[a];[1]setsar=1,format=yuv420p[b];[2]{head}[c];[3]{head},eq=brightness=-0.35[d];"
           "[a][b][c][d]concat=n=4:v=1:a=0", "-g", "25", "-c:v", "libx264", "-preset", "ultrafast", str(out))  # fmt: skip
    return out


@pytest.fixture(scope="session")
def speaker_left(media_dir: Path) -> Path:
    """10 s of 1280x720 with the portrait standing left of centre (face around x = 0.25) and a tone."""
    import matplotlib

    photo = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    out = media_dir / "left.mp4"
    ffmpeg("-loop", "1", "-framerate", "25", "-t", "10", "-i", str(photo), "-f", "lavfi", "-i", "sine=f=220:r=48000:d=10",
           "-vf", "scale=-2:720,pad=1280:720:20:0:color=0x808890,setsar=1,format=yuv420p", "-c:v", "libx264", "-preset", "ultrafast",
           "-c:a", "aac", "-shortest", str(out))  # fmt: skip
    return out
