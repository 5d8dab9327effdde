from django.urls import path

from imdi.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.export_list, name="list"),
    path("bestill/", views.export_create, name="create"),
    path("status/", views.export_status, name="status"),
    path("<int:pk>/prov-igjen/", views.export_retry, name="retry"),
    path("<int:pk>/fil/<str:fmt>/", views.export_download, name="download"),
    path("forhandsvisning/", views.preview_pick, name="preview_pick"),
    path("forhandsvisning/<int:year>/", views.preview, name="preview"),
]
