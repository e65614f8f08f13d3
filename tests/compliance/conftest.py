"""The compliance tests import their transcript helpers from conftest_compliance (this folder)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
