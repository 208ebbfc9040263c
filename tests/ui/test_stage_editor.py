"""The stage editor and the pipeline switcher, driven as a user would: typing in cells, keys,
buttons, the question where a stage's leads go, OK as one undoable step, Cancel as nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from crm_desktop.domain.changes import Change
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.pipelines import PipelineAdmin
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.pipeline.stage_editor import (
    KIND,
    LEADS,
    NAME,
    PROBABILITY,
    ROTTING,
    StageEditor,
    StageRow,
    StageTableModel,
)
from crm_desktop.ui.pipeline.switcher import ID_ROLE, PipelineListModel, PipelineSwitcher
from tests.ui.editor_steps import (  # noqa: F401  (the *_fixture names: fixtures)
    activate,
    bus_fixture,
    published_fixture,
    report,
    stack_fixture,
)

Make = Callable[[], StageEditor]

# A combo box's popup asks the window manager to raise it and grab the keyboard; offscreen
# there is none to ask. Nothing to fix in our code.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Questions are answered yes (Discard, Yes) and recorded; any warning fails the test."""
    asked: list[str] = []

    def question(parent: object, title: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(title)
        if title == "Remove pipeline?":
            return QMessageBox.StandardButton.Yes
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"warning: {a}"))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: pytest.fail(f"critical: {a}"))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: pytest.fail(f"info: {a}"))
    return asked


@pytest.fixture
def admin(services: Services) -> PipelineAdmin:
    return PipelineAdmin(services.clock, services.actor_id)


@pytest.fixture
def sales(services: Services) -> int:
    return services.pipeline.ensure_default()


@pytest.fixture
def make(
    qtbot: QtBot,
    admin: PipelineAdmin,
    sales: int,
    bus: ChangeBus,
    stack: QUndoStack,
    answers: list[str],
) -> Make:
    def build() -> StageEditor:
        editor = StageEditor(admin, sales, bus, stack, report)
        qtbot.addWidget(editor)
        activate(qtbot, editor)
        return editor

    return build


def names(admin: PipelineAdmin, pipeline_id: int) -> list[str]:
    return [s.name for s in admin.outline(pipeline_id).stages]


def shown(editor: StageEditor, column: int = NAME) -> list[str]:
    model = editor.model
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]


def child(parent: QWidget, kind: type, name: str) -> QWidget:
    found = parent.findChild(kind, name)
    assert found is not None, name
    return found


def go_to(qtbot: QtBot, editor: StageEditor, row: int, column: int) -> None:
    editor.table.setFocus()
    editor.table.setCurrentIndex(editor.model.index(row, column))


def type_into_cell(qtbot: QtBot, editor: StageEditor, row: int, column: int, text: str) -> None:
    """F2 on the cell, replace what is there with ``text``, Enter."""
    go_to(qtbot, editor, row, column)
    qtbot.keyClick(editor.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not editor.table)
    field = QApplication.focusWidget()
    assert field is not None
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.table)


