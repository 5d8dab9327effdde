from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from imdi import accounts, views

admin.site.site_header = "IMDi-portalen"
admin.site.site_title = "IMDi-portalen"
admin.site.index_title = "Dataredigering"

account_patterns = [
    path("logg-inn/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("passord/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "passord/endret/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path(
        "passord/glemt/",
        login_not_required(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "passord/glemt/sendt/",
        login_not_required(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "passord/nytt/<uidb64>/<token>/",
        login_not_required(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "passord/nytt/ferdig/",
        login_not_required(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("tofaktor/", accounts.otp_verify, name="otp_verify"),
    path("tofaktor/oppsett/", accounts.otp_setup, name="otp_setup"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("konto/", include(account_patterns)),
    path("sprak/", login_not_required(set_language), name="set_language"),
    path("tilskudd/", include("grants.urls")),
    path("saker/", include("casework.urls")),
    path("hr/", include("hr.urls")),
    path("rapporter/", include("imdi.reports.urls")),
    path("admin/", admin.site.urls),
]
