import sys

from oglint.cli import main

sys.exit(main())
