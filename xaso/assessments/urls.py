from django.urls import path

from .views import entry, public, review

app_name = "assessments"

urlpatterns = [
    path("cong-viec/", entry.work, name="work"),
    path("dot/<int:round_pk>/xa/<int:unit_pk>/mo/", entry.open_assessment, name="open"),
    path("danh-gia/<int:pk>/", entry.detail, name="detail"),
    path("danh-gia/<int:pk>/kiem-tra/", entry.check, name="check"),
    path("danh-gia/<int:pk>/luu/", entry.save, name="save"),
    path("danh-gia/<int:pk>/nop/", entry.submit, name="submit"),
    path("danh-gia/<int:pk>/minh-chung/", entry.add_evidence, name="evidence_add"),
    path("danh-gia/<int:pk>/tham-dinh/", review.review, name="review"),
    path("danh-gia/<int:pk>/mo-lai/", review.reopen, name="reopen"),
    path("cong-nhan/", review.recognise, name="recognise"),
    path("tep/<int:pk>/", review.evidence_file, name="evidence_file"),
    path("quyet-dinh/<int:pk>/pdf/", review.decision_pdf, name="decision_pdf"),
    path("cong-khai/", public.results, name="public"),
]
