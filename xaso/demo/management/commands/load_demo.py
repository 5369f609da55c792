from django.core.management.base import BaseCommand

from xaso.demo.services import demo_load


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa (đơn vị hành chính, kế hoạch QĐ 969, số liệu gốc) / Load demo data"

    def handle(self, *args: object, **options: object) -> None:
        summary = demo_load(progress=self.stdout.write)
        self.stdout.write(
            f"Dữ liệu minh họa: {summary.unit_years} đơn vị-năm mới "
            f"({summary.values} số liệu gốc), {summary.skipped} đã có, "
            f"{summary.plan_years} năm kế hoạch; {summary.seconds:.1f} giây. / "
            f"Demo data loaded."
        )
