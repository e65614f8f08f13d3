"""Build a short French practitioner-style clip for the demo, with nothing outside the repo.

Speech from SVOX Pico (`pico2wave`, fr-FR; Whisper understands it: WER about 0.1) or, where it
is not installed, espeak-ng (robotic: Whisper mishears much of it), a talk on high blood pressure
in four parts, thinking pauses between sentences, and dead air with a faint room-noise floor at both ends: what `videokit publish`
is made to clean up. The picture is a branded card with a slowly moving accent so frames differ.

    python assets/make_sample_clip.py assets/build/sample-fr.mp4
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

from videokit.fsutil import atomic_path

RATE = 16000
HEAD_SILENCE = 3.0
TAIL_SILENCE = 4.0

# (sentence, pause after it in seconds). Long pauses are the dead air the trimmer removes.
SCRIPT = [
    ("Bonjour. Je suis médecin généraliste, et aujourd'hui nous parlons de l'hypertension artérielle.", 1.2),
    ("C'est une maladie fréquente, qui touche un adulte sur trois, et elle est souvent silencieuse.", 0.8),
    ("La tension artérielle, c'est la pression du sang dans les artères.", 0.7),
    ("On parle d'hypertension quand elle dépasse quatorze sur neuf au cabinet.", 0.7),
    ("Avec l'âge, les artères deviennent plus rigides, et la tension a tendance à monter.", 0.7),
    ("Le surpoids, le sel, le tabac et le manque d'activité physique augmentent aussi le risque.", 2.5),
    ("Parlons d'abord des symptômes de l'hypertension.", 0.8),
    ("Le plus souvent, l'hypertension artérielle ne donne aucun symptôme.", 0.7),
    ("Certains patients ont des maux de tête, des vertiges, ou des bourdonnements d'oreilles.", 0.7),
    ("Sans traitement, elle abîme le cœur, les reins et le cerveau.", 0.7),
    ("Elle augmente le risque d'infarctus et d'accident vasculaire cérébral.", 0.7),
    ("Le seul moyen de la dépister est de mesurer la tension artérielle.", 3.0),
    ("Voyons maintenant comment bien mesurer sa tension à domicile.", 0.8),
    ("Utilisez un tensiomètre automatique au bras, validé et bien réglé.", 0.7),
    ("Asseyez-vous au calme pendant cinq minutes, le dos appuyé, le bras posé sur la table.", 0.7),
    ("Faites trois mesures le matin et trois mesures le soir, pendant trois jours.", 0.7),
    ("Notez les chiffres dans un carnet, et apportez-le à votre prochaine consultation.", 2.8),
    ("Enfin, parlons du traitement de l'hypertension artérielle.", 0.8),
    (
        "Le traitement commence par l'hygiène de vie: moins de sel, une activité physique régulière, moins d'alcool et l'arrêt du tabac.",
        0.7,
    ),
    ("Perdre quelques kilos fait souvent baisser la tension de plusieurs points.", 0.7),
    ("Mangez davantage de fruits et de légumes, et limitez les plats préparés, souvent très salés.", 0.7),
    ("Si cela ne suffit pas, votre médecin traitant peut prescrire un médicament antihypertenseur adapté.", 0.7),
    ("Ce traitement se prend tous les jours, même quand on se sent bien.", 1.5),
    ("Parlez-en à votre médecin traitant lors de votre prochaine consultation. Merci de votre attention.", 0.0),
]


def speak(text: str) -> np.ndarray:
    """One sentence as 16 kHz mono samples."""
    with tempfile.TemporaryDirectory() as tmp:
        wav_path = f"{tmp}/s.wav"
        if shutil.which("pico2wave"):
            subprocess.run(["pico2wave", "-l", "fr-FR", "-w", wav_path, text], check=True, capture_output=True)
        else:
            subprocess.run(
                ["espeak-ng", "-v", "fr", "-s", "140", "-w", wav_path, text], check=True, capture_output=True
            )
        pcm = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", wav_path, "-ac", "1", "-ar", str(RATE), "-f", "wav", "-"],
            check=True,
            capture_output=True,
        ).stdout
    with wave.open(io.BytesIO(pcm)) as reader:
        return np.frombuffer(reader.readframes(reader.getnframes()), dtype=np.int16).astype(np.float32)


def build_audio() -> np.ndarray:
    rng = np.random.default_rng(7)
    parts = [np.zeros(int(HEAD_SILENCE * RATE), np.float32)]
    for sentence, pause in SCRIPT:
        parts += [speak(sentence), np.zeros(int(pause * RATE), np.float32)]
    parts.append(np.zeros(int(TAIL_SILENCE * RATE), np.float32))
    audio = np.concatenate(parts)
    audio += rng.normal(0, 25, audio.size).astype(np.float32)  # about -62 dBFS of room noise
    return np.clip(audio, -32768, 32767).astype(np.int16)


def main(out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        print(f"sample clip: {out} (already built)")
        return
    audio = build_audio()
    with tempfile.TemporaryDirectory() as work, atomic_path(out, 0o644) as partial:
        _encode(audio, Path(work) / "speech.wav", partial)  # two builds at once never share a file
    print(f"sample clip: {out} ({audio.size / RATE:.1f} s)")


def _encode(audio: np.ndarray, wav_path: Path, partial: Path) -> None:
    """The card and `audio` as an H.264/AAC MP4 at `partial`."""
    with wave.open(str(wav_path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(audio.tobytes())
    duration = audio.size / RATE
    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
    card = (
        f"drawbox=x=0:y=ih*0.72:w=iw:h=ih*0.18:color=0x0B5FA5@0.95:t=fill,"
        f"drawtext=fontfile={font}:text='Hypertension artérielle':fontcolor=white:fontsize=54:x=60:y=h*0.745,"
        f"drawtext=fontfile={font}:text='Conseils de votre médecin':fontcolor=white@0.85:fontsize=30:x=60:y=h*0.83,"
        f"drawbox=x='mod(t*40,iw)':y=ih*0.12:w=160:h=160:color=0x2E8B57@0.9:t=fill"
    )
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"color=c=0xF3F6FA:s=1280x720:r=30:d={duration:.3f}",
            "-i",
            str(wav_path),
            "-vf",
            card,
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "23",
            "-pix_fmt",
            "yuv420p",
            "-g",
            "60",
            "-c:a",
            "aac",
            "-b:a",
            "128k",
            "-ar",
            "48000",
            "-shortest",
            "-movflags",
            "+faststart",
            str(partial),
        ],
        check=True,
    )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "assets/build/sample-fr.mp4"))
