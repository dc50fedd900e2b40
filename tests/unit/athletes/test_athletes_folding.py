from hypothesis import given
from hypothesis import strategies as st

from athletes.folding import fold, nfc, prefix_range, rotation_keys, tokens, words_start
from athletes.ranking import Candidate, Tier, accent_match, rank


def test_full_name_with_diacritics_folds_to_plain_lowercase():
    assert fold("Nguyễn Văn An") == "nguyen van an"


def test_d_with_stroke_folds_to_d_in_both_cases():
    assert fold("Đặng đức") == "dang duc"
    assert fold("ĐẶNG") == fold("đặng") == "dang"


def test_letters_with_two_marks_fold_completely():
    assert fold("Nguyễn Thị Ánh Tuyết Hồng Phượng Ế Ộ") == "nguyen thi anh tuyet hong phuong e o"


def test_decomposed_input_folds_like_composed():
    decomposed = "Nguye\u0302\u0303n"
    assert fold(decomposed) == fold("Nguyễn") == "nguyen"
    assert nfc(decomposed) == "Nguyễn"


def test_punctuation_and_spaces_become_single_separators():
    assert fold("  PC-2026/0001  ") == "pc 2026 0001"


def test_every_rotation_of_a_name_is_a_key():
    assert rotation_keys("Nguyễn Văn An") == [(0, "nguyen van an"), (1, "van an nguyen"), (2, "an nguyen van")]


def test_repeated_rotation_is_kept_once():
    assert [k for _r, k in rotation_keys("An An")] == ["an an"]


def test_prefix_range_holds_exactly_the_keys_starting_with_the_prefix():
    lo, hi = prefix_range("nguyen van")
    keys = ["nguyen thi", "nguyen van", "nguyen van an", "nguyen vanh", "nguyen w", "nguyeo"]
    assert [k for k in keys if lo <= k < hi] == ["nguyen van", "nguyen van an", "nguyen vanh"]


def test_words_start_matches_prefixes_in_any_order():
    assert words_start("nguyen van an", ["an", "nguy"])
    assert not words_start("nguyen van an", ["guyen"])


@given(st.text())
def test_fold_is_idempotent_and_has_no_d_with_stroke(text):
    once = fold(text)
    assert fold(once) == once
    assert "đ" not in once and "Đ" not in once
    assert once == once.strip() and "  " not in once


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ", min_size=1))
def test_upper_and_lower_case_fold_the_same(text):
    assert fold(text.upper()) == fold(text) == fold(text.lower())


@given(st.lists(st.sampled_from(["nguyen", "van", "an", "thi", "dang"]), min_size=1, max_size=5))
def test_each_word_run_of_a_name_is_the_prefix_of_some_key(words):
    name = " ".join(words)
    keys = [k for _r, k in rotation_keys(name)]
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            run = " ".join(words[i:j])
            assert any(k.startswith(run) for k in keys)


def _c(entry_id, label, tier):
    return Candidate(entry_id, "person", entry_id, label, "", fold(label), tier)


def test_exact_name_ranks_before_longer_names_and_runs():
    hits = rank(
        "nguyen van an",
        [_c(1, "Trần Nguyễn Văn An", Tier.RUN), _c(2, "Nguyễn Văn Anh", Tier.STARTS), _c(3, "Nguyễn Văn An", Tier.EXACT)],
        10,
    )
    assert [h.ref_id for h in hits] == [3, 2, 1]


def test_typed_accents_break_a_tie_between_dang_and_dang():
    hits = rank("Đặng", [_c(1, "Dang Van Be", Tier.STARTS), _c(2, "Đặng Văn Bé", Tier.STARTS)], 10)
    assert [h.ref_id for h in hits] == [2, 1]
    assert accent_match("Đặng", "Đặng Văn Bé") and not accent_match("dang", "Đặng Văn Bé")


def test_an_entry_found_twice_counts_once_at_its_best_tier():
    hits = rank("an", [_c(1, "An Nguyễn", Tier.RUN), _c(1, "An Nguyễn", Tier.STARTS)], 10)
    assert len(hits) == 1 and hits[0].tier == Tier.STARTS


def test_tokens_of_empty_or_symbol_only_text_are_empty():
    assert tokens("") == [] and tokens(" -/. ") == []
