"""Bar charts on pyqtgraph, styled from the palette: ``ColumnChart`` (one bar per day) and
``RankChart`` (horizontal bars, largest on top, for breakdowns and top referrers).

Both keep the series they draw (``chart.series()``), so tests check data, not pixels. The plots
are static dashboards: no pan, zoom or context menu. Colours come from the widget's palette and
are re-applied on a palette change, so a theme switch never leaves a black plot on a light page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QToolTip, QVBoxLayout, QWidget

Series = Sequence[tuple[str, float]]

BAR_WIDTH = 0.68
RANK_THICKNESS = 0.62
LABEL_MAX_PX = 150
CARD_STYLE = (
    "#chartCard { background: palette(base); border: 1px solid palette(midlight);"
    " border-radius: 10px; }"
)

pg.setConfigOptions(antialias=True)


def nice_step(top: float, ticks: int = 4) -> float:
    """A round tick step (1, 2, 5 x 10^n, at least 1) giving about ``ticks`` ticks up to ``top``."""
    if top <= ticks:
        return 1.0
    raw = top / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return float(factor * magnitude)
    return float(10 * magnitude)


def format_count(value: float) -> str:
    """``7``, ``1,204``, ``12.5k`` (counts are whole; big ones shortened)."""
    if value >= 100_000:
        return f"{value / 1000:,.0f}k"
    if value >= 10_000:
        return f"{value / 1000:.1f}k"
    return f"{value:,.0f}"


class ChartCard(QFrame):
    """A rounded card with a title, an optional caption, and a chart under them."""

    def __init__(self, title: str, chart: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartCard")
        self.setStyleSheet(CARD_STYLE)
        self.chart = chart
        self.title = QLabel(title)
        font = QFont(self.title.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.caption = QLabel()
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.caption.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.caption)
        layout.addSpacing(4)
        layout.addWidget(chart, 1)

    def set_caption(self, text: str) -> None:
        self.caption.setText(text)
        self.caption.setVisible(bool(text))


class _BarChart(pg.PlotWidget):
    """Shared set-up: a static plot styled from the palette, with a centred empty message."""

    def __init__(self, parent: QWidget | None = None, *, empty_text: str = "No data") -> None:
        super().__init__(parent)
        self._series: list[tuple[str, float]] = []
        self._colour: QColor | None = None
        self._bars: pg.BarGraphItem | None = None
        self._labels: list[pg.GraphicsObject] = []  # value labels and grid lines
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.getViewBox().setDefaultPadding(0.02)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(140)
        self.empty_label = QLabel(empty_text, self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setVisible(False)
        self.setMouseTracking(True)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._ready = True
        self._style()

    # ---- data ---------------------------------------------------------------------------------

    def series(self) -> list[tuple[str, float]]:
        """What is drawn: ``(label, value)`` per bar, in drawing order."""
        return list(self._series)

    def set_series(self, series: Series) -> None:
        self._series = [(str(label), float(value)) for label, value in series]
        self._redraw()

    def set_colour(self, colour: QColor | None) -> None:
        """Bar colour; None follows the palette's highlight (accent)."""
        self._colour = colour
        self._redraw()

    def bar_colour(self) -> QColor:
        return QColor(self._colour or self.palette().color(QPalette.ColorRole.Highlight))

    # ---- drawing ------------------------------------------------------------------------------

    def _redraw(self) -> None:
        raise NotImplementedError

    def _clear_items(self) -> None:
        item = self.getPlotItem()
        if self._bars is not None:
            item.removeItem(self._bars)
            self._bars = None
        for label in self._labels:
            item.removeItem(label)
        self._labels = []

    def _show_empty(self, empty: bool) -> None:
        self.empty_label.setVisible(empty)
        for name in ("left", "bottom"):
            self.getPlotItem().getAxis(name).setStyle(showValues=not empty)

    def _style(self) -> None:
        palette = self.palette()
        self.setBackground(palette.color(QPalette.ColorRole.Base))
        line = QColor(palette.color(QPalette.ColorRole.Mid))
        text = QColor(palette.color(QPalette.ColorRole.PlaceholderText))
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        for name in ("left", "bottom"):
            axis = self.getPlotItem().getAxis(name)
            axis.setPen(pg.mkPen(line))
            axis.setTextPen(pg.mkPen(text))
            axis.setStyle(tickFont=font, tickLength=0, tickTextOffset=6)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # pyqtgraph's constructor changes the palette before this class is set up.
        ready = getattr(self, "_ready", False)
        if ready and event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._style()
            self._redraw()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if getattr(self, "_ready", False):
            self.empty_label.setGeometry(self.rect())

    # ---- hover --------------------------------------------------------------------------------

    def bar_at(self, point: QPointF) -> int | None:
        """Index of the bar under a view-coordinates point."""
        raise NotImplementedError

    def _on_mouse_moved(self, position: QPointF) -> None:
        view = self.getPlotItem().getViewBox()
        if not view.sceneBoundingRect().contains(position):
            QToolTip.hideText()
            return
        index = self.bar_at(view.mapSceneToView(position))
        if index is None:
            QToolTip.hideText()
            return
        label, value = self._series[index]
        tip = f"{label}: {format_count(value)} session{'s' if value != 1 else ''}"
        QToolTip.showText(self.mapToGlobal(self.mapFromScene(position).toPoint()), tip, self)


