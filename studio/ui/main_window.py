"""The main window (a first, minimal version: where you are connected and what is there)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from ..api import ApiError, ApiVideoClient, TransportError
from ..services.task_scope import TaskScope
from .models.video_list import VideoListModel


class MainWindow(QMainWindow):
    """Shows the connection and the first page of the library; loads without blocking."""

    def __init__(self, client: ApiVideoClient, scope: TaskScope, *, description: str) -> None:
        super().__init__()
        self.setWindowTitle("api.video Studio")
        self.resize(960, 640)
        self._client = client
        self._scope = scope
        self.model = VideoListModel()

        central = QWidget()
        layout = QVBoxLayout(central)
        self.header = QLabel(description)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = QLabel("Loading the library…")
        self.list = QListView()
        self.list.setModel(self.model)
        layout.addWidget(self.header)
        layout.addWidget(self.state)
        layout.addWidget(self.list, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(description)

        refresh = self.menuBar().addMenu("&Library").addAction("&Refresh")
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh)

    def refresh(self) -> None:
        self.state.setText("Loading the library…")
        self._scope.start(self._load(), key="library")

    async def _load(self) -> None:
        try:
            page = await self._client.request_json(
                "GET",
                "/videos",
                params={"pageSize": 100, "sortBy": "createdAt", "sortOrder": "desc"},
            )
        except ApiError as exc:
            self.state.setText(f"The server refused: {exc.message}")
            return
        except TransportError as exc:
            self.state.setText(f"Cannot reach the server: {exc}")
            return
        rows = page.get("data", []) if isinstance(page, dict) else []
        self.model.set_videos(rows)
        total = page.get("pagination", {}).get("itemsTotal", len(rows))
        self.state.setText(
            "No videos yet." if not rows else f"{total} video{'s' if total != 1 else ''}"
        )
