from django.urls import path

from . import views

app_name = "criteria"

urlpatterns = [
    path("bo-tieu-chi/tai-len/", views.upload, name="upload"),
]
