from xaso.cli import main

raise SystemExit(main())
