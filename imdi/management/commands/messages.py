"""``manage.py messages APP``: the Norwegian catalogue of one part of the portal.

Each part keeps its own catalogue beside its code (``grants/locale``, ``casework/locale``,
``hr/locale``, ``imdi/reports/locale``, and ``locale/`` for the shared pages), built from its
Python files and its folder under ``templates/``. Source strings are English; Django merges
all catalogues at run time. Needs GNU gettext; the compiled .mo files are committed so that
running the portal does not.
"""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands import makemessages

BASE = str(settings.BASE_DIR)
APP_TEMPLATE_DIRS = ["grants", "casework", "hr", "reports"]
PARTS = {
    # part: (source folders, template folders, catalogue folder, folders left out)
    "imdi": (
        ["imdi"],
        ["templates"],
        "locale",
        ["imdi/reports"] + [f"templates/{d}" for d in APP_TEMPLATE_DIRS],
    ),
    "grants": (["grants"], ["templates/grants"], "grants/locale", []),
    "casework": (["casework"], ["templates/casework"], "casework/locale", []),
    "hr": (["hr"], ["templates/hr"], "hr/locale", []),
    "reports": (["imdi/reports"], ["templates/reports"], "imdi/reports/locale", []),
}


class Command(makemessages.Command):
    help = "Update the Norwegian catalogue of one part (imdi, grants, casework, hr, reports) and compile it."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("part", choices=sorted(PARTS))

    def handle(self, *args, part, **options):
        self.part = part
        target = os.path.join(BASE, PARTS[part][2])
        os.makedirs(target, exist_ok=True)
        options.update(
            locale=["nb"], no_obsolete=True, domain="django", extensions=["html", "txt", "py"]
        )
        super().handle(*args, **options)
        call_command(
            "compilemessages", locale=["nb"], ignore_patterns=[".venv", "var"], verbosity=0
        )

    def find_files(self, root):
        sources, templates, target, excluded = PARTS[self.part]
        target = os.path.join(BASE, target)
        self.locale_paths = [target]
        self.default_locale_path = target
        excluded = {os.path.join(BASE, e) for e in excluded}
        found = []
        for folder in sources + templates:
            for dirpath, dirnames, filenames in os.walk(os.path.join(BASE, folder)):
                dirnames[:] = [
                    d
                    for d in dirnames
                    if d not in ("locale", "migrations", "__pycache__")
                    and os.path.join(dirpath, d) not in excluded
                ]
                for filename in filenames:
                    if os.path.splitext(filename)[1] in (".py", ".html", ".txt"):
                        found.append(
                            self.translatable_file_class(os.path.relpath(dirpath), filename, target)
                        )
        return sorted(found)
