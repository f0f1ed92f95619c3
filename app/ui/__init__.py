"""The PySide6 counter window (issue 3). The only package allowed to import Qt."""

from app.ui.qt_feature_check import install_fast_feature_check

install_fast_feature_check()  # before the window's modules are imported: see the module
