from newspack.extract.quality import signals, stopword_counts, unique_stopword_counts, words_of


def test_signals_of_clean_prose_and_of_a_link_list():
    prose = signals("Regjeringen har lagt fram budsjettet.\n\nDet er en god dag for alle.",
                    "nb", 2, 0)
    links = signals("www.vg.no | www.nrk.no | www.db.no\n\n>> Klikk her <<", "nb", 4, 2)
    assert prose.punct_line_share == 1.0 and links.punct_line_share == 0.0
    assert prose.stopword_share > 0.3 > links.stopword_share
    assert links.symbol_share > prose.symbol_share
    assert links.repeated_line_share == 0.5 and prose.repeated_line_share == 0.0
    assert 3 < prose.mean_word_length < 8


def test_stopword_counts_and_unique_ones():
    words = words_of("Eg veit ikkje kva dei og han seier.")
    assert stopword_counts(words)["nn"] >= 5
    assert unique_stopword_counts(words)["nn"] >= 2 and unique_stopword_counts(words)["nb"] == 0
