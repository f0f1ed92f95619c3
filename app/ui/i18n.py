"""Translations: Vietnamese is the source language in code; English comes from a .qm file.

Strings are written in Vietnamese with ``self.tr("…")``; ``scripts/update-translations``
extracts them into resources/translations/motcua_en.ts and compiles motcua_en.qm.
A language change rebuilds the window, so no widget needs to re-translate itself.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from app.resources import resource_path

DEFAULT_LANGUAGE = "vi"
SETTING_KEY = "ui.language"
LANGUAGES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}

_current: QTranslator | None = None
_language = DEFAULT_LANGUAGE


def translation_file(language: str) -> str:
    return str(resource_path("translations", f"motcua_{language}.qm"))


def install_language(language: str) -> str:
    """Switch the application's translator; returns the language actually in effect.

    Vietnamese needs no file. A language without a compiled file falls back to Vietnamese,
    so a broken install still shows a usable (Vietnamese) window.
    """
    global _current, _language
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    if _current is not None:
        app.removeTranslator(_current)
        _current = None
    if language not in LANGUAGES or language == DEFAULT_LANGUAGE:
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        _language = DEFAULT_LANGUAGE
        return _language
    translator = QTranslator(app)
    if not translator.load(translation_file(language)):
        _language = DEFAULT_LANGUAGE
        return _language
    app.installTranslator(translator)
    _current = translator
    QLocale.setDefault(QLocale(language))
    _language = language
    return language


def current_language() -> str:
    return _language


def translate(context: str, text: str) -> str:
    """For strings outside a QObject method (module constants, dialogs built by functions)."""
    return QCoreApplication.translate(context, text)
