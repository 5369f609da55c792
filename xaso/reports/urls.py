from django.urls import path

from .views import excel, pdf

app_name = "reports"

urlpatterns = [
    path("bao-cao/mau/danh-gia/<int:pk>/", excel.commune_template, name="commune_template"),
    path("bao-cao/mau/<str:code>/<int:year>/", excel.province_template, name="province_template"),
    path("bao-cao/nhap/", excel.import_upload, name="import"),
    path("bao-cao/nhap/<str:token>/", excel.import_confirm, name="import_confirm"),
    path("bao-cao/ket-qua/<str:code>/<int:year>/", excel.results_export, name="results"),
    path("bao-cao/danh-gia/<int:pk>/pdf/", pdf.commune_pdf, name="commune_pdf"),
    path("bao-cao/tong-hop/<str:code>/<int:year>/pdf/", pdf.province_pdf, name="province_pdf"),
]
