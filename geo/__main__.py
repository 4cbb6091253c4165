"""Run the command line: ``python -m geo``."""

from geo.cli import main

raise SystemExit(main())
