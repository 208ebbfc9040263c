"""The pipelines and stages a file's deals go to.

A deal goes to the pipeline its Pipeline cell names (any case, spaces tidied), else to the
default pipeline. A name we have no pipeline for is taken for the one ``pipeline_map`` gives:
the default one when it is the only pipeline the file names (HubSpot's "Sales Pipeline" is our
"Sales"); any other puts the deal in the default one, the name kept in the deal's notes. Either
is said once per name. Its stage is found among that pipeline's
stages: in the default pipeline by the wizard's ``stage_map`` (other program's stage name ->
ours, or None: created before the import, at the end of the open stages), else by name. A deal
that says it was won or lost goes to its pipeline's won or lost stage; a stage name the
pipeline lacks puts it in the pipeline's first open stage (``Deals`` says so once per name).
Only the default pipeline's unknown stages are offered for creation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.import_state import ImportOptions
from crm_desktop.domain.imported import ImportedDeal
from crm_desktop.domain.normalize import clean
from crm_desktop.domain.pipeline import PipelineService, StageInfo
from crm_desktop.domain.pipelines import PipelineAdmin
from crm_desktop.store.db import tuples
from crm_desktop.store.models import Pipeline


class Stages:
    """One pipeline's stages, and the file's stage names mapped onto them."""

    def __init__(self, pipeline_id: int, name: str, stages: Sequence[StageInfo]) -> None:
        self.pipeline_id = pipeline_id
        self.name = name
        self.by_id = {s.id: s for s in stages}
        self.by_name: dict[str, StageInfo] = {}
        for stage in stages:
            self.by_name.setdefault(clean(stage.name).casefold(), stage)
        self.mapped: dict[str, StageInfo] = {}
        self.made: list[int] = []

    @classmethod
    def current(cls, clock: Clock, actor_id: int | None) -> Stages:
        """The default pipeline's (made on first use)."""
        return _loaded(clock, actor_id)[0]

    @classmethod
    def prepare(cls, clock: Clock, actor_id: int | None, options: ImportOptions) -> Stages:
        """Check ``stage_map`` and make the stages it asks for (before the import starts)."""
        stages = cls.current(clock, actor_id)
        wanted = [name for name, sid in options.stage_map.items() if sid is None]
        missing = [n for n in wanted if clean(n).casefold() not in stages.by_name]
        if missing:
            made = cls.create(clock, actor_id, missing)
            stages = cls.current(clock, actor_id)
            stages.made = list(made.values())
        for name, sid in options.stage_map.items():
            stage = stages.by_name.get(clean(name).casefold()) if sid is None else None
            if sid is not None:
                stage = stages.by_id.get(sid)
                if stage is None:
                    raise ValidationError(
                        {"stage_map": f"“{name}” is mapped to a stage not in the default pipeline."}
                    )
            if stage is not None:
                stages.mapped[clean(name).casefold()] = stage
        return stages

    @classmethod
    def create(cls, clock: Clock, actor_id: int | None, names: Sequence[str]) -> dict[str, int]:
        """Add open stages after the default pipeline's last open one; name -> new id."""
        admin = PipelineAdmin(clock, actor_id)
        made: dict[str, int] = {}
        for name in names:
            stages = cls.current(clock, actor_id)
            known = stages.by_name.get(clean(name).casefold())
            if known is not None:
                made[name] = known.id
                continue
            ordered = sorted(stages.by_id.values(), key=lambda s: s.position)
            open_ones = [i for i, s in enumerate(ordered) if s.kind == "open"]
            at = open_ones[-1] + 1 if open_ones else 0
            chance = min(90, ordered[open_ones[-1]].probability + 10) if open_ones else 10
            change = admin.add_stage(stages.pipeline_id, clean(name), at, chance, "open")
            made[name] = change.ids[0]
        return made

    def first(self, kind: str) -> StageInfo | None:
        ordered = sorted(self.by_id.values(), key=lambda s: s.position)
        return next((s for s in ordered if s.kind == kind), None)

    def resolve(self, name: str, status: str) -> tuple[StageInfo | None, bool]:
        """The stage for a deal, and whether its stage name was unknown."""
        key = clean(name).casefold()
        stage = self.mapped.get(key) or self.by_name.get(key)
        status = clean(status).casefold()
        if status in ("won", "lost") and (stage is None or stage.kind != status):
            return self.first(status), False
        if status == "open" and stage is not None and stage.kind != "open":
            return self.first("open"), False
        if stage is None:
            return self.first("open"), bool(key)
        return stage, False


class DealPlan(NamedTuple):
    """What a deals file will meet, worked out before it is imported: for the wizard to show
    and for ``ImportOptions``."""

    stages_to_make: list[str]  # stage names of deals for the default pipeline it lacks
    pipelines_lacking: list[str]  # pipeline names we have no pipeline of
    default_pipeline: str  # the default pipeline's name, where their deals go
    pipeline_map: dict[str, int]  # ``ImportOptions.pipeline_map``


