"""The frozen program's entry point: ``crm_desktop.__main__.main`` with safe standard streams.

A windowed build on Windows starts with ``sys.stdout`` and ``sys.stderr`` set to None, and
anything printing (``--version``, ``--help``, a smoke run) would then fail: point them at the
null device instead.
"""

import os
import sys

if sys.stdout is None:
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115  # lives as long as we do
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115

from crm_desktop.__main__ import main  # after the streams are safe

sys.exit(main())
