"""The application's look: plain widgets, a few weights and colours that guide the eye."""

from __future__ import annotations

APP_STYLE = """
QGroupBox { font-weight: bold; margin-top: 14px; border: 1px solid #c8ccd2; border-radius: 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
QGroupBox QLabel, QGroupBox QCheckBox, QGroupBox QRadioButton, QGroupBox QLineEdit,
QGroupBox QComboBox, QGroupBox QSpinBox, QGroupBox QListView, QGroupBox QPushButton {
    font-weight: normal;
}
QLabel#sectionTitle { font-weight: bold; }
QLabel#appointment { font-size: 12pt; font-weight: bold; color: #0b4f8a; }
QLabel#total { font-weight: bold; }
QPushButton { padding: 5px 12px; }
QPushButton#acceptButton {
    background: #1b6e20; color: white; font-weight: bold; padding: 6px 16px;
}
QPushButton#acceptButton:disabled { background: #9bb59d; color: #eef3ee; }
QListView::item { padding: 2px 0; }
QListView::item:selected { background: #0b4f8a; color: white; }
"""
