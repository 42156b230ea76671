"""`python -m privacy_inventory.demo.fernly --out fernly.sqlite`."""

from privacy_inventory.demo.fernly.build import main

raise SystemExit(main())