class Pipelines:
    """Every pipeline's stages, found by the name a deal's Pipeline cell gives."""

    def __init__(
        self, default: Stages, every: Iterable[Stages], taken_as: dict[str, int] | None = None
    ) -> None:
        self.default = default  # the one given wins over its copy among ``every``
        self.by_name: dict[str, Stages] = {clean(default.name).casefold(): default}
        by_id = {default.pipeline_id: default}
        for stages in every:
            if stages.pipeline_id != default.pipeline_id:
                self.by_name.setdefault(clean(stages.name).casefold(), stages)
                by_id[stages.pipeline_id] = stages
        self.taken_as: dict[str, Stages] = {}  # names we lack, casefolded -> one of ours
        for name, pipeline_id in (taken_as or {}).items():
            if pipeline_id not in by_id:
                raise ValidationError({"pipeline_map": f"“{name}” is mapped to no pipeline."})
            self.taken_as[clean(name).casefold()] = by_id[pipeline_id]
        self.unknown: Counter[str] = Counter()  # pipeline names we have none for: deals
        self.spelled: dict[str, str] = {}  # such a name, casefolded -> as first met

    @classmethod
    def prepare(cls, clock: Clock, actor_id: int | None, options: ImportOptions) -> Pipelines:
        """The default pipeline's stages with ``stage_map`` applied (its stages made), the
        other pipelines' as they are, and ``pipeline_map``'s names taken for them."""
        default = Stages.prepare(clock, actor_id, options)
        return cls(default, _loaded(clock, actor_id)[1], options.pipeline_map)

    def of(self, name: str) -> Stages:
        """The stages of the pipeline named, or taken for it (the default one for none, or
        one we lack)."""
        key = clean(name).casefold()
        if not key:
            return self.default
        return self.by_name.get(key) or self.taken_as.get(key) or self.default

    def names(self, name: str) -> bool:
        """Whether ``name`` names one of our pipelines (not one taken for it)."""
        return clean(name).casefold() in self.by_name

    def placed(self, name: str) -> str:
        """Count a deal whose Pipeline cell says ``name``; the line for its notes when we lack
        that pipeline and take it for none of ours, else ""."""
        key = clean(name).casefold()
        if not key or key in self.by_name:
            return ""
        self.spelled.setdefault(key, clean(name))
        self.unknown[key] += 1
        return "" if key in self.taken_as else f"Pipeline: {clean(name)}"

    def notices(self) -> list[str]:
        said = []
        for key, n in self.unknown.items():
            deals = f"{n:,} deal{'' if n == 1 else 's'}"
            if key in self.taken_as:
                said.append(
                    f"Pipeline “{self.spelled[key]}” is not in the app: {deals} put in"
                    f" “{self.taken_as[key].name}”, the only pipeline the file names."
                )
            else:
                said.append(
                    f"Pipeline “{self.spelled[key]}” is not in the app: {deals} put in"
                    f" “{self.default.name}”, the pipeline's name kept in"
                    f" {'its' if n == 1 else 'their'} notes."
                )
        return said

    @classmethod
    def plan(
        cls,
        clock: Clock,
        actor_id: int | None,
        deals: Iterable[ImportedDeal],
        refused: Callable[[ImportedDeal], str | None],
    ) -> DealPlan:
        """For these deals: the stage names of those going to the default pipeline that match
        none of its stages, and the pipeline names we lack, each in the order first met. When
        the deals name one pipeline only and we lack it, it is taken for the default one (a
        file from a program with one pipeline: HubSpot's "Sales Pipeline" is our "Sales")."""
        pipelines = cls(*_loaded(clock, actor_id))
        default = pipelines.default
        stages: dict[str, str] = {}  # casefolded -> as first met
        named: dict[str, str] = {}
        for deal in deals:
            if clean(deal.pipeline):
                named.setdefault(clean(deal.pipeline).casefold(), clean(deal.pipeline))
            key = clean(deal.stage).casefold()
            if not key or key in default.by_name or pipelines.of(deal.pipeline) is not default:
                continue  # a known stage, or another pipeline's: its own, or its first open one
            if clean(deal.status).casefold() in ("won", "lost"):
                continue  # it goes to the won or lost stage, whatever its stage is called
            if refused(deal) is None:  # a rejected row makes no stage
                stages.setdefault(key, clean(deal.stage))
        lacking = [name for key, name in named.items() if key not in pipelines.by_name]
        one = len(named) == 1 and len(lacking) == 1
        taken = {lacking[0]: default.pipeline_id} if one else {}
        return DealPlan(list(stages.values()), lacking, default.name, taken)


def _loaded(clock: Clock, actor_id: int | None) -> tuple[Stages, list[Stages]]:
    """The default pipeline's stages (made on first use), and every pipeline's, in switcher
    order."""
    service = PipelineService(clock, actor_id)
    default_id = service.ensure_default()
    query = Pipeline.select(Pipeline.id, Pipeline.name).order_by(Pipeline.position, Pipeline.id)
    every = [Stages(int(pid), str(name), service.stages(int(pid))) for pid, name in tuples(query)]
    return next(s for s in every if s.pipeline_id == default_id), every
