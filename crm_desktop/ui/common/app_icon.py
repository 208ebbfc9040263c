"""The app icon as a ``QIcon``, drawn from ``resources/app_icon.svg``.

The SVG is rendered by Qt's SVG icon engine at whatever size a title bar, task bar or dock asks
for, so a bundle that dropped the QtSvg library or the ``iconengines`` plugin would show no icon:
the smoke test checks ``app_icon()`` renders.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from crm_desktop import resources

_cache: list[QIcon] = []


def app_icon() -> QIcon:
    """The app icon; an empty icon (never an error) if the file is missing."""
    if not _cache:
        path = resources.resource_path(resources.APP_ICON)
        _cache.append(QIcon(str(path)) if path.is_file() else QIcon())
    return _cache[0]


def icon_renders(icon: QIcon, size: int = 64) -> bool:
    """Whether ``icon`` paints at ``size`` (its middle is opaque): false without SVG support."""
    pixmap = icon.pixmap(QSize(size, size))
    if pixmap.isNull():
        return False
    image = pixmap.toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2).alpha() > 0
