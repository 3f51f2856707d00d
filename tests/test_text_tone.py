from newsroom.text import normalize


def test_tone_moves_only_on_open_oa_oe_uy_syllables():
    assert normalize("Tỉnh uỷ hoà thuỵ khoẻ") == "Tỉnh ủy hòa thụy khỏe"
    # A vowel carrying a second mark is left alone: "hoặc" must never become "họăc".
    for word in ("hoặc", "ngoặt", "hoắc", "hoàn", "quý", "khuya"):
        assert normalize(word) == word
