from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("viec-nen/<uuid:pk>/", views.job_page, name="job"),
    path("viec-nen/<uuid:pk>/tai-ve/", views.job_download, name="download"),
]
