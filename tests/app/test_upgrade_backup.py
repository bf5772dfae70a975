from app.cli import main
from tests.conftest import old_archive


def test_command_line_backs_up_before_upgrading(tmp_path, capsys):
    old_archive(tmp_path / "old")
    assert main(["--archive", str(tmp_path / "old"), "docs", "--json"]) == 0
    captured = capsys.readouterr()
    assert "Backed up the archive" in captured.err
    backups = list((tmp_path / "old" / "backups").glob("*.zip"))
    assert len(backups) == 1
    # Already upgraded: no second backup.
    assert main(["--archive", str(tmp_path / "old"), "docs"]) == 0
    assert len(list((tmp_path / "old" / "backups").glob("*.zip"))) == 1


def test_new_archive_needs_no_backup(tmp_path):
    from tests.conftest import LETTER, make_pdf
    pdf = make_pdf(tmp_path / "in" / "letter.pdf", [LETTER])
    assert main(["--archive", str(tmp_path / "new"), "ingest", str(pdf)]) == 0
    assert not (tmp_path / "new" / "backups").exists()
