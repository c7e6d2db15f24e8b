from django.http import HttpRequest


def tenancy(request: HttpRequest) -> dict:
    """The current membership for the navigation, when the view is inside a municipality."""
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "municipality": getattr(request, "municipality", None),
    }
