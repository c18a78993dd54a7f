"""The transformer on ONNX Runtime: torch's probabilities, one export per trained model.

All sentences here are written for these tests (invented companies).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.config import DEFAULT_MODEL_DIR, ExtractorConfig
from pipeline.errors import DealfactsError, ModelNotFoundError
from pipeline.relate import onnxrt
from pipeline.relate.features import Example
from pipeline.relate.model import (
    Classifier,
    encode,
    load_classifier,
    load_tokenizer,
    resolve_precision,
    resolve_runtime,
)

pytestmark = pytest.mark.slow

SENTENCES = [
    "Kestrel Systems agreed to acquire Pinewood Analytics for $300 million in cash.",
    "Lumora Cloud will supply Brightwave AI with GPU capacity under a three-year contract.",
    "Shares of Halvard Motors fell 3 percent on Tuesday after it missed forecasts.",
    "Tidewell Capital led a $45 million Series B round in Orrin Robotics, Orrin said.",
]


def examples() -> list[Example]:
    out = [Example("type", s, "The companies did not comment further.") for s in SENTENCES]
    out.append(Example("role", SENTENCES[0], "", span=(34, 52)))  # Pinewood Analytics
    out.append(Example("role", SENTENCES[0], "", span=(0, 15)))  # Kestrel Systems
    # longer than the network's window: truncated the same way on both runtimes
    long = " ".join(SENTENCES * 6)
    out.append(Example("type", long, long))
    start = long.index("Lumora Cloud")  # inside the kept window
    out.append(Example("role", long, long, span=(start, start + len("Lumora Cloud"))))
    return out


@pytest.fixture(scope="module")
def model_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped model in a fresh folder: its export is made here, from scratch."""
    target = tmp_path_factory.mktemp("model") / "relate"
    shutil.copytree(DEFAULT_MODEL_DIR, target, ignore=shutil.ignore_patterns("onnx"))
    return target


@pytest.fixture(scope="module")
def torch_fp32(model_copy: Path) -> Classifier:
    return Classifier(model_copy, "cpu", "fp32")


def test_tokenizers_encoding_equals_transformers() -> None:
    """The ONNX path tokenises with ``tokenizers`` alone: same ids and masks as transformers."""
    hf = load_tokenizer()
    fast = onnxrt.load_fast_tokenizer(96)
    batch = examples()
    want = encode(hf, batch, 96)
    got = onnxrt.encode_numpy(fast, batch)
    assert set(got) == set(onnxrt.INPUTS)
    for name in onnxrt.INPUTS:
        assert (want[name].numpy() == got[name]).all(), name
    assert got["input_ids"].shape[1] == 96  # the long pair was truncated to the window
    assert got["mention_mask"][4].sum() >= 2  # "Pinewood Analytics": two or more word pieces
    assert got["mention_mask"][7].sum() >= 2  # the mention in the truncated pair is marked


def test_export_gives_torch_probabilities(model_copy: Path, torch_fp32: Classifier) -> None:
    path = onnxrt.export(model_copy)
    assert path.parent == model_copy / "onnx" and path.is_file()
    clf = onnxrt.OnnxClassifier(model_copy)
    want, got = torch_fp32.predict(examples()), clf.predict(examples())
    for w, g in zip(want, got, strict=True):
        assert set(w) == set(g)
        assert max(abs(w[k] - g[k]) for k in w) < 1e-4
        assert abs(sum(g.values()) - 1.0) < 1e-4
    # one at a time (no padding) gives the same as in a batch
    for ex, g in zip(examples(), got, strict=True):
        alone = clf.predict([ex])[0]
        assert max(abs(alone[k] - g[k]) for k in g) < 1e-4


