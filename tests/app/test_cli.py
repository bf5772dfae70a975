import json
import subprocess
import sys

import pytest

from app.cli import COMMANDS, build_parser, main
from tests.conftest import LETTER, ROOT, make_pdf


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def arch(tmp_path):
    return str(tmp_path / "arch")


@pytest.fixture
def with_letter(tmp_path, arch, capsys):
    pdf = make_pdf(tmp_path / "in" / "letter.pdf", [LETTER])
    code, out, _ = run(capsys, "--archive", arch, "ingest", str(pdf), "--json")
    assert code == 0
    return json.loads(out)["added"][0]["id"]


def test_every_command_has_help(capsys):
    build_parser()
    assert {"ingest", "docs", "show", "edit", "search", "check", "reindex", "tag", "passages", "passage",
            "passage-edit", "untag", "link", "unlink", "parties", "party-alias", "timeline",
            "annotations"} <= set(COMMANDS)
    for name in COMMANDS:
        with pytest.raises(SystemExit) as exc:
            main([name, "--help"])
        assert exc.value.code == 0
        assert "usage:" in capsys.readouterr().out


def test_ingest_json_shape_and_exit_code(tmp_path, arch, capsys):
    good = make_pdf(tmp_path / "in" / "a.pdf", [LETTER])
    bad = tmp_path / "in" / "bad.pdf"
    bad.write_bytes(b"nope")
    code, out, _ = run(capsys, "--archive", arch, "ingest", str(good), str(bad), "--json")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"added", "duplicates", "failed"}
    assert set(data["added"][0]) >= {"id", "file", "title", "date", "senders", "recipients", "kind", "pages",
                                     "ocr_pages", "needs_ocr_pages"}
    assert data["failed"] == [{"file": str(bad), "error": "not a PDF: no PDF header"}]
    code, out, _ = run(capsys, "--archive", arch, "ingest", str(good), "--json")
    assert code == 0 and json.loads(out)["duplicates"][0]["id"] == data["added"][0]["id"]


def test_docs_show_edit_search(arch, with_letter, capsys):
    code, out, _ = run(capsys, "--archive", arch, "docs", "--json")
    [doc] = json.loads(out)
    assert set(doc) >= {"id", "title", "date", "senders", "recipients", "kind", "pages", "file_name", "added_at"}
    code, out, _ = run(capsys, "--archive", arch, "show", with_letter[:8], "--page", "1", "--json")
    assert code == 0 and "impact" in json.loads(out)["text"][0]["text"]
    code, out, _ = run(capsys, "--archive", arch, "edit", with_letter[:8], "--date", "3 May 2021",
                       "--sender", "Privacy Frontline", "--title", "Follow-up on the HRIA")
    assert code == 0
    code, out, _ = run(capsys, "--archive", arch, "search", "assessment from:Frontline", "--json")
    res = json.loads(out)
    assert res["total"] == 1 and res["hits"][0]["date"] == "2021-05-03"
    assert set(res["hits"][0]) >= {"doc_id", "title", "date", "page", "score", "snippet"}
    assert res["hits"][0]["title"] == "Follow-up on the HRIA"


def test_errors_are_one_line_with_exit_codes(arch, with_letter, capsys):
    code, out, err = run(capsys, "--archive", arch, "show", "ffffff00")
    assert code == 1 and err.startswith("error: no document") and err.count("\n") == 1
    code, out, err = run(capsys, "--archive", arch, "search", '"open')
    assert code == 2 and err.startswith("error: unbalanced quotes")
    code, out, err = run(capsys, "--archive", arch, "edit", with_letter[:8], "--date", "31/31/2021")
    assert code == 2 and err.startswith("error:")
    code, out, err = run(capsys, "--archive", arch, "nonsense")
    assert code == 2 and err.startswith("error:")
    code, out, err = run(capsys, "--archive", arch, "show", "abc")
    assert code == 2 and "at least 6" in err


