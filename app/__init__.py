"""motcua — Quầy Một Cửa: the commune post office's one-stop counter."""

__version__ = "0.1.0"
