from django.urls import path

from .views_jobs import job_detail

app_name = "jobs"

urlpatterns = [path("<int:pk>/", job_detail, name="detail")]
