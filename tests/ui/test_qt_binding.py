"""Guards against a Qt binding that corrupts Python's reference counts (PySide6 6.12.0 on
Python 3.11 lost a reference to None on every call returning nothing, and aborted)."""
import sys

from PySide6.QtWidgets import QWidget


def test_void_calls_keep_reference_counts(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        w.setEnabled(True)
        w.resize(10, 10)
    after = sys.getrefcount(None), sys.getrefcount(True)
    assert abs(before[0] - after[0]) < 50 and abs(before[1] - after[1]) < 50