def click(qtbot: QtBot, editor: QWidget, name: str) -> None:
    button = child(editor, QPushButton, name)
    assert isinstance(button, QPushButton) and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def answer_move(qtbot: QtBot, target: str | None) -> list[str]:
    """Answer the "where do the leads go" question when it comes: ``target`` typed into its
    list and Enter, or Escape (None). Returns what it said."""
    said: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.objectName() == "moveLeadsDialog"
        said.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        combo = child(dialog, QComboBox, "moveTargetCombo")
        assert isinstance(combo, QComboBox)
        said.extend(combo.itemText(i) for i in range(combo.count()))
        if target is None:
            qtbot.keyClick(combo, Qt.Key.Key_Escape)
            return
        qtbot.keyClicks(combo, target)
        qtbot.keyClick(combo, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    return said


def lead(services: Services, title: str, stage_id: int) -> int:
    return services.pipeline.create_lead(LeadFields(title=title), stage_id=stage_id).id


# -- the models ---------------------------------------------------------------------------


def test_the_item_models_pass_the_model_tester(
    qtmodeltester: ModelTester, admin: PipelineAdmin, sales: int
) -> None:
    model = StageTableModel([StageRow("New", 10, "open", 14, 1, 3), StageRow("Won", 100, "won")])
    qtmodeltester.check(model)
    model.insert(1, StageRow("Demo", 50))
    model.move(0, 1)
    model.set_problems({(0, NAME): "bad"})
    model.remove(2)
    qtmodeltester.check(model)
    assert model.index(0, NAME).data(Qt.ItemDataRole.ToolTipRole) == "bad"
    assert not model.setData(model.index(0, PROBABILITY), 101)
    assert not model.setData(model.index(0, LEADS), 5)

    pipelines = PipelineListModel()
    pipelines.set_pipelines(admin.pipelines())
    qtmodeltester.check(pipelines)
    assert pipelines.index(0).data() == "Sales · 0 open"
    assert pipelines.index(0).data(ID_ROLE) == sales
    admin.create_pipeline("Partners")
    pipelines.set_pipelines(admin.pipelines())
    qtmodeltester.check(pipelines)
    assert pipelines.rowCount() == 2


# -- the editor ---------------------------------------------------------------------------


def test_it_shows_the_stages_and_their_leads(
    make: Make, services: Services, admin: PipelineAdmin, sales: int
) -> None:
    stage = {s.name: s.id for s in admin.outline(sales).stages}
    lead(services, "a", stage["Qualified"])
    gone = lead(services, "b", stage["Qualified"])
    services.pipeline.trash([gone])
    editor = make()
    assert editor.objectName() == "stageEditor"
    assert shown(editor) == ["New", "Contacted", "Qualified", "Proposal", "Won", "Lost"]
    assert shown(editor, PROBABILITY)[:2] == ["10 %", "20 %"]
    assert shown(editor, KIND)[-2:] == ["Won", "Lost"]
    assert shown(editor, ROTTING)[-1] == "Never"
    assert shown(editor, LEADS)[2] == "2"
    assert child(editor, QLineEdit, "pipelineNameEdit").text() == "Sales"  # type: ignore[attr-defined]
    assert editor.ok_button.isEnabled()
    assert not child(editor, QLabel, "stageProblems").isVisible()


def test_typing_in_cells_and_ok_applies_as_one_undoable_step(
    make: Make,
    qtbot: QtBot,
    admin: PipelineAdmin,
    sales: int,
    stack: QUndoStack,
    published: list[Change],
) -> None:
    editor = make()
    type_into_cell(qtbot, editor, 1, NAME, "Reached")
    type_into_cell(qtbot, editor, 1, PROBABILITY, "35")
    type_into_cell(qtbot, editor, 1, ROTTING, "0")  # 0 is "Never"
    name = child(editor, QLineEdit, "pipelineNameEdit")
    name.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(name, "Direct sales")
    assert shown(editor)[1] == "Reached"
    assert shown(editor, PROBABILITY)[1] == "35 %"
    assert shown(editor, ROTTING)[1] == "Never"
    assert names(admin, sales)[1] == "Contacted"  # nothing written before OK
    click(qtbot, editor, "okButton")
    assert editor.result() == QDialog.DialogCode.Accepted
    reached = admin.outline(sales).stages[1]
    assert (reached.name, reached.probability, reached.rotting_days) == ("Reached", 35, None)
    assert admin.outline(sales).name == "Direct sales"
    assert {(c.entity, c.action) for c in published} == {
        ("pipeline", "renamed"),
        ("stage", "updated"),
    }
    assert stack.count() == 1 and stack.undoText() == "Edit pipeline “Direct sales”"

    stack.undo()
    assert names(admin, sales)[1] == "Contacted" and admin.outline(sales).name == "Sales"
    assert admin.outline(sales).stages[1].probability == 20
    assert published[-1].action == "restored"
    stack.redo()
    assert names(admin, sales)[1] == "Reached" and admin.outline(sales).name == "Direct sales"


def test_kinds_are_chosen_from_a_list_and_rules_show_as_you_go(
    make: Make, qtbot: QtBot, admin: PipelineAdmin, sales: int
) -> None:
    editor = make()
    go_to(qtbot, editor, 4, KIND)  # Won
    qtbot.keyClick(editor.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QComboBox))
    combo = QApplication.focusWidget()
    assert combo is not None and combo.objectName() == "kindEditor"
    qtbot.keyClicks(combo, "Open")  # typing picks an entry, as in any list
    qtbot.waitUntil(lambda: shown(editor, KIND)[4] == "Open")
    problems = child(editor, QLabel, "stageProblems")
    assert isinstance(problems, QLabel)
    qtbot.waitUntil(problems.isVisible)
    assert problems.text() == "A pipeline needs at least one won stage."
    assert not editor.ok_button.isEnabled()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # back to won, the next in the list
    qtbot.waitUntil(lambda: not problems.isVisible())
    assert editor.ok_button.isEnabled()

    type_into_cell(qtbot, editor, 0, NAME, "contacted")
    assert editor.model.index(0, NAME).data(Qt.ItemDataRole.ForegroundRole) is not None
    message = "2 stages are called “contacted”; each needs its own name."
    assert editor.model.index(1, NAME).data(Qt.ItemDataRole.ToolTipRole) == message
    assert problems.text() == message and not editor.ok_button.isEnabled()
    type_into_cell(qtbot, editor, 0, NAME, "   ")
    assert problems.text() == "A stage needs a name."


