"""``python -m pipeline`` runs the ``dealfacts`` command."""

from pipeline.cli import main

raise SystemExit(main())
