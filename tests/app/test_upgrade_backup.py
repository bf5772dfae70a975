from archive import DB_NAME
from archive import db as dbmod

from app.cli import main


def _old_archive(folder):
    """An archive as an older Papertrail left it: only the first migrations applied."""
    folder.mkdir()
    db = dbmod.connect(folder / DB_NAME)
    for version, migration in enumerate(dbmod.MIGRATIONS[:2], start=1):
        migration(db)
        db.execute(f"PRAGMA user_version={version}")
    db.conn.close()


def test_command_line_backs_up_before_upgrading(tmp_path, capsys):
    _old_archive(tmp_path / "old")
    assert main(["--archive", str(tmp_path / "old"), "docs", "--json"]) == 0
    captured = capsys.readouterr()
    assert "Backed up the archive" in captured.err
    backups = list((tmp_path / "old" / "backups").glob("*.zip"))
    assert len(backups) == 1
    # Already upgraded: no second backup.
    assert main(["--archive", str(tmp_path / "old"), "docs"]) == 0
    assert len(list((tmp_path / "old" / "backups").glob("*.zip"))) == 1


def test_new_archive_needs_no_backup(tmp_path):
    assert main(["--archive", str(tmp_path / "new"), "docs"]) == 0
    assert not (tmp_path / "new" / "backups").exists()
