"""Earlier letters a letter answers ("your letter of 14 February 2020"): archive.correspondence."""
from __future__ import annotations

from archive.correspondence import letter_refs


def test_the_letters_answered_are_read_in_each_language_whatever_the_case():
    text = ("Thank you for YOUR LETTER OF 14 February 2020 and your e-mails dated 2 March 2020. "
            "Hemos recibido su carta del 5 de abril de 2021. Nous avons lu votre courrier du 6 mai 2021.")
    assert letter_refs(text) == ["2020-02-14", "2020-03-02", "2021-04-05", "2021-05-06"]


def test_a_word_that_only_ends_like_the_phrase_is_not_it():
    assert letter_refs("Flavour letter of 14 February 2020; asu carta del 5 de abril de 2021") == []
    assert letter_refs("your letter of 14 February 2020") == ["2020-02-14"]


def test_a_text_whose_lowercase_is_longer_is_read_as_it_is():
    # "İ" lowercases to two characters: the places found must still be the text's own.
    assert letter_refs("İİİ Your letter of 14 February 2020 İ your reply of 3 March 2020") == \
        ["2020-02-14", "2020-03-03"]


def test_only_the_first_pages_are_looked_at():
    assert letter_refs("x " * 4100 + "your letter of 14 February 2020") == []
