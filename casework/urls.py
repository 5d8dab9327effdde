from django.urls import path

from casework import views

app_name = "casework"

urlpatterns = [
    path("", views.my_cases, name="my_cases"),
    path("ny/", views.case_create, name="case_create"),
    path("eksport/", views.case_export, name="case_export"),
    path("oversikt/", views.overview, name="overview"),
    path("oversikt/tildel/", views.cases_assign, name="cases_assign"),
    path("statistikk/", views.statistics, name="statistics"),
    path("utadrettet/", views.outreach_list, name="outreach_list"),
    path("utadrettet/ny/", views.outreach_create, name="outreach_create"),
    path("utadrettet/<int:pk>/endre/", views.outreach_edit, name="outreach_edit"),
    path("utadrettet/<int:pk>/slett/", views.outreach_delete, name="outreach_delete"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/endre/", views.case_edit, name="case_edit"),
    path("<int:pk>/overfor/", views.case_transfer, name="case_transfer"),
    path("<int:pk>/tjenester/ny/", views.service_create, name="service_create"),
    path("<int:pk>/journal/ny/", views.journal_create, name="journal_create"),
    path("<int:pk>/journal/<int:entry_pk>/", views.journal_detail, name="journal_detail"),
]
