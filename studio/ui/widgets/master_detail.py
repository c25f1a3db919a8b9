"""``master_detail``: a list pane on the left, a notice line over a detail stack on the right
(the Live and Players pages)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

MIN_LIST_WIDTH = 220


def master_detail(
    owner: QWidget, list_pane: QWidget, notice: QLabel, detail: QWidget, list_width: int
) -> QSplitter:
    """Lay ``owner`` out as list | (notice over detail); returns the splitter."""
    right_box = QWidget()
    right_layout = QVBoxLayout(right_box)
    right_layout.setContentsMargins(0, 0, 0, 0)
    right_layout.setSpacing(0)
    right_layout.addWidget(notice)
    right_layout.addWidget(detail, 1)

    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(list_pane)
    splitter.addWidget(right_box)
    splitter.setStretchFactor(0, 0)
    splitter.setStretchFactor(1, 1)
    splitter.setChildrenCollapsible(False)
    list_pane.setMinimumWidth(MIN_LIST_WIDTH)
    splitter.setSizes([list_width, 1000])
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(splitter)
    return splitter
