"""Allow ``python -m ror_assistant``."""

from ror_assistant.cli import main

raise SystemExit(main())
