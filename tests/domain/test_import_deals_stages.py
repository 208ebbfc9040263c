"""The stages a deals file offers to make: only those of rows the import will take."""

from __future__ import annotations

from crm_desktop.domain.imported import ImportedDeal
from crm_desktop.domain.importing import ImportService
from crm_desktop.domain.services import Services


def test_a_rejected_row_offers_no_stage(services: Services) -> None:
    deals = [
        ImportedDeal(2, title="Taken", stage="Proposition faite", status="open"),
        ImportedDeal(3, title="Bad value", stage="Relance", problems=["Value: “lots” ..."]),
        ImportedDeal(4, title="", stage="Sans titre"),
        ImportedDeal(5, title="Odd money", stage="Devise", currency="EURO"),
        ImportedDeal(6, title="Negative", stage="Négatif", value_minor=-5),
        ImportedDeal(7, title="Odd status", stage="En pause", warnings=["Status: ..."]),
    ]
    offered = ImportService(services.clock, services.actor_id).unknown_stages(deals)
    assert offered == ["Proposition faite", "En pause"]
