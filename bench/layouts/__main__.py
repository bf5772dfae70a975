import sys

from . import make

if len(sys.argv) != 2:
    sys.exit("usage: python -m bench.layouts OUT_DIR")
print(f"wrote {len(list(make(sys.argv[1]).glob('*.pdf')))} letters and truth.json to {sys.argv[1]}")
