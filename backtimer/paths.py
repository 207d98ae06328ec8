"""Where backtimer keeps things: platformdirs locations; BACKTIMER_HOME overrides all."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP = "backtimer"
PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def home() -> Path | None:
    value = os.environ.get("BACKTIMER_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """User data: user routines and the history database."""
    root = home()
    return root / "data" if root else Path(platformdirs.user_data_dir(APP))


def config_dir() -> Path:
    root = home()
    return root / "config" if root else Path(platformdirs.user_config_dir(APP))


def cache_dir() -> Path:
    """Throwaway data (rendered phrases, parsed routines); safe to delete."""
    root = home()
    return root / "cache" if root else Path(platformdirs.user_cache_dir(APP))


def runtime_dir() -> Path:
    """The running `remind`'s lock and control socket: $XDG_RUNTIME_DIR on Linux (the
    data folder without one), the platform's own elsewhere."""
    root = home()
    if root:
        return root / "run"
    if sys.platform.startswith("linux"):
        xdg = os.environ.get("XDG_RUNTIME_DIR")
        return Path(xdg) / APP if xdg else data_dir() / "run"
    return Path(platformdirs.user_runtime_dir(APP))


def config_file() -> Path:
    return config_dir() / "config.toml"


def user_routines_dir() -> Path:
    return data_dir() / "routines"


def history_file() -> Path:
    return data_dir() / "history.sqlite3"


def _bundled(name: str) -> Path:
    """A bundled data folder: top-level in a checkout, backtimer/_data/ in a wheel."""
    local = CHECKOUT / name
    if (CHECKOUT / "pyproject.toml").is_file() and local.is_dir():
        return local
    return PACKAGE / "_data" / name


def bundled_routines_dir() -> Path:
    return _bundled("routines")


def sounds_dir() -> Path:
    return _bundled("sounds")