def test_export_is_made_once_and_follows_the_weights(model_copy: Path) -> None:
    first = onnxrt.export(model_copy)
    stamp = first.stat().st_mtime_ns
    assert onnxrt.export(model_copy) == first
    assert first.stat().st_mtime_ns == stamp  # reused, not exported again
    retrained = model_copy.parent / "retrained"
    shutil.copytree(model_copy, retrained, ignore=shutil.ignore_patterns("onnx"))
    heads = retrained / "heads.safetensors"
    heads.write_bytes(heads.read_bytes()[:-4] + b"\0\0\0\0")
    assert onnxrt.onnx_path(retrained).name != first.name  # new weights, new file
    retuned = model_copy.parent / "retuned"
    shutil.copytree(model_copy, retuned, ignore=shutil.ignore_patterns("onnx"))
    config = json.loads((retuned / "config.json").read_text())
    config["thresholds"] = {**config.get("thresholds", {}), "retype": 0.95}
    config["version"] = "9.9.9"
    (retuned / "config.json").write_text(json.dumps(config))
    assert onnxrt.onnx_path(retuned).name == first.name  # same network, same file
    config["max_length"] = int(config.get("max_length", 96)) + 1
    (retuned / "config.json").write_text(json.dumps(config))
    assert onnxrt.onnx_path(retuned).name != first.name


def test_damaged_export_is_made_again(model_copy: Path, torch_fp32: Classifier) -> None:
    path = onnxrt.export(model_copy)
    path.write_bytes(b"not an onnx file")
    clf = onnxrt.OnnxClassifier(model_copy)
    assert clf.path == path and path.stat().st_size > 1_000_000
    got = clf.predict(examples()[:1])[0]
    want = torch_fp32.predict(examples()[:1])[0]
    assert max(abs(want[k] - got[k]) for k in want) < 1e-4


def test_int8_is_close_and_keeps_clear_calls(model_copy: Path, torch_fp32: Classifier) -> None:
    """int8 is lossy (see the model card) but does not turn a plain sentence around."""
    clf = onnxrt.OnnxClassifier(model_copy, "int8")
    assert clf.path.name.endswith("-int8.onnx")
    assert clf.path.stat().st_size < onnxrt.onnx_path(model_copy).stat().st_size / 2
    plain = examples()[:4]
    want, got = torch_fp32.predict(plain), clf.predict(plain)
    for w, g in zip(want, got, strict=True):
        assert abs(sum(g.values()) - 1.0) < 1e-3
        top = max(w, key=w.get)
        if w[top] >= 0.8:  # a clear call (int8 kernels differ between CPUs: no close ones)
            assert max(g, key=g.get) == top
        assert max(abs(w[k] - g[k]) for k in w) < 0.5


def test_exports_are_readable_by_others(model_copy: Path) -> None:
    mode = onnxrt.export(model_copy).stat().st_mode & 0o777
    assert mode & 0o044 == 0o044 & ~_umask()


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_auto_falls_back_to_torch_when_no_export_can_be_made(
    model_copy: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def fail(model_dir: Path, precision: str = "fp32") -> Path:
        raise ModelNotFoundError("exporting to ONNX needs torch, transformers and onnx: test")

    monkeypatch.setattr(onnxrt, "export", fail)
    clf = load_classifier(model_copy, "cpu", "auto", "auto")
    assert isinstance(clf, Classifier)
    assert "running torch" in caplog.text
    with pytest.raises(ModelNotFoundError, match="needs torch"):
        load_classifier(model_copy, "cpu", "auto", "onnx")  # asked for: no fallback


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="no trained relation model"):
        onnxrt.OnnxClassifier(tmp_path)


def test_runtime_and_precision_resolution() -> None:
    assert resolve_runtime("auto", "cpu") == "onnx"
    assert resolve_runtime("auto", "cuda") == "torch"
    assert resolve_runtime("torch", "cpu") == "torch"
    with pytest.raises(DealfactsError, match="runs on the CPU"):
        resolve_runtime("onnx", "cuda")
    with pytest.raises(DealfactsError, match="unknown runtime"):
        resolve_runtime("tvm", "cpu")
    assert resolve_precision("auto", "cpu", "onnx") == "fp32"
    assert resolve_precision("int8", "cpu", "onnx") == "int8"
    with pytest.raises(DealfactsError, match="runs on torch"):
        resolve_precision("bf16", "cpu", "onnx")
    with pytest.raises(DealfactsError, match="runs on ONNX Runtime"):
        resolve_precision("int8", "cpu", "torch")


def test_default_cpu_classifier_is_onnx_fp32() -> None:
    clf = load_classifier(DEFAULT_MODEL_DIR, "cpu")
    assert isinstance(clf, onnxrt.OnnxClassifier) and clf.precision == "fp32"
    assert ExtractorConfig().runtime == "auto"
