"""What the user hears, behind one small interface. Imported only by the UI edge."""

from __future__ import annotations