def test_the_kind_of_a_stage_with_leads_cannot_change(
    make: Make, qtbot: QtBot, services: Services, admin: PipelineAdmin, sales: int
) -> None:
    lead(services, "deal", admin.outline(sales).stages[3].id)
    editor = make()
    editor.model.setData(editor.model.index(3, KIND), "won")
    problems = child(editor, QLabel, "stageProblems")
    assert "“Proposal” holds 1 lead; move them" in problems.text()  # type: ignore[attr-defined]
    assert not editor.ok_button.isEnabled()


def test_the_pipeline_name_is_checked_under_its_field(
    make: Make, qtbot: QtBot, admin: PipelineAdmin
) -> None:
    admin.create_pipeline("Partners")
    editor = make()
    name = child(editor, QLineEdit, "pipelineNameEdit")
    problem = child(editor, QLabel, "pipelineNameProblem")
    name.clear()  # type: ignore[attr-defined]
    assert problem.isVisible() and problem.text() == "A pipeline needs a name."  # type: ignore[attr-defined]
    assert name.property("invalid") is True and not editor.ok_button.isEnabled()
    qtbot.keyClicks(name, "PARTNERS")
    assert problem.text() == "There is already a pipeline called “PARTNERS”."  # type: ignore[attr-defined]
    qtbot.keyClick(name, Qt.Key.Key_Backspace)
    assert not problem.isVisible() and editor.ok_button.isEnabled()


