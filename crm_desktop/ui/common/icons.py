"""Icons for the kinds of timeline entries, painted with QPainter: no image files to ship.

Each is a rounded badge in the kind's colour with a simple white glyph (light palettes), or a
tinted badge with a glyph in a light shade of the colour (dark palettes).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

# kind: (badge colour on a light window, glyph colour on a dark window)
_COLOURS = {
    "call": ("#2e7d32", "#81c995"),
    "email": ("#1a73e8", "#8ab4f8"),
    "meeting": ("#7b1fa2", "#d7aefb"),
    "note": ("#b06000", "#fdd663"),
    "message": ("#00838f", "#78d9ec"),
    "visit": ("#c5221f", "#f28b82"),
    "stage": ("#3949ab", "#aecbfa"),
    "followup": ("#546e7a", "#b8cbd6"),
}
_SIZES = (16, 20, 24, 28, 32, 40, 48, 64)
_cache: dict[tuple[str, bool], QIcon] = {}

Glyph = Callable[[QPainter, QRectF], None]


def kind_icon(kind: str, dark: bool) -> QIcon:
    """The badge icon of a timeline kind (an interaction kind, "stage" or "followup")."""
    key = (kind if kind in _COLOURS else "note", dark)
    icon = _cache.get(key)
    if icon is None:
        icon = QIcon()
        for size in _SIZES:
            icon.addPixmap(_badge(key[0], dark, size))
        _cache[key] = icon
    return icon


def _badge(kind: str, dark: bool, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    light_colour, dark_colour = (QColor(c) for c in _COLOURS[kind])
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = QRectF(0.5, 0.5, size - 1, size - 1)
    if dark:
        fill = QColor(dark_colour)
        fill.setAlpha(56)
        ink = dark_colour
        painter.setPen(QPen(QColor(dark_colour.red(), dark_colour.green(), dark_colour.blue(), 90)))
    else:
        fill, ink = light_colour, QColor("#ffffff")
        painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(box, size * 0.28, size * 0.28)
    pen = QPen(ink, max(1.2, size / 14))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    glyph = size * 0.56
    _GLYPHS[kind](painter, QRectF((size - glyph) / 2, (size - glyph) / 2, glyph, glyph))
    painter.end()
    return pixmap


def _call(p: QPainter, r: QRectF) -> None:
    """A handset: a thick arc with an ear and a mouth piece."""
    w = r.width()
    path = QPainterPath()
    path.moveTo(r.left() + w * 0.08, r.top() + w * 0.22)
    path.cubicTo(
        QPointF(r.left() + w * 0.05, r.top() + w * 0.62),
        QPointF(r.left() + w * 0.38, r.top() + w * 0.95),
        QPointF(r.left() + w * 0.78, r.top() + w * 0.92),
    )
    thick = QPen(p.pen())
    thick.setWidthF(w * 0.2)
    p.save()
    p.setPen(thick)
    p.drawPath(path)
    p.restore()
    p.setBrush(QBrush(p.pen().color()))
    p.drawRoundedRect(QRectF(r.left(), r.top(), w * 0.34, w * 0.26), w * 0.08, w * 0.08)
    p.drawRoundedRect(
        QRectF(r.left() + w * 0.72, r.top() + w * 0.68, w * 0.26, w * 0.34), w * 0.08, w * 0.08
    )


def _email(p: QPainter, r: QRectF) -> None:
    envelope = r.adjusted(0, r.height() * 0.16, 0, -r.height() * 0.16)
    p.drawRoundedRect(envelope, r.width() * 0.06, r.width() * 0.06)
    p.drawPolyline(
        [
            envelope.topLeft(),
            QPointF(envelope.center().x(), envelope.center().y()),
            envelope.topRight(),
        ]
    )


def _meeting(p: QPainter, r: QRectF) -> None:
    """Two people side by side."""
    w = r.width()
    for cx, scale in ((0.32, 0.9), (0.7, 1.0)):
        head = w * 0.13 * scale
        centre = QPointF(r.left() + w * cx, r.top() + w * 0.3)
        p.drawEllipse(centre, head, head)
        shoulders = QRectF(
            centre.x() - w * 0.22 * scale, r.top() + w * 0.56, w * 0.44 * scale, w * 0.6
        )
        p.drawArc(shoulders, 0, 180 * 16)


def _note(p: QPainter, r: QRectF) -> None:
    page = r.adjusted(r.width() * 0.14, 0, -r.width() * 0.14, 0)
    p.drawRoundedRect(page, r.width() * 0.06, r.width() * 0.06)
    for step in (0.3, 0.5, 0.7):
        y = page.top() + page.height() * step
        p.drawLine(
            QPointF(page.left() + page.width() * 0.22, y),
            QPointF(page.right() - page.width() * 0.22, y),
        )


def _message(p: QPainter, r: QRectF) -> None:
    """A speech bubble with a tail at the bottom left."""
    w = r.width()
    bubble = QRectF(r.left(), r.top() + w * 0.06, w, w * 0.66)
    path = QPainterPath()
    path.addRoundedRect(bubble, w * 0.2, w * 0.2)
    tail = QPainterPath()
    tail.moveTo(r.left() + w * 0.22, bubble.bottom() - w * 0.1)
    tail.lineTo(r.left() + w * 0.14, r.bottom())
    tail.lineTo(r.left() + w * 0.5, bubble.bottom() - w * 0.1)
    p.drawPath(path.united(tail))


def _visit(p: QPainter, r: QRectF) -> None:
    """A map pin."""
    w = r.width()
    centre = QPointF(r.center().x(), r.top() + w * 0.38)
    radius = w * 0.34
    path = QPainterPath()
    path.moveTo(centre.x(), r.bottom())
    path.arcTo(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius), 215, -250)
    path.closeSubpath()
    p.drawPath(path)
    p.drawEllipse(centre, w * 0.1, w * 0.1)


def _stage(p: QPainter, r: QRectF) -> None:
    """An arrow moving right: a lead moved on."""
    w = r.width()
    y = r.center().y()
    p.drawLine(QPointF(r.left() + w * 0.08, y), QPointF(r.right() - w * 0.08, y))
    p.drawPolyline(
        [
            QPointF(r.right() - w * 0.4, y - w * 0.32),
            QPointF(r.right() - w * 0.08, y),
            QPointF(r.right() - w * 0.4, y + w * 0.32),
        ]
    )


def _followup(p: QPainter, r: QRectF) -> None:
    """A tick: a follow-up done."""
    w = r.width()
    p.drawPolyline(
        [
            QPointF(r.left() + w * 0.1, r.top() + w * 0.52),
            QPointF(r.left() + w * 0.38, r.top() + w * 0.8),
            QPointF(r.left() + w * 0.92, r.top() + w * 0.22),
        ]
    )


_GLYPHS: dict[str, Glyph] = {
    "call": _call,
    "email": _email,
    "meeting": _meeting,
    "note": _note,
    "message": _message,
    "visit": _visit,
    "stage": _stage,
    "followup": _followup,
}