def test_check_and_reindex(arch, with_letter, capsys, tmp_path):
    code, out, _ = run(capsys, "--archive", arch, "check", "--json")
    assert code == 0 and json.loads(out) == {"ok": True, "problems": []}
    import shutil
    shutil.rmtree(tmp_path / "arch" / "index")
    # check opens the archive as every command does: a lost index is rebuilt first, and said so.
    code, out, _ = run(capsys, "--archive", arch, "check", "--json")
    assert code == 0 and json.loads(out) == {"ok": True, "problems": [], "repaired": 1}
    code, out, _ = run(capsys, "--archive", arch, "reindex")
    assert code == 0
    code, out, _ = run(capsys, "--archive", arch, "check")
    assert code == 0


def test_command_line_never_imports_qt(tmp_path):
    code = ("import sys, app.cli; app.cli.main(['--archive', sys.argv[1], 'docs']); "
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'")
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_main_py_runs_as_a_script(tmp_path):
    from archive import Archive
    Archive.open(tmp_path / "a").close()
    proc = subprocess.run([sys.executable, "main.py", "--archive", str(tmp_path / "a"), "docs", "--json"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


READING = [["docs"], ["search", "assessment"], ["show", "abcdef12"], ["parties"], ["passages"], ["threads"],
           ["drafts"], ["timeline", "--format", "json"], ["annotations", "--output", "OUT"], ["check"],
           ["passage", "abcdef12"], ["party-alias", "A", "B"], ["backup"]]


@pytest.mark.parametrize("argv", READING, ids=lambda a: a[0])
def test_reading_a_mistyped_archive_folder_is_an_error_and_creates_nothing(tmp_path, capsys, argv):
    typo = tmp_path / "archvie"
    argv = [str(tmp_path / "out.json") if a == "OUT" else a for a in argv]
    code, out, err = run(capsys, "--archive", str(typo), *argv)
    assert code == 1 and err == f"error: no archive at {typo}: check the path or create one by adding documents\n"
    assert not typo.exists()


def test_adding_commands_create_the_archive(tmp_path, capsys):
    pdf = make_pdf(tmp_path / "in" / "letter.pdf", [LETTER])
    code, _, _ = run(capsys, "--archive", str(tmp_path / "new"), "ingest", str(pdf))
    assert code == 0 and (tmp_path / "new" / "papertrail.db").exists()
    code, out, _ = run(capsys, "--archive", str(tmp_path / "new"), "docs")
    assert code == 0 and len(out.splitlines()) == 1


def test_a_mistyped_file_name_says_the_file_does_not_exist(tmp_path):
    make_pdf(tmp_path / "letter.pdf", [LETTER])
    proc = subprocess.run([sys.executable, "main.py", "--archive", str(tmp_path / "a"), str(tmp_path / "leter.pdf")],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"error: no such file or folder: {tmp_path / 'leter.pdf'};")
    assert proc.stderr.count("\n") == 1 and "invalid choice" not in proc.stderr
    assert not (tmp_path / "a").exists()
    # a mistyped command is still answered with the list of commands
    code = main(["--archive", str(tmp_path / "a"), "serach", "x"])
    assert code == 2


def test_a_search_query_starting_with_minus_gets_advice(arch, with_letter, capsys):
    code, _, err = run(capsys, "--archive", arch, "search", "-impact")
    assert code == 2 and "main.py search -- -draft" in err and err.count("\n") == 1
    code, _, err = run(capsys, "--archive", arch, "search", "assessment", "-impact")
    assert code == 2 and err.startswith("error: unrecognized arguments: -impact; put the whole query in quotes")
    code, out, _ = run(capsys, "--archive", arch, "search", "--", "-impact", "--json")
    assert code == 2    # after --, --json is part of the query too: one more argument than QUERY
    code, out, _ = run(capsys, "--archive", arch, "search", "--json", "--", "-impact")
    assert code == 0 and json.loads(out)["total"] == 0      # the only page says "impact"
    code, out, _ = run(capsys, "--archive", arch, "search", "--json", "--", "-xylophone")
    assert code == 0 and json.loads(out)["total"] == 1
    code, _, err = run(capsys, "--archive", arch, "docs", "--bogus")
    assert err == "error: unrecognized arguments: --bogus (see: main.py --help)\n"
