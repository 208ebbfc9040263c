"""The wizard's first page: pick a file (or drop one on the page), see what it is and its first
rows; a workbook's sheet can be chosen, and a CSV file's character set when the one detected
turns its names to gibberish. A file that can't be read says why, in plain words."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from crm_desktop.interchange.charsets import CHOICES
from crm_desktop.interchange.errors import UnreadableFile
from crm_desktop.interchange.opened import OpenedFile, open_file
from crm_desktop.interchange.sniff import file_kind
from crm_desktop.ui.common.text_table import TextTable
from crm_desktop.ui.common.worker import BackgroundReads

DETECT = "Detect automatically"
# Files bigger than this are read on a worker thread (100,000 rows: 24 MB of CSV, read in 0.4 s;
# 16 MB of workbook, 2 s); smaller ones in a tenth of a second at most, at once.
BACKGROUND_BYTES = 1 << 20
FILTER = (
    "Contacts, companies, deals (*.csv *.tsv *.txt *.xlsx *.xls *.ods *.vcf *.vcard);;"
    "CSV files (*.csv *.tsv *.txt);;Spreadsheets (*.xlsx *.xls *.ods);;vCards (*.vcf *.vcard);;"
    "All files (*)"
)


class FilePage(QWizardPage):
    opened = Signal(object)  # the OpenedFile

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("importFilePage")
        self.setTitle("Choose a file")
        self.setSubTitle(
            "A CSV or Excel export from Google Contacts, Outlook, LinkedIn, HubSpot, Pipedrive "
            "or a spreadsheet, or a vCard file from a phone or address book."
        )
        self.setAcceptDrops(True)
        self.file: OpenedFile | None = None
        self._path = ""  # the file last loaded, read or not
        self._reading = ""  # the big file being read on the worker
        self._reads = BackgroundReads(self)
        self._reads.answered.connect(self._read)
        self._reads.failed.connect(self._read_failed)
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText("Choose or drop a file…")
        self.path_edit.editingFinished.connect(lambda: self.load(self.path_edit.text()))
        browse = QPushButton("Browse…", self)
        browse.setObjectName("importBrowse")
        browse.clicked.connect(self.browse)
        self.sheet = QComboBox(self)
        self.sheet.setObjectName("importSheet")
        self.sheet.hide()
        self.sheet.activated.connect(lambda _i: self.load(self.path_edit.text(), self.sheet_name()))
        self.encoding = QComboBox(self)
        self.encoding.setObjectName("importEncoding")
        self.encoding.setAccessibleName("Character set")
        self.encoding.setToolTip(
            "The character set the file's text is in. If names in the preview look garbled "
            "(“Ã©” or “Ïðèâåò” where “é” or “Привет” should be), choose the one it was saved in."
        )
        self.encoding.addItem(DETECT, None)
        for codec, label in CHOICES:
            self.encoding.addItem(label, codec)
        self.encoding.activated.connect(lambda _i: self._open(self._path))
        self.encoding_label = QLabel("Character &set:", self)
        self.encoding_label.setBuddy(self.encoding)
        self._show_encoding(False)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.sheet)
        row.addWidget(browse)
        self.found = QLabel(self)
        self.found.setObjectName("importDetected")
        self.found.setWordWrap(True)
        found_row = QHBoxLayout()
        found_row.addWidget(self.found, 1)
        found_row.addWidget(self.encoding_label)
        found_row.addWidget(self.encoding)
        self.preview = TextTable((), parent=self)
        self.preview_view = QTableView(self)
        self.preview_view.setObjectName("importPreview")
        self.preview_view.setModel(self.preview)
        self.preview_view.verticalHeader().setDefaultSectionSize(22)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(found_row)
        layout.addWidget(self.preview_view, 1)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import from", "", FILTER)
        if path:
            self.load(path)

    def sheet_name(self) -> str | None:
        return self.sheet.currentText() or None if self.sheet.isVisible() else None

    def load(self, path: str, sheet: str | None = None) -> None:
        path = path.strip()
        if sheet is None and path and path in (self._reading, self.file and str(self.file.path)):
            return  # already shown, or being read
        if path != self._path:  # another file: detect its character set afresh
            self._path = path
            self.encoding.setCurrentIndex(0)
            self.encoding.setItemText(0, DETECT)
        self._open(path, sheet)

    def _open(self, path: str, sheet: str | None = None) -> None:
        """Read ``path`` in the character set chosen (detected when none is) and show it: a
        small file at once, a big one on a worker thread (``BACKGROUND_BYTES``) while the
        page says it is reading and Next waits."""
        self.path_edit.setText(path)
        self.file = None
        self._reads.cancel()  # a file still being read is not wanted any more
        self._reading = ""
        encoding = self.encoding.currentData()
        if not path:
            self._show_problem("")
        elif Path(path).is_dir():
            self._show_problem(f"“{path}” is a folder, not a file: choose a file in it.")
        elif not Path(path).is_file():
            self._show_problem(f"There is no file “{path}”.")
        elif (size := _size(path)) > BACKGROUND_BYTES:
            self._show_problem("")
            self.found.setText(f"Reading “{Path(path).name}” ({size / 1e6:,.1f} MB)…")
            self._reading = path
            self._reads.request(partial(open_file, path, sheet, encoding=encoding))
        else:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # 0.1 s at most
            try:
                self._opened(open_file(path, sheet, encoding=encoding))
            except (UnreadableFile, OSError) as exc:
                self._not_opened(path, exc)
            finally:
                QApplication.restoreOverrideCursor()
        self.completeChanged.emit()

    def _read(self, file: object) -> None:
        self._reading = ""
        self._opened(file)
        self.completeChanged.emit()

    def _read_failed(self, exc: object) -> None:
        path, self._reading = self._reading, ""
        self._not_opened(path, exc)
        self.completeChanged.emit()

    def _opened(self, file: object) -> None:
        assert isinstance(file, OpenedFile)
        self.file = file
        self._show(file)

    def _not_opened(self, path: str, exc: object) -> None:
        if isinstance(exc, UnreadableFile):
            self._show_problem(str(exc))
            self._show_sheets(exc.sheets, exc.sheet)  # another sheet may hold the data
            self._show_encoding(_is_text(path))  # another character set may read it
        elif isinstance(exc, OSError):
            self._show_problem(f"“{Path(path).name}” cannot be read: {exc.strerror or exc}.")
        else:  # a fault of ours, logged by the worker: said here, the wizard goes on
            self._show_problem(f"“{Path(path).name}” could not be read: {exc}")

    def _show_problem(self, text: str) -> None:
        self.found.setText(text)
        self.found.setStyleSheet("color: #c5221f;" if text else "")
        self.preview = TextTable((), parent=self)
        self.preview_view.setModel(self.preview)
        self.sheet.hide()
        self._show_encoding(False)

    def _show(self, file: OpenedFile) -> None:
        self.found.setStyleSheet("")
        self.found.setText(f"Found: {file.describe()}")
        self.preview = TextTable(file.header, file.preview, parent=self)
        self.preview_view.setModel(self.preview)
        self.preview_view.resizeColumnsToContents()
        table = file.table
        self._show_sheets(table.sheets if table else [], table.sheet if table else "")
        if file.kind == "csv" and file.table is not None and self.encoding.currentIndex() == 0:
            self.encoding.setItemText(0, f"Detected: {file.table.encoding_name}")
        self._show_encoding(file.kind == "csv")
        self.opened.emit(file)

    def _show_sheets(self, sheets: list[str], current: str) -> None:
        """A workbook's sheets to choose from, ``current`` chosen; none for one sheet."""
        if len(sheets) > 1:
            self.sheet.blockSignals(True)
            self.sheet.clear()
            self.sheet.addItems(sheets)
            self.sheet.setCurrentText(current)
            self.sheet.blockSignals(False)
        self.sheet.setVisible(len(sheets) > 1)

    def _show_encoding(self, shown: bool) -> None:
        """The character set is a CSV file's question: workbooks and vCards answer it."""
        self.encoding_label.setVisible(shown)
        self.encoding.setVisible(shown)

    def isComplete(self) -> bool:
        return self.file is not None

    # -- a file dropped on the page --------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.load(urls[0].toLocalFile())
            event.acceptProposedAction()


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # read at once, which says what is wrong


def _is_text(path: str) -> bool:
    """Whether ``path`` is a CSV or other text table (not a workbook, vCard or binary file)."""
    try:
        return file_kind(path) == "csv"
    except UnreadableFile:
        return False
