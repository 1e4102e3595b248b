"""Background matching of a product against a big team's clients (POST-3): thin wrappers over the offers flow."""

from __future__ import annotations

from django_tasks import task

from keepwarm.accounts.models import User
from keepwarm.catalog.models import Product
from keepwarm.flows.offers import offers_retry_due, product_match_clients


@task()
def match_product(product_id: int, by_id: int | None = None, retry_waiting: bool = False) -> int:
    product = Product.objects.select_related("team").filter(pk=product_id).first()
    if product is None:
        return 0
    by = User.objects.filter(pk=by_id).first() if by_id else None
    summary = product_match_clients(product=product, by=by, retry_waiting=retry_waiting)
    return summary.planned


@task()
def retry_due_offers() -> int:
    """Nightly (after the re-planning): offers whose pause, agreed date or contact limit is over get planned."""
    return offers_retry_due().planned
