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

from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.import_state import ImportOptions
from crm_desktop.domain.imported import ImportedDeal
from crm_desktop.domain.normalize import clean
from crm_desktop.domain.pipeline import PipelineService, StageInfo
from crm_desktop.domain.pipelines import PipelineAdmin


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
        pipeline_id = PipelineService(clock, actor_id).ensure_default()
        return next(s for s in _every(clock, actor_id) if s.pipeline_id == pipeline_id)

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
        return cls(default, _every(clock, actor_id), options.pipeline_map)

    @classmethod
    def current(cls, clock: Clock, actor_id: int | None) -> Pipelines:
        return cls(Stages.current(clock, actor_id), _every(clock, actor_id))

    def of(self, name: str) -> Stages:
        """The stages of the pipeline named, or taken for it (the default one for none, or
        one we lack)."""
        key = clean(name).casefold()
        if not key:
            return self.default
        return self.by_name.get(key) or self.taken_as.get(key) or self.default

    def knows(self, name: str) -> bool:
        """Whether ``name`` is blank or names one of our pipelines (not one taken for it)."""
        key = clean(name).casefold()
        return not key or key in self.by_name

    def kept_in_notes(self, name: str) -> bool:
        """Whether a deal's pipeline ``name`` is one we lack and take for none of ours."""
        key = clean(name).casefold()
        return bool(key) and key not in self.by_name and key not in self.taken_as

    def lacked(self, name: str) -> None:
        """Count a deal whose pipeline, ``name``, we have none for."""
        key = clean(name).casefold()
        self.spelled.setdefault(key, clean(name))
        self.unknown[key] += 1

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
    def default_for_one(
        cls, clock: Clock, actor_id: int | None, deals: Iterable[ImportedDeal]
    ) -> dict[str, int]:
        """``pipeline_map`` for these deals: when they name one pipeline only, and we lack it,
        it is taken for the default one (a file from a program with one pipeline)."""
        pipelines = cls.current(clock, actor_id)
        names: dict[str, str] = {}  # casefolded -> as first met
        for deal in deals:
            if clean(deal.pipeline):
                names.setdefault(clean(deal.pipeline).casefold(), clean(deal.pipeline))
        if len(names) != 1:
            return {}
        (name,) = names.values()
        return {} if pipelines.knows(name) else {name: pipelines.default.pipeline_id}

    @classmethod
    def lacking(
        cls, clock: Clock, actor_id: int | None, deals: Iterable[ImportedDeal]
    ) -> tuple[list[str], str]:
        """The pipeline names of these deals that we have no pipeline for, in the order first
        met, and the name of the default pipeline, where their deals go."""
        pipelines = cls.current(clock, actor_id)
        found: dict[str, str] = {}
        for deal in deals:
            if not pipelines.knows(deal.pipeline):
                found.setdefault(clean(deal.pipeline).casefold(), clean(deal.pipeline))
        return list(found.values()), pipelines.default.name

    @classmethod
    def unknown_stages(
        cls,
        clock: Clock,
        actor_id: int | None,
        deals: Iterable[ImportedDeal],
        refused: Callable[[ImportedDeal], str | None],
    ) -> list[str]:
        """The stage names of the deals going to the default pipeline that match none of its
        stages, in the order first met: for the wizard to offer creating them."""
        pipelines = cls.current(clock, actor_id)
        default = pipelines.default
        found: dict[str, str] = {}
        for deal in deals:
            key = clean(deal.stage).casefold()
            if pipelines.of(deal.pipeline) is not default:
                continue  # another pipeline: its own stages, or its first open one
            if clean(deal.status).casefold() in ("won", "lost"):
                continue  # it goes to the won or lost stage, whatever its stage is called
            if refused(deal) is not None:
                continue  # a rejected row makes no stage
            if key and key not in default.by_name:
                found.setdefault(key, clean(deal.stage))
        return list(found.values())


def _every(clock: Clock, actor_id: int | None) -> list[Stages]:
    """Every pipeline's stages, in switcher order."""
    service = PipelineService(clock, actor_id)
    return [
        Stages(p.id, p.name, service.stages(p.id))
        for p in PipelineAdmin(clock, actor_id).pipelines()
    ]
