"""Light and dark palettes. The app follows the system; tests and screenshots pick one."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_DARK = {
    QPalette.ColorRole.Window: "#202124",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#17181a",
    QPalette.ColorRole.AlternateBase: "#242528",
    QPalette.ColorRole.ToolTipBase: "#2d2e31",
    QPalette.ColorRole.ToolTipText: "#e8eaed",
    QPalette.ColorRole.PlaceholderText: "#8a8d91",
    QPalette.ColorRole.Text: "#e8eaed",
    QPalette.ColorRole.Button: "#2d2e31",
    QPalette.ColorRole.ButtonText: "#e8eaed",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Highlight: "#3b6fd8",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.Mid: "#3c3d40",
    QPalette.ColorRole.Midlight: "#35363a",
    QPalette.ColorRole.Dark: "#111214",
    QPalette.ColorRole.Light: "#4a4b4f",
    QPalette.ColorRole.Shadow: "#000000",
}


def apply(app: QApplication, *, dark: bool | None = None) -> None:
    """Use the Fusion style; ``dark`` True/False forces a palette, None keeps the system's."""
    app.setStyle("Fusion")
    if dark is None:
        return
    if not dark:
        app.setPalette(app.style().standardPalette())
        return
    palette = QPalette()
    for role, color in _DARK.items():
        palette.setColor(role, QColor(color))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f7276"))
    app.setPalette(palette)


def link(target: str, text: str) -> str:
    """Rich text for a link to ``target`` reading ``text``, in the palette's link colour.

    The colour is written into the link: a label takes its links' colour when its text is set,
    and setting the same text again does nothing, so a shown link would keep the other theme's
    colour (dark blue on dark grey) after a switch. With the colour in it, the text differs."""
    import html  # here: with its entity table it costs a start 1-3 ms before the first paint

    colour = QGuiApplication.palette().color(QPalette.ColorRole.Link).name()
    return (
        f'<a href="{html.escape(target, quote=True)}" style="color: {colour}">'
        f"{html.escape(text)}</a>"
    )


def is_dark(palette: QPalette) -> bool:
    """Whether text is lighter than the window: icons and badges pick their colours by it."""
    return (
        palette.color(QPalette.ColorRole.WindowText).lightness()
        > palette.color(QPalette.ColorRole.Window).lightness()
    )
