"""The bundled sample data (data/sample/): the date it is anchored on.

`reviewprep demo` scores as of this date, so the demo shows the same numbers whenever
it is run; data/sample/generate.py dates the sample inputs up to it.
"""

from datetime import date

ANCHOR = date(2026, 11, 20)
