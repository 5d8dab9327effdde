from django.urls import path

from hr import views

app_name = "hr"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ansatte/", views.records, name="records"),
    path("ansatte/<int:pk>/", views.record_edit, name="record_edit"),
    path("import/", views.import_upload, name="import"),
    path("import/<str:token>/", views.import_confirm, name="import_confirm"),
    path("innvandrerbakgrunn/", views.immigrant_background, name="immigrant_background"),
    path(
        "innvandrerbakgrunn/<int:year>/",
        views.immigrant_background,
        name="immigrant_background_edit",
    ),
    path(
        "innvandrerbakgrunn/<int:year>/slett/",
        views.immigrant_background_delete,
        name="immigrant_background_delete",
    ),
    path("likestillingsarbeid/", views.equality_work, name="equality_work"),
    path("likestillingsarbeid/<int:year>/tiltak/", views.measure_create, name="measure_create"),
    path("tiltak/<int:pk>/", views.measure_edit, name="measure_edit"),
]
