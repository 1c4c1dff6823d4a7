"""Stopword lists of the main languages of news: the language guess, the stopword density of
a line, and a language-independent test for running text all read them."""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The space-separated words of ``text``: how the word lists here and in the features are
    written."""
    return frozenset(text.split())


#: The most frequent function words of each language (ISO 639-1 code), lowercased.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": word_set(
        "the of and to a in is that for it on was with as he she by at from his her be "
        "are this have has had not but or an they which we you were been their will "
        "would there said who its also more about after than when into one all can if so "
        "our what"
    ),
    "de": word_set(
        "der die das und ist nicht ein eine einen dem den des zu mit von im auf für sich "
        "es auch als an wie bei nach aus wird werden hat sind sie er wir ich aber noch "
        "war oder dass so um über nur zum zur vor"
    ),
    "fr": word_set(
        "le la les de des du et est un une dans pour que qui sur pas par au aux avec ce "
        "cette il elle ils sont ont plus ne se en sa son ses mais ou été être leur nous "
        "vous"
    ),
    "es": word_set(
        "el la los las de del y que en un una es por con para no se su sus al lo como "
        "más pero fue ha han este esta son entre sobre también ya muy sin"
    ),
    "it": word_set(
        "il lo la gli le di del della dei delle e che un una è per con non si da al alla "
        "nel nella sono come più ma anche ha hanno questo questa dopo stato"
    ),
    "pt": word_set(
        "o a os as de do da dos das e que em um uma é para com não se por no na nos nas "
        "ao mais como mas foi ser são tem seu sua ele ela também já"
    ),
    "ru": word_set(
        "и в не на что с по как это он она они к из за от для у о же был была было были "
        "так но бы его ее их до при уже или также который которые"
    ),
    "id": word_set(
        "yang dan di ke dari ini itu dengan untuk tidak ada dalam akan pada juga oleh "
        "karena saya kami mereka sudah atau bisa telah adalah menjadi tersebut"
    ),
    "nl": word_set(
        "de het een en van in is dat op te voor met zijn niet aan er maar ook als bij "
        "door om naar dan nog wordt werd heeft"
    ),
}

#: The stopwords of all those languages.
STOPWORDS_ANY: frozenset[str] = frozenset().union(*STOPWORDS.values())
