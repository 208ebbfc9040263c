"""All services over one open store, acting as one staff member with one clock.

Each service (and its module) is made the first time it is used: a start that shows the
contact list needs none of them, and importing them all cost a tenth of a second of it. The
first use of ``pipeline`` or ``pipelines`` makes sure the default pipeline exists.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from crm_desktop.domain import staff
from crm_desktop.domain.clock import Clock, SystemClock

if TYPE_CHECKING:
    from crm_desktop.domain.companies import CompanyService
    from crm_desktop.domain.contacts import ContactService
    from crm_desktop.domain.followups import FollowUpService
    from crm_desktop.domain.importing import ImportService
    from crm_desktop.domain.interactions import InteractionService
    from crm_desktop.domain.pipeline import PipelineService
    from crm_desktop.domain.pipelines import PipelineAdmin


class Services:
    def __init__(self, clock: Clock, actor_id: int) -> None:
        self.clock = clock
        self.actor_id = actor_id

    @classmethod
    def create(cls, clock: Clock | None = None, actor_id: int | None = None) -> Services:
        """Services for the open store; the actor defaults to the default staff member "Me"."""
        clock = clock or SystemClock()
        actor = actor_id if actor_id is not None else staff.ensure_default(clock)
        return cls(clock=clock, actor_id=actor)

    @cached_property
    def contacts(self) -> ContactService:
        from crm_desktop.domain.contacts import ContactService

        return ContactService(self.clock, self.actor_id)

    @cached_property
    def companies(self) -> CompanyService:
        from crm_desktop.domain.companies import CompanyService

        return CompanyService(self.clock, self.actor_id)

    @cached_property
    def interactions(self) -> InteractionService:
        from crm_desktop.domain.interactions import InteractionService

        return InteractionService(self.clock, self.actor_id)

    @cached_property
    def pipeline(self) -> PipelineService:
        from crm_desktop.domain.pipeline import PipelineService

        service = PipelineService(self.clock, self.actor_id)
        service.ensure_default()
        return service

    @cached_property
    def pipelines(self) -> PipelineAdmin:
        from crm_desktop.domain.pipelines import PipelineAdmin

        self.pipeline  # noqa: B018  # the default pipeline first
        return PipelineAdmin(self.clock, self.actor_id)

    @cached_property
    def followups(self) -> FollowUpService:
        from crm_desktop.domain.followups import FollowUpService

        return FollowUpService(self.clock, self.actor_id)

    @cached_property
    def imports(self) -> ImportService:
        """Made when first wanted: the import engine is not needed to start the window."""
        from crm_desktop.domain.importing import ImportService

        return ImportService(self.clock, self.actor_id)