class ColumnChart(_BarChart):
    """Vertical bars in order (days), with a few evenly spread labels under them."""

    def __init__(self, parent: QWidget | None = None, *, empty_text: str = "No data") -> None:
        super().__init__(parent, empty_text=empty_text)
        self.getPlotItem().getAxis("left").setWidth(34)

    def _redraw(self) -> None:
        self._clear_items()
        item = self.getPlotItem()
        values = [value for _, value in self._series]
        self._show_empty(not values or max(values) <= 0)
        count = len(values)
        if count:
            colour = self.bar_colour()
            self._bars = pg.BarGraphItem(
                x=list(range(count)),
                height=values,
                width=BAR_WIDTH,
                brush=pg.mkBrush(colour),
                pen=pg.mkPen(None),
            )
            item.addItem(self._bars)
        top = max(values, default=0.0)
        step = nice_step(top)
        ceiling = max(step, math.ceil(top / step) * step) if top > 0 else 4.0
        ticks = [v * step for v in range(int(ceiling / step) + 1)]
        item.getAxis("left").setTicks([[(v, format_count(v)) for v in ticks], []])
        # Grid lines of our own, under the bars (pyqtgraph's grid is drawn over them).
        grid = QColor(self.palette().color(QPalette.ColorRole.Mid))
        grid.setAlphaF(0.6)
        for value in ticks[1:]:
            line = pg.InfiniteLine(pos=value, angle=0, pen=pg.mkPen(grid, width=1))
            line.setZValue(-10)
            item.addItem(line)
            self._labels.append(line)
        every = max(1, math.ceil(count / 8))  # at most ~8 labels, whatever the period
        item.getAxis("bottom").setTicks(
            [[(i, label) for i, (label, _) in enumerate(self._series) if i % every == 0], []]
        )
        item.setXRange(-0.6, max(count, 1) - 0.4, padding=0)
        item.setYRange(0, ceiling * 1.04, padding=0)

    def bar_at(self, point: QPointF) -> int | None:
        index = round(point.x())
        if 0 <= index < len(self._series) and abs(point.x() - index) <= BAR_WIDTH / 2:
            return index if point.y() >= 0 else None
        return None


class RankChart(_BarChart):
    """Horizontal bars, largest on top, each labelled on the left and valued at its end."""

    def __init__(self, parent: QWidget | None = None, *, empty_text: str = "No data") -> None:
        super().__init__(parent, empty_text=empty_text)
        item = self.getPlotItem()
        item.invertY(True)
        item.hideAxis("bottom")
        item.getAxis("left").setPen(pg.mkPen(None))

    def _style(self) -> None:
        super()._style()
        self.getPlotItem().getAxis("left").setPen(pg.mkPen(None))  # labels only, no spine
        left = self.getPlotItem().getAxis("left")
        left.setTextPen(pg.mkPen(self.palette().color(QPalette.ColorRole.Text)))

    def _redraw(self) -> None:
        self._clear_items()
        item = self.getPlotItem()
        values = [value for _, value in self._series]
        self._show_empty(not values)
        count = len(values)
        top = max(values, default=0.0) or 1.0
        metrics = QFontMetrics(self.getPlotItem().getAxis("left").style["tickFont"] or self.font())
        labels = [
            metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, LABEL_MAX_PX)
            for label, _ in self._series
        ]
        width = max((metrics.horizontalAdvance(t) for t in labels), default=20) + 12
        item.getAxis("left").setWidth(min(LABEL_MAX_PX + 12, width))
        item.getAxis("left").setTicks([[(i, text) for i, text in enumerate(labels)], []])
        if count:
            colour = self.bar_colour()
            self._bars = pg.BarGraphItem(
                x0=[0.0] * count,
                y=list(range(count)),
                width=values,
                height=RANK_THICKNESS,
                brush=pg.mkBrush(colour),
                pen=pg.mkPen(None),
            )
            item.addItem(self._bars)
            text = self.palette().color(QPalette.ColorRole.Text)
            for index, value in enumerate(values):
                label = pg.TextItem(format_count(value), color=text, anchor=(0, 0.5))
                label.setFont(self.font())
                label.setPos(value + top * 0.02, index)
                item.addItem(label)
                self._labels.append(label)
        # Room on the right for the value labels.
        item.setXRange(0, top * 1.22, padding=0)
        item.setYRange(-0.5, max(count, 1) - 0.5, padding=0)

    def bar_at(self, point: QPointF) -> int | None:
        index = round(point.y())
        if 0 <= index < len(self._series) and abs(point.y() - index) <= RANK_THICKNESS / 2:
            return index if 0 <= point.x() <= max(self._series[index][1], 0.0) else None
        return None
