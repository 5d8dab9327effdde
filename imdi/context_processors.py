from django.conf import settings

from imdi.navigation import menu_for
from imdi.roles import Role, has_role, user_roles


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"demo_without_2fa": settings.IMDI_DEMO_WITHOUT_2FA}
    return {
        "menu": menu_for(user),
        "my_roles": sorted(user_roles(user)),
        "is_portal_admin": has_role(user, Role.ADMINISTRATOR) or user.is_superuser,
        "demo_without_2fa": settings.IMDI_DEMO_WITHOUT_2FA,
    }
