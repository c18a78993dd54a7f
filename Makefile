# dealfacts: the front door. `make extract` and `make test` set themselves up on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ONNX   := models/relate/onnx/.exported
RAW    := data/raw
OUT    := data/processed
EVAL   ?= ../shared/eval

.PHONY: setup compile extract test lint format eval bench train fuzz corpus clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# the pinned CPU build of torch first: an unpinned one pulls a 5 GB CUDA build
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Bytecode of the package (an editable install has none, and PYTHONDONTWRITEBYTECODE=1
# stops Python writing it): each process would compile 12k lines at start (cold start).
# Up-to-date files are skipped, so it is a no-op on a second run.
compile: $(STAMP) $(ONNX)
	@$(BIN)/python -m compileall -q pipeline

# The transformer for ONNX Runtime, exported once per trained model (3 s off every start;
# a run without it exports it itself). Its file name carries a digest of the weights.
$(ONNX): $(STAMP) pipeline/relate/onnxrt.py models/relate/config.json $(wildcard models/relate/*.safetensors)
	$(BIN)/python -m pipeline.relate.onnxrt models/relate
	touch $@

setup: compile ## create .venv with everything installed (and the package's bytecode)

extract: compile ## extract deals from data/raw into data/processed (SQLite + JSONL)
	mkdir -p $(OUT)
	$(BIN)/dealfacts extract $(RAW) --db sqlite:///$(OUT)/deals.sqlite --jsonl $(OUT)/deals.jsonl --progress

test: $(STAMP) ## run the test suite
	$(BIN)/python -m pytest -q

lint: $(STAMP) ## ruff
	$(BIN)/ruff check pipeline tests scripts

format: $(STAMP)
	$(BIN)/ruff format pipeline tests scripts

eval: $(STAMP) ## score against the shared dev sets and ours, with and without the transformer
	$(BIN)/python scripts/evaluate.py --eval $(EVAL) --sets dev reuters-dev $(wildcard data/eval/tech-*)

clean: ## remove outputs (data/processed) and caches, keep .venv
	rm -rf $(OUT)/*.sqlite* $(OUT)/*.jsonl $(OUT)/*.json .pytest_cache .ruff_cache

# Real-news labels for `make train` (a SCHEMA.md folder; gold without evidence is fine).
# With it, the judge's thresholds are set: the type one found by scripts/cv_transformer.py
# on it, and the retype bar raised from its 0.7 to 0.8, which costs reuters-dev (out of fold)
# 0.002 and gains our real-name tech-news set data/eval/tech-c 0.059 (MODEL_CARD.md);
# `make train EXTRA=` trains on data/train alone and tunes there.
EXTRA ?= $(wildcard ../shared/eval/reuters-dev)
CV_THRESHOLDS ?= {"type": 0.5, "retype": 0.8}

train: $(STAMP) ## rebuild the transformer model (models/relate) from data/train (+ EXTRA) on CPU
	$(BIN)/python -m pipeline.relate.train --corpus data/train --out models/relate \
		$(if $(EXTRA),--extra $(EXTRA) --thresholds '$(CV_THRESHOLDS)')

bench: compile ## throughput, memory and cold start vs the spaCy floor (writes data/processed/bench.json)
	$(BIN)/python scripts/bench.py

fuzz: $(STAMP) ## property-based fuzzing of normalisers, cleaner and extractor (default budget 3 min)
	$(BIN)/python scripts/fuzz.py

corpus: $(STAMP) ## rebuild data/train from scripts/make_corpus.py (deterministic)
	$(BIN)/python scripts/make_corpus.py --out data/train
