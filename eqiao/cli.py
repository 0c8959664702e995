"""The `eqiao` console script.

`eqiao text ...` runs the Chinese text engine without loading Django (fast start,
usable on a machine with no database); everything else is Django's manage.py.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] == "text":
        from eqiao.text.cli import main as text_main

        return text_main(args[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
