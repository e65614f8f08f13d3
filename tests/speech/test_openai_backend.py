"""openai-whisper from a checkpoint rebuilt out of the packaged CTranslate2 weights."""

from __future__ import annotations

import base64
import gzip
from pathlib import Path

import numpy as np
import pytest
import whisper

from videokit.speech.convert import alignment_heads, ct2_to_openai, read_ct2
from videokit.speech.models import resolve_model
from videokit.speech.options import TranscribeOptions
from videokit.speech.transcribe import transcribe
from videokit.speech.wer import word_error_rate

pytestmark = pytest.mark.slow  # Whisper, embeddings, renders or kill -9 runs: left out of `make check`


def test_conversion_is_an_exact_inverse_of_the_ct2_fusion(models_dir: Path) -> None:
    ct2 = resolve_model("tiny.en", "faster-whisper", models_dir).path
    variables = read_ct2(ct2 / "model.bin")
    checkpoint = ct2_to_openai(ct2)
    sd = checkpoint["model_state_dict"]
    fused = variables["decoder/layer_2/self_attention/linear_0/weight"]
    width = checkpoint["dims"]["n_text_state"]
    for i, part in enumerate(("query", "key", "value")):
        assert np.array_equal(sd[f"decoder.blocks.2.attn.{part}.weight"].numpy(), fused[i * width : (i + 1) * width])
    assert np.array_equal(
        sd["decoder.blocks.3.cross_attn.value.bias"].numpy(),
        variables["decoder/layer_3/attention/linear_1/bias"][width:],
    )
    assert "decoder.blocks.0.attn.key.bias" not in sd
    assert (
        sd["encoder.conv1.weight"].dtype.is_floating_point and str(sd["encoder.conv1.weight"].dtype) == "torch.float16"
    )
    model = whisper.model.Whisper(whisper.model.ModelDimensions(**checkpoint["dims"]))
    assert set(model.state_dict()) - {"alignment_heads"} == set(sd)  # every tensor the model has, nothing else


def test_packaged_alignment_heads_match_the_ct2_config(models_dir: Path) -> None:
    ct2 = resolve_model("base", "faster-whisper", models_dir).path
    mask = np.frombuffer(gzip.decompress(base64.b85decode(whisper._ALIGNMENT_HEADS["base"])), dtype=bool).reshape(6, 8)
    assert sorted(zip(*np.nonzero(mask))) == sorted(alignment_heads(ct2))


def test_rebuilt_base_transcribes_jfk_with_word_times(corpus: Path, models_dir: Path) -> None:
    # Greedy: openai-whisper's beam search costs ~5x on CPU and adds nothing to what this proves.
    options = TranscribeOptions(backend="openai-whisper", beam_size=1, cpu_threads=2)
    t = transcribe(corpus / "en" / "jfk.flac", options, models_dir=models_dir)
    assert t.backend == "openai-whisper" and t.language == "en"
    assert (models_dir / "openai-whisper" / "base.pt").is_file()
    assert word_error_rate((corpus / "en" / "jfk.txt").read_text(), t.text, "en") <= 0.05
    words = t.words
    assert len(words) >= 20
    assert all(0.0 <= w.start <= w.end <= 11.1 for w in words)
    assert [w.start for w in words] == sorted(w.start for w in words)
    country = [w for w in words if "country" in w.text]
    assert len(country) == 2 and country[0].start == pytest.approx(5.0, abs=1.5) and country[1].start > 9.0
