from django.urls import path

from grants import views

app_name = "grants"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("soknader/", views.application_list, name="application_list"),
    path("soknader/ny/", views.application_create, name="application_create"),
    path("soknader/import/", views.application_import, name="application_import"),
    path("soknader/<int:pk>/", views.application_detail, name="application_detail"),
    path("soknader/<int:pk>/endre/", views.application_edit, name="application_edit"),
    path("soknader/<int:pk>/status/", views.application_transition, name="application_transition"),
    path("soknader/<int:pk>/kommentar/", views.comment_add, name="comment_add"),
    path("soknader/<int:pk>/vedlegg/", views.attachment_upload, name="attachment_upload"),
    path(
        "soknader/<int:pk>/vedlegg/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("soknader/<int:pk>/budsjett/", views.budget_line_add, name="budget_line_add"),
    path("soknader/<int:pk>/habilitet/", views.impartiality_declare, name="impartiality_declare"),
    path("soknader/<int:pk>/tildel/", views.application_assign, name="application_assign"),
    path("soknader/<int:pk>/vurdering/", views.assessment_edit, name="assessment_edit"),
    path("soknader/<int:pk>/vedtak/", views.decision_create, name="decision_create"),
    path(
        "soknader/<int:pk>/vedtak/<int:decision_pk>/brev/",
        views.decision_letter,
        name="decision_letter",
    ),
    path(
        "soknader/<int:pk>/vedtak/<int:decision_pk>/lag-brev/",
        views.decision_letter_generate,
        name="decision_letter_generate",
    ),
    path("soknader/<int:pk>/klage/", views.appeal_create, name="appeal_create"),
    path("soknader/<int:pk>/utbetaling/", views.payment_create, name="payment_create"),
    path(
        "soknader/<int:pk>/utbetaling/<int:payment_pk>/betalt/",
        views.payment_paid,
        name="payment_paid",
    ),
    path("soknader/<int:pk>/rapport/", views.report_create, name="report_create"),
    path("soknader/<int:pk>/tilbakebetaling/", views.repayment_create, name="repayment_create"),
    path(
        "soknader/<int:pk>/tilbakebetaling/<int:claim_pk>/betalt/",
        views.repayment_repaid,
        name="repayment_repaid",
    ),
    path("organisasjoner/", views.organisation_list, name="organisation_list"),
    path("organisasjoner/ny/", views.organisation_edit, name="organisation_create"),
    path("organisasjoner/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisasjoner/<int:pk>/endre/", views.organisation_edit, name="organisation_edit"),
    path("organisasjoner/<int:pk>/kontakt/", views.contact_add, name="contact_add"),
    path("jobbsjansen/", views.participant_list, name="participant_list"),
    path("jobbsjansen/ny/", views.participant_create, name="participant_create"),
    path("jobbsjansen/import/", views.participant_import, name="participant_import"),
    path("statistikk/", views.statistics, name="statistics"),
]
