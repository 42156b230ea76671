"""Allow `python -m privacy_inventory` as well as the console script."""

from privacy_inventory.cli import main

raise SystemExit(main())
