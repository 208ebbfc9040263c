"""File > Export…: contacts (all, the list's filter, the selection), deals (all pipelines' or
one's) or follow-ups, the format with its layout or version, and the file; the export runs on
a worker thread with a progress bar and Cancel, and ends with a plain message (written,
cancelled, disk full, folder not writable) shown in the dialog itself."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.contact_list import ContactQuery
from crm_desktop.domain.errors import DomainError
from crm_desktop.domain.exports import ExportCancelled, ExportReport, ExportScope, ExportService
from crm_desktop.domain.pipelines import PipelineAdmin
from crm_desktop.interchange.csv_writer import LAYOUT_NAMES, LAYOUTS
from crm_desktop.interchange.deal_writer import DEAL_LAYOUTS
from crm_desktop.interchange.xlsx_writer import SHEET_LAYOUT_NAMES
from crm_desktop.ui.common.form_fields import item_combo
from crm_desktop.ui.common.theme import is_dark
from crm_desktop.ui.common.worker import BackgroundReads
from crm_desktop.ui.export.boxes import ContactsBox, FollowUpsBox
from crm_desktop.ui.export.choice import (
    DEAL_NAMES,
    DEFAULT_NAMES,
    FILTERS,
    SUFFIXES,
    ExportChoice,
    with_suffix,
)
from crm_desktop.ui.export.deals_box import DealsBox
from crm_desktop.ui.export.labels import (
    FORMAT_LABELS,
    VERSION_LABELS,
    WHAT_FORMATS,
    WHAT_LABELS,
    WHICH_LABELS,
)
from crm_desktop.ui.export.remembered import remember, restore
from crm_desktop.ui.export.worker import ExportWorker

log = logging.getLogger(__name__)


class ExportDialog(QDialog):
    finished_export = Signal()  # an export ended (written, cancelled or failed): see ``status``

    def __init__(
        self,
        service: ExportService,
        which: str = "all",
        query: ContactQuery | None = None,
        selected_ids: Sequence[int] = (),
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
        what: str = "contacts",
        pipeline_id: int | None = None,
    ) -> None:
        """``settings``: where the last export's format, layouts and folder are kept, and
        taken up again by the next one (the app passes its ``window.ini``); ``what``:
        "contacts", "deals" (of ``pipeline_id``, else of all pipelines) or "followups"."""
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self._settings = settings
        self.setWindowTitle("Export")
        self.service = service
        self.query = query
        self.selected_ids = tuple(selected_ids)
        self.worker: ExportWorker | None = None
        self.last_report: ExportReport | None = None
        self._counts = BackgroundReads(self)
        self._counts.answered.connect(self._show_counts)

        self.what = item_combo(
            self, "exportWhat", [(label, key) for key, label in WHAT_LABELS.items()]
        )
        self.deals_box = DealsBox(PipelineAdmin(service.clock).pipelines(), pipeline_id, self)
        self.format = item_combo(
            self, "exportFormat", [(label, key) for key, label in FORMAT_LABELS.items()]
        )
        self.contacts_box = ContactsBox(which, query is not None, bool(self.selected_ids), self)
        self.which_buttons = self.contacts_box.buttons
        self.layout_combo = item_combo(
            self, "exportLayout", [(LAYOUT_NAMES[key], key) for key in LAYOUTS]
        )
        if QLocale().decimalPoint() == ",":  # Excel's list separator is ";" there: see csv_writer
            self.layout_combo.setCurrentIndex(self.layout_combo.findData("excel"))
        self.sheet_layout = item_combo(
            self, "exportSheetLayout", [(label, key) for key, label in SHEET_LAYOUT_NAMES.items()]
        )
        self.version = item_combo(
            self, "exportVersion", [(label, key) for key, label in VERSION_LABELS.items()]
        )
        self.followups_box = FollowUpsBox(self)
        boxed = self.followups_box
        self.open_only, self.style_combo, self.one_contact = (
            boxed.open_only,
            boxed.style_combo,
            boxed.one_contact,
        )
        self._one_contact_id = self._single_contact()
        self.one_contact.setVisible(self._one_contact_id is not None)

        self.path = QLineEdit(self)
        self.path.setObjectName("exportPath")
        self.path.setPlaceholderText("Where to save the file")
        self.path.setClearButtonEnabled(True)
        self.browse = QPushButton("Choose…", self)
        self.browse.setObjectName("exportBrowse")
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)
        self.options = QFormLayout()
        self.options.addRow("&Export", self.what)
        self.options.addRow("&Format", self.format)
        self.options.addRow("Layout", self.layout_combo)
        self.options.addRow("Columns", self.sheet_layout)
        self.options.addRow("vCard version", self.version)
        self.options.addRow("Save to", path_row)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("exportProgress")
        self.progress.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(self)
        self.buttons.setObjectName("exportButtons")
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setObjectName("exportButton")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("exportClose")
        self.export_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(self.options)
        layout.addWidget(self.contacts_box)
        layout.addWidget(self.deals_box)
        layout.addWidget(self.followups_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        folder = self._restore()
        if what != "contacts" or self.current_format() == "ics":
            self._choose_what(what if what != "contacts" else "followups")
        self.path.setText(str(folder / self._default_name()))
        self.what.currentIndexChanged.connect(lambda: self._choose_what(self.current_what()))
        self.format.currentIndexChanged.connect(self._format_changed)
        self.path.textChanged.connect(self._update)
        self.browse.clicked.connect(self.choose_path)
        self._format_changed()
        self._counts.request(self._read_counts)

    # -- the last export's choices ------------------------------------------------------------

    def _remembered(self) -> dict[str, QComboBox]:
        return {
            "format": self.format,
            "layout": self.layout_combo,
            "sheet_layout": self.sheet_layout,
            "version": self.version,
            "style": self.style_combo,
        }

    def _restore(self) -> Path:
        return restore(self._settings, self._remembered())

    def _remember(self, choice: ExportChoice) -> None:
        remember(self._settings, self._remembered(), choice.path.parent)

    # -- what the user sees ------------------------------------------------------------------

    def current_format(self) -> str:
        return str(self.format.currentData())

    def current_what(self) -> str:
        return str(self.what.currentData())

    def _default_name(self) -> str:
        fmt = self.current_format()
        return DEAL_NAMES[fmt] if self.current_what() == "deals" else DEFAULT_NAMES[fmt]

    def _choose_what(self, what: str) -> None:
        """Export ``what``: the formats it is written in offered, the others greyed out."""
        self.what.setCurrentIndex(self.what.findData(what))
        formats = WHAT_FORMATS[what]
        for combo, allowed in (
            (self.format, formats),
            (self.layout_combo, DEAL_LAYOUTS if what == "deals" else LAYOUTS),
        ):
            items = combo.model()
            for row in range(combo.count()):
                items.item(row).setEnabled(combo.itemData(row) in allowed)  # type: ignore[attr-defined]
            if combo.currentData() not in allowed:
                combo.setCurrentIndex(combo.findData(allowed[0]))
        self._format_changed()

    def _format_changed(self) -> None:
        fmt = self.current_format()
        if fmt not in WHAT_FORMATS[self.current_what()]:  # set from outside: what follows
            self._choose_what("followups" if fmt == "ics" else "contacts")
            return
        what = self.current_what()
        self.contacts_box.setVisible(what == "contacts")
        self.deals_box.setVisible(what == "deals" and self.deals_box.several)
        self.followups_box.setVisible(what == "followups")
        self.options.setRowVisible(self.layout_combo, fmt == "csv")
        self.options.setRowVisible(self.sheet_layout, fmt == "xlsx" and what == "contacts")
        self.options.setRowVisible(self.version, fmt == "vcard")
        self.setWindowTitle(f"Export {WHAT_LABELS[what].lower()}")
        text = self.path.text().strip()
        names = {*DEFAULT_NAMES.values(), *DEAL_NAMES.values()}
        if not text:
            text = self._default_name()
        elif Path(text).name in names:
            text = str(Path(text).with_name(self._default_name()))
        self.path.setText(with_suffix(text, fmt))
        self._update()

    def _update(self) -> None:
        running = self.worker is not None
        self.export_button.setEnabled(not running and bool(self.path.text().strip()))
        widgets: tuple[QWidget, ...] = (
            self.what, self.format, self.path, self.browse, self.contacts_box, self.deals_box,
            self.layout_combo, self.sheet_layout, self.version, self.followups_box,
        )  # fmt: skip
        for widget in widgets:
            widget.setEnabled(not running)
        self.close_button.setText("Cancel" if running else "Close")

    def _single_contact(self) -> int | None:
        if len(self.selected_ids) != 1:
            return None
        found = self.service.contacts_by_id(self.selected_ids)
        if not found:
            return None
        self.one_contact.setText(f"Only {found[0].display_name}’s follow-ups")
        return found[0].id

    def _read_counts(self) -> dict[str, int]:
        counts = {"all": self.service.count(ExportScope("all"))}
        if self.query is not None:
            counts["filtered"] = self.service.count(ExportScope("filtered", self.query))
        if self.selected_ids:
            counts["selected"] = self.service.count(ExportScope("selected", ids=self.selected_ids))
        return counts

    def _show_counts(self, counts: object) -> None:
        assert isinstance(counts, dict)
        for key, count in counts.items():
            self.which_buttons[key].setText(f"{WHICH_LABELS[key]} ({count:,})")

    def choose_path(self) -> None:
        fmt = self.current_format()
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Export to", self.path.text() or self._default_name(), FILTERS[fmt]
        )
        if chosen:
            if not Path(chosen).suffix:
                chosen += SUFFIXES[fmt]
            self.path.setText(chosen)

    # -- exporting ---------------------------------------------------------------------------

    def choice(self) -> ExportChoice:
        which = self.contacts_box.which()
        scope = ExportScope("all")
        if which == "filtered" and self.query is not None:
            scope = ExportScope("filtered", self.query)
        elif which == "selected":
            scope = ExportScope("selected", ids=self.selected_ids)
        fmt = self.current_format()
        return ExportChoice(
            format=fmt,
            path=Path(self.path.text().strip()).expanduser(),
            scope=scope,
            layout=(self.sheet_layout if fmt == "xlsx" else self.layout_combo).currentData(),
            version=self.version.currentData(),
            style=self.style_combo.currentData(),
            open_only=self.open_only.isChecked(),
            contact_id=self._one_contact_id if self.one_contact.isChecked() else None,
            deals=self.current_what() == "deals",
            pipeline_id=self.deals_box.pipeline_id(),
        )

    def start(self) -> None:
        """Export on a worker thread; the dialog stays open to show how it went."""
        if self.worker is not None or not self.path.text().strip():
            return
        choice = self.choice()
        self._remember(choice)
        self.last_report = None
        self.worker = ExportWorker(self.service, choice, self)
        self.worker.progressed.connect(self._progressed)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(self._finished)
        self.progress.setRange(0, 0)  # busy until the first page tells the total
        self.progress.setVisible(True)
        self._say("Exporting…")
        self._update()
        self.worker.start()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self._say(f"Exporting… {done:,} of {total:,}")

    def _succeeded(self, report: object) -> None:
        assert isinstance(report, ExportReport)
        self.last_report = report
        what = {"contacts": "contact", "deals": "deal", "followups": "follow-up"}
        noun = what[self.current_what()] + ("" if report.rows == 1 else "s")
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self._say(f"Exported {report.rows:,} {noun} to {report.path}.")

    def _failed(self, exc: object) -> None:
        self.progress.setVisible(False)
        if isinstance(exc, ExportCancelled):
            self._say(str(exc))
        elif isinstance(exc, DomainError):
            self._say(str(exc), problem=True)
        else:
            self._say(f"The export failed: {exc}. Nothing was written.", problem=True)

    def _finished(self) -> None:
        if self.worker is not None:
            self.worker.deleteLater()
        self.worker = None
        self._update()
        self.finished_export.emit()

    def _say(self, text: str, problem: bool = False) -> None:
        colour = "#f28b82" if is_dark(self.palette()) else "#c5221f"
        self.status.setStyleSheet(f"color: {colour};" if problem else "")
        self.status.setText(text)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the export and the count are done (tests, and before closing)."""
        done = self.worker.wait(msecs) if self.worker is not None else True
        return self._counts.wait(msecs) and done

    def reject(self) -> None:
        """Close; while exporting, cancel first (the file is then not written)."""
        if self.worker is not None:
            self.worker.cancel()
            return
        self._counts.cancel()
        self._counts.wait()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()
        self._counts.wait()
        super().closeEvent(event)


def open_export_dialog(
    parent: QWidget | None,
    exports_service: ExportService,
    which: str = "all",
    query: ContactQuery | None = None,
    selected_ids: Sequence[int] = (),
    settings: QSettings | None = None,
    what: str = "contacts",
    pipeline_id: int | None = None,
) -> ExportDialog:
    """File > Export… (Ctrl+Shift+E): open the export dialog, not blocking; ``what`` and
    ``pipeline_id`` as ``ExportDialog`` takes them (the pipeline page's "Export deals…")."""
    dialog = ExportDialog(
        exports_service,
        which,
        query,
        selected_ids,
        parent,
        settings=settings,
        what=what,
        pipeline_id=pipeline_id,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
