"""All services over one open store, acting as one staff member with one clock."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from crm_desktop.domain import staff
from crm_desktop.domain.clock import Clock, SystemClock
from crm_desktop.domain.companies import CompanyService
from crm_desktop.domain.contacts import ContactService
from crm_desktop.domain.followups import FollowUpService
from crm_desktop.domain.interactions import InteractionService
from crm_desktop.domain.pipeline import PipelineService
from crm_desktop.domain.pipelines import PipelineAdmin

if TYPE_CHECKING:
    from crm_desktop.domain.importing import ImportService


@dataclass(frozen=True)
class Services:
    clock: Clock
    actor_id: int
    contacts: ContactService
    companies: CompanyService
    interactions: InteractionService
    pipeline: PipelineService
    pipelines: PipelineAdmin
    followups: FollowUpService

    @classmethod
    def create(cls, clock: Clock | None = None, actor_id: int | None = None) -> Services:
        """Services for the open store; the actor defaults to the default staff member "Me"."""
        clock = clock or SystemClock()
        actor = actor_id if actor_id is not None else staff.ensure_default(clock)
        pipeline = PipelineService(clock, actor)
        pipeline.ensure_default()
        return cls(
            clock=clock,
            actor_id=actor,
            contacts=ContactService(clock, actor),
            companies=CompanyService(clock, actor),
            interactions=InteractionService(clock, actor),
            pipeline=pipeline,
            pipelines=PipelineAdmin(clock, actor),
            followups=FollowUpService(clock, actor),
        )

    @cached_property
    def imports(self) -> ImportService:
        """Made when first wanted: the import engine is not needed to start the window."""
        from crm_desktop.domain.importing import ImportService

        return ImportService(self.clock, self.actor_id)
