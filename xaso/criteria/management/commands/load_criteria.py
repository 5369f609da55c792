"""``manage.py load_criteria``: publish every criteria set YAML file of a directory.

Safe to run any number of times: an unchanged file is a no-op. Each file is published on its
own, so one bad file does not hold back the others; the command still exits non-zero if any
file was refused, so a deploy script or CI notices.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from xaso.criteria.services import criteria_set_publish
from xaso.engine.errors import CriteriaSetInvalid, Problem
from xaso.engine.loader import iter_criteria_files


class Command(BaseCommand):
    # Plain text: argparse cannot format lazy translations (Django's own commands do the same).
    help = (
        "Nạp mọi tệp bộ tiêu chí (*.yaml) trong XASO_CRITERIA_DIR vào cơ sở dữ liệu. / "
        "Load every criteria set file (*.yaml) in XASO_CRITERIA_DIR into the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="Thư mục chứa tệp YAML / directory of the YAML files (XASO_CRITERIA_DIR).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["dir"] or Path(settings.XASO_CRITERIA_DIR)
        if not directory.is_dir():
            raise CommandError(
                _("Không tìm thấy thư mục bộ tiêu chí %(dir)s.") % {"dir": directory}
            )
        files = list(iter_criteria_files(directory))
        if not files:
            self.stdout.write(
                self.style.WARNING(_("Không có tệp .yaml nào trong %(dir)s.") % {"dir": directory})
            )
            return
        refused = 0
        for path in files:
            try:
                text = _read(path)
                row, created = criteria_set_publish(yaml_text=text, source_name=path.name)
            except CriteriaSetInvalid as exc:
                refused += 1
                self.stdout.write(
                    self.style.ERROR(_("Tệp %(file)s: bị từ chối.") % {"file": path.name})
                )
                self.stdout.write(str(exc))
                continue
            names = {"file": path.name, "key": row.key, "count": row.indicator_count}
            if created:
                message = _("Tệp %(file)s: đã lưu phiên bản mới %(key)s (%(count)d chỉ tiêu).")
                self.stdout.write(self.style.SUCCESS(message % names))
            else:
                message = _("Tệp %(file)s: không đổi, %(key)s đã có trong cơ sở dữ liệu.")
                self.stdout.write(message % names)
        if refused:
            raise CommandError(
                _("%(refused)d/%(total)d tệp bị từ chối.")
                % {"refused": refused, "total": len(files)}
            )


def _read(path: Path) -> str:
    """The file's text, or CriteriaSetInvalid saying why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        message = _("tệp không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8")
    except OSError as exc:
        message = _("không đọc được tệp (%(reason)s)") % {"reason": exc.strerror}
    raise CriteriaSetInvalid([Problem(message, path.name)])
