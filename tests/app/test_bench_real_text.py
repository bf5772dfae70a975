"""The benchmark corpus with real-language text mixed in (bench/corpus_real.py, corpus.py --real-text)."""
import json
import re

import pymupdf
import pytest

from bench import corpus_real
from bench.corpus import generate_corpus
from tests.conftest import make_pdf

SPANISH = ("Lamentamos que la empresa no haya respondido a nuestra carta del mes pasado sobre el proyecto. "
           "Solicitamos una reunión con la dirección antes de que termine el plazo de consulta previsto.")


def _text(path) -> str:
    with pymupdf.open(path) as doc:
        return " ".join(" ".join(page.get_text() for page in doc).split())


@pytest.fixture
def shared(tmp_path):
    folder = tmp_path / "shared-letters-in"
    make_pdf(folder / "001.pdf", [SPANISH])
    make_pdf(folder / "002.pdf", ["Dear colleagues, we write to ask that the board publish the review in full."])
    (folder / "truth.json").write_text(json.dumps({"001.pdf": {"language": "es"}, "002.pdf": {"language": "en"}}))
    return folder


def test_the_pool_holds_real_prose_from_every_source(shared, tmp_path):
    pool = corpus_real.sentence_pool(shared, tmp_path / "no-licences")
    assert len(pool["en"]) > 500                       # the Python documentation is always there
    assert any(s.startswith("Lamentamos que la empresa") for s in pool["es"])
    assert any("publish the review in full" in s for s in pool["en"])
    for sentence in pool["en"][:300] + pool["es"]:
        assert 6 <= len(sentence.split()) <= 45
        sentence.encode("cp1252")                      # the letter fonts can print it
        assert not re.search(r"[{}\[\]<>=*_|\\#@]", sentence)
    assert corpus_real.sentence_pool(tmp_path / "absent", tmp_path / "absent")["es"] == ()


def test_mixed_letters_carry_real_sentences_and_stay_deterministic(shared, tmp_path):
    mixed = generate_corpus(tmp_path / "a", 5, seed=2, processes=1, real_text=True, shared=shared)
    again = generate_corpus(tmp_path / "b", 5, seed=2, processes=1, real_text=True, shared=shared)
    plain = generate_corpus(tmp_path / "c", 5, seed=2, processes=1, shared=shared)
    pool = corpus_real.sentence_pool(shared)
    assert [p.read_bytes() for p in mixed] == [p.read_bytes() for p in again]
    sentences = [s for found in pool.values() for s in found]
    for path, synthetic in zip(mixed, plain):
        text = _text(path)
        assert any(" ".join(s.split()) in text for s in sentences), path.name
        assert not any(" ".join(s.split()) in _text(synthetic) for s in sentences[:400])
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["real_text"]["shared_letters"] == ["001.pdf", "002.pdf"]
    assert (tmp_path / "a" / "shared-letters" / "001.pdf").read_bytes() == (shared / "001.pdf").read_bytes()
    assert all(entry["real_text_paragraphs"] >= 1 for entry in manifest["letters"])
    assert "real_text" not in json.loads((tmp_path / "c" / "manifest.json").read_text(encoding="utf-8"))


def test_without_the_shared_folder_nothing_is_copied(tmp_path):
    assert corpus_real.shared_letters(tmp_path / "absent") == []
    assert corpus_real.copy_shared_letters(tmp_path / "out", tmp_path / "absent") == []
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not corpus_real.SHARED_LETTERS.is_dir(), reason="../shared/letters is absent")
def test_the_shared_letters_give_sentences_in_their_languages():
    pool = corpus_real.sentence_pool()
    assert len(pool["es"]) >= 20 and len(pool["fr"]) >= 20
    assert len(corpus_real.shared_letters()) >= 40


def test_the_search_benchmark_reports_every_kind_for_a_prebuilt_archive(tmp_path, capsys):
    from app.ingest import ingest
    from archive import Archive
    from bench import bench_archive
    archive = Archive.open(tmp_path / "archive")
    ingest(archive, generate_corpus(tmp_path / "corpus", 3, seed=5, processes=1), ocr=False)
    archive.close()
    found = bench_archive.bench_search(tmp_path / "archive", repeat=1)
    for key in ("by_kind_median_ms", "by_kind_p95_ms", "with_total_by_kind_median_ms", "first_run_by_kind_max_ms"):
        assert set(found[key]) == set(bench_archive.QUERIES)
    assert found["hits"]['"human rights"'] >= 1
    table = bench_archive.search_table({"search": found})
    assert table.splitlines()[2].startswith("| single word |") and table.splitlines()[-1].startswith("| all |")
    assert "| - |" in table                      # no Recoll figures given
    with pytest.raises(SystemExit):
        bench_archive.main(["--archive", str(tmp_path / "nothing"), "--corpus", str(tmp_path / "corpus")])
    assert "no Papertrail archive there" in capsys.readouterr().err
