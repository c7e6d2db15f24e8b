from django.urls import path

from .views import redact

app_name = "redaction"

urlpatterns = [path("<str:label>/<int:pk>/", redact, name="redact")]
