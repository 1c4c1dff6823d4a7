"""Which lines are prose: the test the rules' zones, the guard and the model's main block read."""

from __future__ import annotations

import pytest

from cleantext.structure import is_prose, is_word_list, kept_layout, layout

WORD_LISTS = [
    # a tag cloud (Portuguese), a flattened menu, an archive's month list
    "adote um amigo agua alerta ambiente amizade atendimento atirador bem-estar biblioteca "
    "caminhada campanha cultura defesa civil economia educação esportes eventos fazenda",
    "Israel Elections Gaza News BDS Antisemitism OMG Health & Science Business & Tech Premium "
    "Green Israel Christian World Opinion Diaspora Middle East Travel",
    "Archives Select Month October 2019 September 2019 January 2019 December 2018 September "
    "2018 August 2018 July 2018 June 2018 May 2018 April 2018",
]

RUNNING_TEXT = [
    # long sentences an article writes without punctuation (from the train pages' gold)
    "I can “dial up” or “dial back” my working hours as needed because I have complete control "
    "over my schedule and my own time and my life",
    "Wish you had tens of thousands of people in your audience — but are intimidated by those "
    "numbers at first and do not know where to start",
    # a punctuated sentence of capitalised words is still a sentence
    "Israel Elections Gaza News BDS Antisemitism OMG Health Science Business Tech Premium Green "
    "Israel Christian World Opinion Diaspora Middle East Travel.",
    # a script the stopword lists do not cover is never judged a word list
    "ข่าว วันนี้ ที่ ผ่าน มา นายกรัฐมนตรี ได้ ประชุม กับ คณะ รัฐมนตรี เพื่อ หารือ เรื่อง งบประมาณ "
    "ประจำ ปี และ แผน พัฒนา เศรษฐกิจ ของ ประเทศ ใน อนาคต",
]


@pytest.mark.parametrize("line", WORD_LISTS)
def test_a_long_word_list_is_not_prose(line: str) -> None:
    assert is_word_list(line)
    assert not is_prose(line)


@pytest.mark.parametrize("line", RUNNING_TEXT)
def test_long_running_text_is_prose(line: str) -> None:
    assert not is_word_list(line)
    assert is_prose(line)


def test_chinese_and_japanese_count_words_by_characters() -> None:
    # No spaces between words: a sentence of 16+ characters of the script is prose, a menu
    # entry or a headline without its full stop is not.
    assert is_prose("そんな用途を考慮してか、Kindleや楽天koboには"
                    "デスクトップアプリが用意されています。")
    assert is_prose("国务院总理今天在北京主持召开国务院常务会议，部署进一步稳就业的措施。")
    assert not is_prose("商品の改造が商標法違反に！？")
    assert not is_prose("国务院总理今天在北京主持召开国务院常务会议部署进一步稳就业的措施")
    assert not is_prose("サイトマップ")


def test_short_lines_are_judged_by_their_end() -> None:
    assert is_prose("The storm knocked out power to thousands of homes.")
    assert not is_prose("The storm knocked out power to thousands of homes")
    assert not is_prose("Storm hits coast.")
    assert not is_word_list("")


def test_kept_layout_counts_only_kept_prose() -> None:
    norm = ["Menu", "A teaser sentence that runs to well over eight words in all.",
            "By Jane Smith", "The article's first sentence runs to more than eight words.",
            "The article's last sentence also runs to more than eight words here.", "Footer"]
    shape = layout(norm)
    assert (shape.first_prose, shape.last_prose) == (1, 4)
    kept = [True, False, True, True, True, True]
    after = kept_layout(norm, shape, kept)
    assert (after.first_prose, after.last_prose) == (3, 4)
    assert after.leading(2) and not shape.leading(2)
    assert kept_layout(norm, shape, [False] * 6).last_prose == -1
