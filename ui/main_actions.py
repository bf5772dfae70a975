"""The main window's actions, its menu bar and its toolbar."""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QToolBar

from .preferences_dialog import show_preferences
from .reread import Reread


def _action(window, text: str, slot, shortcut=None, icon_name: str | None = None, tip: str = "") -> QAction:
    act = QAction(text, window)
    if shortcut is not None:
        act.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
    if tip:
        act.setToolTip(tip)
        act.setStatusTip(tip)
    act.setData(icon_name)
    act.triggered.connect(slot)
    window.addAction(act)
    return act


def _view_call(window, name: str) -> None:
    view = window.tabs.current_view()
    if view is not None:
        getattr(view, name)()


def _keys(usual: str, standard: QKeySequence.StandardKey) -> list[QKeySequence]:
    """The usual key everywhere (Ctrl is ⌘ on a Mac), plus the desktop's own key if it differs: Qt's
    standard keys are empty on some platforms (Preferences on Windows, Quit without a desktop theme)."""
    keys = [QKeySequence(usual)]
    keys += [k for k in QKeySequence.keyBindings(standard) if not k.isEmpty() and k not in keys]
    return keys


def _preferences_keys() -> list[QKeySequence]:
    return _keys("Ctrl+,", QKeySequence.StandardKey.Preferences)


def build_actions(window) -> None:
    """Create the window's actions as attributes of the window (window.find_action, …)."""
    a = partial(_action, window)
    window.add_docs_action = a("&Add documents…", window.choose_documents, "Ctrl+O", "add",
                               "Add PDF letters, e-mails (.eml, .msg, .mbox) and Word letters (.docx) to the archive")
    window.add_folder_action = a("Add &folder…", window.choose_folder, "Ctrl+Shift+O", "folder",
                                 "Add every PDF, e-mail and Word file in a folder and its subfolders")
    window.open_archive_action = a("&Open archive…", window.choose_archive, "Ctrl+Alt+O", "archive",
                                   "Switch to another archive folder")
    window.new_archive_action = a("&New archive…", window.choose_new_archive, "Ctrl+Alt+N", None,
                                  "Create an archive in an empty folder")
    window.quit_action = a("&Quit", window.close, _keys("Ctrl+Q", QKeySequence.StandardKey.Quit))
    window.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    window.find_action = a("&Find…", window.focus_search, _keys("Ctrl+F", QKeySequence.StandardKey.Find), "search",
                           "Search the text of every letter")
    window.next_hit_action = a("Find &next", window.next_hit, "F3", "next", "Next match (F3)")
    window.previous_hit_action = a("Find &previous", window.previous_hit, "Shift+F3", "previous",
                                   "Previous match (Shift+F3)")
    window.details_action = a("Document &details…", window.edit_current_details, "Ctrl+E", "edit",
                              "Check and correct the document's title, date, sender and recipients")
    window.reread = Reread(window)
    window.reread_action = a("&Read letter details again", window.reread.start, None, None,
                             "Read every letter's date, senders, recipients, title and kind again from its "
                             "original, keeping what you corrected by hand")
    window.save_search_action = a("&Save search…", window.search.save_current, "Ctrl+S", "saved-search",
                                  "Keep this search in the library")
    window.export_action = a("E&xport results…", window.search.export_csv, "Ctrl+Shift+E", "export",
                             "Write the search results to a CSV file")
    window.filter_action = a("Filter &library", window.focus_library_filter, "Ctrl+L")
    window.zoom_in_action = a("Zoom &in", lambda: _view_call(window, "zoom_in"), None, "zoom-in",
                              "Zoom in (Ctrl++)")
    window.zoom_out_action = a("Zoom &out", lambda: _view_call(window, "zoom_out"), None, "zoom-out",
                               "Zoom out (Ctrl+-)")
    window.fit_width_action = a("&Fit width", lambda: _view_call(window, "fit_width"), None, "fit-width",
                                "Fit the page to the width (Ctrl+0)")
    # The document view owns these keys (while it has focus); the menu shows them as hints.
    for act, keys in ((window.zoom_in_action, "Ctrl++"), (window.zoom_out_action, "Ctrl+-"),
                      (window.fit_width_action, "Ctrl+0")):
        act.setProperty("keys_hint", keys)
    window.show_library_action = a("&Library", window.show_library, "Ctrl+1", "library")
    window.show_search_action = a("&Search", window.show_search, "Ctrl+2")
    work = window.work
    window.show_passages_action = a("&Passages", work.show_passages, "Ctrl+3")
    window.show_inspector_action = a("Passage &inspector", work.show_inspector, "Ctrl+I")
    window.show_timeline_action = a("&Timeline", work.show_timeline, "Ctrl+T", None,
                                    "Draw the tagged passages on a time axis")
    window.threads_action = a("&Threads…", work.show_threads, "Ctrl+Shift+T", None,
                              "Create, rename and merge threads")
    window.questions_action = a("&Questions…", lambda: work.show_questions(), None, None,
                                "What we asked each party and what is still unanswered, oldest first; "
                                "write a question directly")
    window.parties_action = a("Pa&rties…", work.show_parties, None, None,
                              "Rename, merge and delete senders, recipients and speakers")
    from .conversations_dialog import show_conversations
    window.conversations_action = a("&Conversations…", lambda: show_conversations(window), "Ctrl+Shift+K", None,
                                    "What each pair of parties sent each other, with replies and gaps")
    window.delete_passage_action = a("&Delete passage", work.delete_current_passage, None, None,
                                     "Remove the passage shown in the inspector (Undo brings it back)")
    window.tag_actions = work.tagging.menu_actions(window)
    window.undo_action = work.commands.undo_action(window)
    window.redo_action = work.commands.redo_action(window)
    for act in (*window.tag_actions, window.undo_action, window.redo_action):
        window.addAction(act)
    window.preferences_action = a("Pr&eferences…", lambda: show_preferences(window), _preferences_keys(), None,
                                  "OCR when adding, search results shown, automatic backups kept")
    window.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    window.shortcuts_action = a("&Keyboard shortcuts", window.show_shortcuts, "F1", "help")
    window.about_action = a("&About Papertrail", window.show_about)
    window.theme_group = QActionGroup(window)
    window.theme_actions = {}
    for value, label in (("system", "Follow the &system"), ("light", "&Light"), ("dark", "&Dark")):
        act = QAction(label, window, checkable=True)
        act.setData(None)
        act.triggered.connect(lambda _c=False, v=value: window.set_theme(v))
        window.theme_group.addAction(act)
        window.theme_actions[value] = act


