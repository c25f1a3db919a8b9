"""``LanguageCombo``: pick a caption language by typing any part of its tag or names."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from ...services.languages import Language, canonical_tag, describe, languages


def item_text(language: Language) -> str:
    """``fr-CA — French (Canada) — Français (Canada)``: searchable by tag and both names."""
    return f"{language.tag} — {language.label}"


class LanguageCombo(QComboBox):
    """An editable combo of the common BCP-47 tags; any other well-formed tag may be typed."""

    tag_changed = Signal(str)  # the canonical tag, or "" when the text is not a tag

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(14)
        self.setMinimumContentsLength(26)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for language in languages():
            self.addItem(item_text(language), language.tag)
        completer = QCompleter(self.model(), self)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)  # "canada" finds fr-CA and en-CA
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None  # editable combos always have one
        line.setPlaceholderText("Language: type a name or a tag (fr, pt-BR…)")
        line.textChanged.connect(lambda _text: self.tag_changed.emit(self.tag() or ""))
        self.setCurrentIndex(-1)

    def tag(self) -> str | None:
        """The chosen tag: a listed language, or a well-formed tag typed as is; else None."""
        text = self.currentText().strip()
        if not text:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return str(self.itemData(index))
        # "fr-CA — French ..." edited by hand, or a bare tag such as "de-BE".
        return canonical_tag(text.split(" — ", 1)[0])

    def set_tag(self, tag: str) -> None:
        """Select ``tag`` (shown with its names when the table knows it)."""
        index = self.findData(tag)
        if index < 0:
            canonical = canonical_tag(tag) or tag
            index = self.findData(canonical)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(item_text(describe(tag)))
