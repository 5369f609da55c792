from django.urls import path, register_converter

from .views import commune, national, province, public


class EraConverter:
    regex = "legacy|2025"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(EraConverter, "era")

app_name = "dashboards"

urlpatterns = [
    path("thong-ke/", province.home, name="home"),
    path("thong-ke/toan-quoc/", national.national_latest, name="national_latest"),
    path("thong-ke/toan-quoc/<int:year>/", national.national, name="national"),
    path("thong-ke/xa/<era:era>/<str:code>/", commune.commune, name="commune"),
    path("thong-ke/<str:code>/", province.province, name="province"),
    path("thong-ke/<str:code>/xu-huong/", province.trends, name="trends"),
    path("thong-ke/<str:code>/<int:year>/", province.overview, name="overview"),
    path("thong-ke/<str:code>/<int:year>/diem-nghen/", province.bottlenecks, name="bottlenecks"),
    path(
        "thong-ke/<str:code>/<int:year>/diem-nghen/<str:indicator>/",
        province.bottleneck,
        name="bottleneck",
    ),
    path("thong-ke/<str:code>/<int:year>/mot-buoc/", province.one_step, name="one_step"),
    path("thong-ke/<str:code>/<int:year>/ban-do/", province.map_page, name="map"),
    path("thong-ke/<str:code>/<int:year>/ban-do.json", province.map_data, name="map_data"),
    path("thong-ke/<str:code>/<int:year>/gia-dinh/", province.what_if, name="what_if"),
    path("cong-khai/<str:code>/<int:year>/", public.results, name="public_results"),
    path("cong-khai/<str:code>/<int:year>/ban-do.json", public.map_data, name="public_map"),
]