def build_menus(window) -> None:
    """The menu bar, from the actions build_actions made."""
    bar = window.menuBar()
    file = bar.addMenu("&File")
    for act in (window.add_docs_action, window.add_folder_action, None, window.drafts.new_action, None,
                window.open_archive_action, window.new_archive_action, None,
                *window.archive_tools.menu_actions(), None, window.quit_action):
        file.addSeparator() if act is None else file.addAction(act)
    edit = bar.addMenu("&Edit")
    for act in (window.undo_action, window.redo_action, None, window.find_action, window.next_hit_action,
                window.previous_hit_action, None,
                window.filter_action, window.details_action, window.reread_action, None,
                window.save_search_action, window.export_action,
                None, window.preferences_action):
        edit.addSeparator() if act is None else edit.addAction(act)
    view = bar.addMenu("&View")
    view.addAction(window.show_library_action)
    view.addAction(window.show_search_action)
    view.addAction(window.show_passages_action)
    view.addAction(window.show_inspector_action)
    view.addAction(window.show_timeline_action)
    view.addAction(window.conversations_action)
    view.addAction(window.questions_action)
    panels = view.addMenu("&Panels")
    for dock in (window.library_dock, window.search_dock, window.passages_dock, window.inspector_dock,
                 window.timeline_dock, window.drafts_dock):
        panels.addAction(dock.toggleViewAction())
    view.addSeparator()
    for act in (window.zoom_in_action, window.zoom_out_action, window.fit_width_action):
        view.addAction(act)
    view.addSeparator()
    theme = view.addMenu("&Theme")
    for act in window.theme_actions.values():
        theme.addAction(act)
    passage = bar.addMenu("&Passage")
    for act in (*window.tag_actions, None, window.delete_passage_action, None, window.threads_action,
                window.parties_action, window.questions_action, window.show_timeline_action):
        passage.addSeparator() if act is None else passage.addAction(act)
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(window.shortcuts_action)
    help_menu.addAction(window.about_action)


def build_toolbar(window) -> None:
    """The main toolbar (window.toolbar), from the actions build_actions made."""
    bar = QToolBar("Main toolbar", window)
    bar.setObjectName("mainToolbar")
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for act in (window.add_docs_action, window.add_folder_action, None, window.find_action,
                window.previous_hit_action, window.next_hit_action, None, window.zoom_out_action,
                window.zoom_in_action, window.fit_width_action):
        bar.addSeparator() if act is None else bar.addAction(act)
    for act, short in ((window.add_docs_action, "Add"), (window.add_folder_action, "Add folder"),
                       (window.find_action, "Search")):
        bar.widgetForAction(act).setText(short)
    for act in (window.previous_hit_action, window.next_hit_action, window.zoom_out_action,
                window.zoom_in_action, window.fit_width_action):
        bar.widgetForAction(act).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    window.toolbar = bar
    window.addToolBar(bar)
