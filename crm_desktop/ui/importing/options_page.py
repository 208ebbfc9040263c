"""The wizard's choices: create, update or both; what makes two records the same person; what
to do with duplicates in the file and with people already in the database; new deal stages."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWizardPage,
)

from crm_desktop.domain.import_stages import DealPlan
from crm_desktop.domain.import_state import ImportOptions

MODES = (
    ("create", "Create new records only", "Nobody already here is changed."),
    ("upsert", "Create new and update existing", "Matching records get the file's values."),
    ("update", "Update existing only", "Rows that match nobody are skipped."),
)
MATCHES = (
    ("email", "Same e-mail address"),
    ("phone", "Same phone number (digits compared)"),
    ("external_id", "Same ID from the other program"),
    ("name_company", "Same name at the same company"),
)
IN_FILE = (("merge", "Merge them into one contact"), ("skip", "Keep the first, skip the others"))
EXISTING = (
    ("merge", "Merge: fill their empty fields, add new e-mails, phones and tags"),
    ("skip", "Skip the row"),
    ("create", "Create a new contact anyway"),
)


def _combo(name: str, choices: tuple[tuple[str, str], ...]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    for key, label in choices:
        combo.addItem(label, key)
    return combo


class OptionsPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("importOptionsPage")
        self.setTitle("How to import")
        self.setSubTitle("Every import can be undone later from File > Import history.")
        layout = QVBoxLayout(self)
        self.remembered = QLabel("As you chose for files like this one last time.", self)
        self.remembered.setObjectName("importOptionsRemembered")
        self.remembered.hide()
        layout.addWidget(self.remembered)

        mode_box = QGroupBox("Records", self)
        mode_layout = QVBoxLayout(mode_box)
        self.modes = QButtonGroup(self)
        self.mode_buttons: dict[str, QRadioButton] = {}
        for index, (key, label, hint) in enumerate(MODES):
            button = QRadioButton(f"{label}  —  {hint}", mode_box)
            button.setObjectName(f"importMode_{key}")
            self.modes.addButton(button, index)
            self.mode_buttons[key] = button
            mode_layout.addWidget(button)
        self.mode_buttons["create"].setChecked(True)
        layout.addWidget(mode_box)

        match_box = QGroupBox("The same person when they have", self)
        match_layout = QVBoxLayout(match_box)
        self.match_boxes: dict[str, QCheckBox] = {}
        for key, label in MATCHES:
            box = QCheckBox(label, match_box)
            box.setObjectName(f"importMatch_{key}")
            box.setChecked(True)
            self.match_boxes[key] = box
            match_layout.addWidget(box)
        shared = QLabel(
            "An e-mail or phone two people share (info@…, an office's switchboard) does not make "
            "them one when both their first and last names differ.",
            match_box,
        )
        shared.setObjectName("importSharedNote")
        shared.setWordWrap(True)
        match_layout.addWidget(shared)
        layout.addWidget(match_box)

        form = QFormLayout()
        self.in_file = _combo("importInFileDuplicates", IN_FILE)
        self.existing = _combo("importExistingDuplicates", EXISTING)
        form.addRow("The same person twice in the file:", self.in_file)
        self.existing_label = QLabel("Already in CRM Desktop:", self)
        form.addRow(self.existing_label, self.existing)
        layout.addLayout(form)

        self.stages_box = QCheckBox(self)
        self.stages_box.setObjectName("importCreateStages")
        self.stages_box.setChecked(True)
        self.stages_box.hide()
        layout.addWidget(self.stages_box)
        self.pipelines_note = QLabel(self)
        self.pipelines_note.setObjectName("importUnknownPipelines")
        self.pipelines_note.setWordWrap(True)
        self.pipelines_note.hide()
        layout.addWidget(self.pipelines_note)
        layout.addStretch(1)
        self.modes.idToggled.connect(lambda _id, _on: self._mode_changed())
        self.plan = NO_PLAN  # for the file shown: a deals file's stages and pipelines

    def choose(self, options: ImportOptions | None) -> None:
        """Set the choices to ``options`` (those kept for the file's layout), or to the
        defaults; say which."""
        chosen = options or ImportOptions()
        self.mode_buttons[chosen.mode].setChecked(True)
        for key, box in self.match_boxes.items():
            box.setChecked(key in chosen.match_on)
        self.in_file.setCurrentIndex(self.in_file.findData(chosen.in_file_duplicates))
        self.existing.setCurrentIndex(self.existing.findData(chosen.existing_duplicates))
        self.remembered.setVisible(options is not None)

    def _mode_changed(self) -> None:
        creating = self.mode() == "create"
        self.existing.setEnabled(creating)
        self.existing_label.setEnabled(creating)

    def mode(self) -> str:
        for key, button in self.mode_buttons.items():
            if button.isChecked():
                return key
        return "create"

    def show_plan(self, plan: DealPlan) -> None:
        """What a deals file will meet: offer to create the stages it names that the default
        pipeline lacks (else they go to its first stage), and say where the deals of the
        pipelines we lack go. An empty plan for any other file."""
        self.plan = plan
        names = plan.stages_to_make
        self.stages_box.setVisible(bool(names))
        self.stages_box.setText(f"Create the stages this file names that we lack: {_quoted(names)}")
        lacking, default = plan.pipelines_lacking, plan.default_pipeline
        self.pipelines_note.setVisible(bool(lacking))
        shown, one = _quoted(lacking), len(lacking) == 1
        if plan.pipeline_map:
            text = (
                f"The only pipeline this file names, {shown}, is not in CRM Desktop: its deals"
                f" go to “{default}”."
            )
        else:
            text = (
                f"{'A pipeline' if one else 'Pipelines'} this file names {'is' if one else 'are'}"
                f" not in CRM Desktop: {shown}. {'Its' if one else 'Their'} deals go to"
                f" “{default}”, each with the pipeline's name in its notes."
            )
        self.pipelines_note.setText(text)

    def options(self, first_stage_id: int | None) -> ImportOptions:
        match_on = tuple(k for k, box in self.match_boxes.items() if box.isChecked())
        stage_map: dict[str, int | None] = {}
        for name in self.plan.stages_to_make:
            stage_map[name] = None if self.stages_box.isChecked() else first_stage_id
        return ImportOptions(
            mode=self.mode(),  # type: ignore[arg-type]
            match_on=match_on,
            in_file_duplicates=self.in_file.currentData(),
            existing_duplicates=self.existing.currentData(),
            stage_map=stage_map,
            pipeline_map=dict(self.plan.pipeline_map),
        )


NO_PLAN = DealPlan([], [], "", {})


def _quoted(names: list[str], most: int = 6) -> str:
    """“A”, “B” …: the first ``most`` names, quoted."""
    return ", ".join(f"“{n}”" for n in names[:most]) + (" …" if len(names) > most else "")