def test_add_a_stage_and_name_it_by_typing(
    make: Make, qtbot: QtBot, admin: PipelineAdmin, sales: int, stack: QUndoStack
) -> None:
    editor = make()
    go_to(qtbot, editor, 1, NAME)
    click(qtbot, editor, "addStageButton")
    assert shown(editor)[2] == "New stage"
    assert shown(editor, PROBABILITY)[2] == "20 %"  # as the stage above it
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit) and field.objectName() == "stageNameEditor"
    qtbot.keyClicks(field, "Demo")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shown(editor)[2] == "Demo")
    qtbot.keyClick(editor, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert shown(editor)[3] == "New stage"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    click(qtbot, editor, "okButton")
    assert names(admin, sales)[2:4] == ["Demo", "New stage"]
    stack.undo()
    assert "Demo" not in names(admin, sales)
    stack.redo()
    assert names(admin, sales)[2] == "Demo"


def test_move_stages_with_alt_arrows_and_buttons(
    make: Make, qtbot: QtBot, admin: PipelineAdmin, sales: int, stack: QUndoStack
) -> None:
    editor = make()
    assert not editor.up_button.isEnabled()  # on the first row
    go_to(qtbot, editor, 2, NAME)  # Qualified
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert shown(editor)[:3] == ["Qualified", "New", "Contacted"]
    assert editor.current_row() == 0 and not editor.up_button.isEnabled()
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # no further
    go_to(qtbot, editor, 4, NAME)  # Won
    qtbot.keyClick(editor.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert shown(editor)[-2:] == ["Lost", "Won"]
    assert not editor.down_button.isEnabled()
    click(qtbot, editor, "moveUpButton")
    assert shown(editor)[-2:] == ["Won", "Lost"]
    click(qtbot, editor, "okButton")
    order = ["Qualified", "New", "Contacted", "Proposal", "Won", "Lost"]
    assert names(admin, sales) == order
    stack.undo()
    assert names(admin, sales) == ["New", "Contacted", "Qualified", "Proposal", "Won", "Lost"]


def test_removing_an_empty_stage_asks_nothing(
    make: Make, qtbot: QtBot, admin: PipelineAdmin, sales: int, stack: QUndoStack
) -> None:
    contacted = admin.outline(sales).stages[1].id
    editor = make()
    go_to(qtbot, editor, 1, NAME)
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert shown(editor) == ["New", "Qualified", "Proposal", "Won", "Lost"]
    assert editor.current_row() == 1
    click(qtbot, editor, "okButton")
    assert "Contacted" not in names(admin, sales)
    stack.undo()
    assert admin.outline(sales).stages[1].id == contacted  # back with its id


def test_removing_a_stage_with_leads_asks_where_they_go(
    make: Make,
    qtbot: QtBot,
    services: Services,
    admin: PipelineAdmin,
    sales: int,
    stack: QUndoStack,
) -> None:
    stage = {s.name: s.id for s in admin.outline(sales).stages}
    moved = [lead(services, t, stage["Contacted"]) for t in "ab"]
    trashed = lead(services, "c", stage["Contacted"])
    services.pipeline.trash([trashed])
    there = lead(services, "there", stage["Proposal"])
    editor = make()
    go_to(qtbot, editor, 1, NAME)

    said = answer_move(qtbot, None)  # changes their mind: the stage stays
    click(qtbot, editor, "removeStageButton")
    assert said[0].startswith(
        "“Contacted” holds 3 leads (1 of them in the trash). Their stage history"
    )
    assert said[1:] == [
        "New (Open)", "Qualified (Open)", "Proposal (Open)", "Won (Won)", "Lost (Lost)",
    ]  # fmt: skip
    assert "Contacted" in shown(editor)

    answer_move(qtbot, "Prop")
    click(qtbot, editor, "removeStageButton")
    assert "Contacted" not in shown(editor)
    assert shown(editor, LEADS)[2] == "4"  # Proposal: its own and the three moving in
    assert services.pipeline.column(stage["Contacted"]) == moved  # not before OK
    click(qtbot, editor, "okButton")
    assert services.pipeline.column(stage["Proposal"]) == [there, *moved]
    assert services.pipeline.get(trashed).stage_id == stage["Proposal"]

    stack.undo()
    assert admin.outline(sales).stages[1].id == stage["Contacted"]
    assert services.pipeline.column(stage["Contacted"]) == moved
    assert services.pipeline.get(trashed).stage_id == stage["Contacted"]
    assert services.pipeline.column(stage["Proposal"]) == [there]
    stack.redo()
    assert services.pipeline.column(stage["Proposal"]) == [there, *moved]


def test_leads_follow_when_their_new_stage_is_removed_too(
    make: Make, qtbot: QtBot, services: Services, admin: PipelineAdmin, sales: int
) -> None:
    stage = {s.name: s.id for s in admin.outline(sales).stages}
    a = lead(services, "a", stage["New"])
    editor = make()
    go_to(qtbot, editor, 0, NAME)
    answer_move(qtbot, "Cont")
    click(qtbot, editor, "removeStageButton")  # New -> Contacted
    go_to(qtbot, editor, 0, NAME)
    said = answer_move(qtbot, "Qual")
    click(qtbot, editor, "removeStageButton")  # Contacted (with New's lead) -> Qualified
    assert said[0].startswith("“Contacted” holds 1 lead.")
    click(qtbot, editor, "okButton")
    assert services.pipeline.get(a).stage_id == stage["Qualified"]


def test_cancel_changes_nothing(
    make: Make,
    qtbot: QtBot,
    admin: PipelineAdmin,
    sales: int,
    stack: QUndoStack,
    answers: list[str],
    published: list[Change],
) -> None:
    editor = make()
    click(qtbot, editor, "cancelButton")  # nothing edited: no question
    assert answers == [] and editor.result() == QDialog.DialogCode.Rejected
    editor = make()
    type_into_cell(qtbot, editor, 0, NAME, "Fresh")
    go_to(qtbot, editor, 5, NAME)
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert answers == ["Discard changes?"]
    assert not editor.isVisible()
    assert names(admin, sales) == ["New", "Contacted", "Qualified", "Proposal", "Won", "Lost"]
    assert stack.count() == 0 and published == []


def test_ok_without_changes_adds_no_undo_step(
    make: Make, qtbot: QtBot, stack: QUndoStack, published: list[Change]
) -> None:
    editor = make()
    type_into_cell(qtbot, editor, 0, NAME, "New")  # the same again
    click(qtbot, editor, "okButton")
    assert editor.result() == QDialog.DialogCode.Accepted
    assert stack.count() == 0 and published == []


# -- the switcher -------------------------------------------------------------------------


@pytest.fixture
def switcher(
    qtbot: QtBot,
    admin: PipelineAdmin,
    sales: int,
    bus: ChangeBus,
    stack: QUndoStack,
    answers: list[str],
) -> PipelineSwitcher:
    widget = PipelineSwitcher(admin, bus, stack, report)
    qtbot.addWidget(widget)
    activate(qtbot, widget)
    return widget


class Prompts:
    """The name prompt, answered with ``typed`` one by one (none left: Cancel)."""

    def __init__(self) -> None:
        self.typed: list[str] = []
        self.labels: list[str] = []

    def __call__(self, parent: object, title: str, label: str, *a: object) -> tuple[str, bool]:
        self.labels.append(label)
        return (self.typed.pop(0), True) if self.typed else ("", False)


@pytest.fixture
def prompts(monkeypatch: pytest.MonkeyPatch) -> Prompts:
    asked = Prompts()
    monkeypatch.setattr(QInputDialog, "getText", asked)
    return asked


def test_switch_pipelines_and_make_a_new_one(
    qtbot: QtBot,
    switcher: PipelineSwitcher,
    admin: PipelineAdmin,
    sales: int,
    stack: QUndoStack,
    prompts: Prompts,
) -> None:
    assert switcher.objectName() == "pipelineSwitcher"
    assert switcher.current_id() == sales
    assert not switcher.remove_action.isEnabled()  # the default pipeline stays
    prompts.typed += ["sales", "Partners"]  # taken first: asked again with why
    with qtbot.waitSignal(switcher.pipeline_chosen) as chosen:
        switcher.new_action.trigger()
    partners = chosen.args[0]
    assert "There is already a pipeline called “sales”." in prompts.labels[1]
    assert switcher.combo.currentText() == "Partners · 0 open"
    assert names(admin, partners) == names(admin, sales)
    assert stack.undoText() == "New pipeline “Partners”"

    with qtbot.waitSignal(switcher.pipeline_chosen) as back:
        switcher.combo.setFocus()
        qtbot.keyClick(switcher.combo, Qt.Key.Key_Up)
    assert back.args == [sales]

    with qtbot.waitSignal(switcher.pipeline_chosen) as gone:  # undo: the default is shown
        switcher.set_current(partners)
        stack.undo()
    assert gone.args == [sales]
    assert [p.name for p in admin.pipelines()] == ["Sales"]
    stack.redo()
    qtbot.waitUntil(lambda: switcher.combo.count() == 2)
    assert admin.pipelines()[1].id == partners


def test_rename_and_remove_from_the_menu(
    qtbot: QtBot,
    switcher: PipelineSwitcher,
    admin: PipelineAdmin,
    stack: QUndoStack,
    prompts: Prompts,
    answers: list[str],
) -> None:
    partners = admin.create_pipeline("Partners").id
    switcher.reload()
    switcher.set_current(partners)
    prompts.typed.append("Resellers")
    switcher.rename_action.trigger()
    qtbot.waitUntil(lambda: switcher.combo.currentText() == "Resellers · 0 open")
    stack.undo()
    qtbot.waitUntil(lambda: switcher.combo.currentText() == "Partners · 0 open")
    stack.redo()

    assert switcher.remove_action.isEnabled()
    with qtbot.waitSignal(switcher.pipeline_chosen):
        switcher.remove_action.trigger()
    assert answers == ["Remove pipeline?"]
    assert [p.name for p in admin.pipelines()] == ["Sales"]
    stack.undo()
    assert [(p.id, p.name) for p in admin.pipelines()][1] == (partners, "Resellers")


def test_edit_stages_opens_the_editor_for_the_pipeline_shown(
    qtbot: QtBot, switcher: PipelineSwitcher, admin: PipelineAdmin, sales: int
) -> None:
    switcher.stages_action.trigger()
    editor = switcher.editor
    assert editor is not None and editor.outline.id == sales
    activate(qtbot, editor)
    spin_or_none = editor.findChild(QSpinBox)
    assert spin_or_none is None  # no cell is being edited yet
    type_into_cell(qtbot, editor, 0, NAME, "Inbox")
    click(qtbot, editor, "okButton")
    qtbot.waitUntil(lambda: switcher.editor is None)
    assert names(admin, sales)[0] == "Inbox"
