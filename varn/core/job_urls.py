from django.urls import path

from .views_jobs import job_detail, job_retry

app_name = "jobs"

urlpatterns = [
    path("<int:pk>/", job_detail, name="detail"),
    path("<int:pk>/forsok-igen/", job_retry, name="retry"),
]
