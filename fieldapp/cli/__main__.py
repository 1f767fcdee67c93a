"""`python -m fieldapp.cli`: the same as the `fieldapp` command."""

import sys

from fieldapp.cli import main

if __name__ == "__main__":     # tools that import every module (the layer checks) must not start the app
    sys.exit(main())
