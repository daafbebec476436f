"""The URL state of the atlas: read, checked with French messages, written back as permalinks."""

import pytest
from django.http import QueryDict

from terreau.atlas.params import CompareParams, MapChoice, MapParams, ParamsError


def parse(text: str, **options) -> MapParams:
    return MapParams.from_query(QueryDict(text), **options)


def error_of(text: str, cls=MapParams) -> ParamsError:
    with pytest.raises(ParamsError) as caught:
        cls.from_query(QueryDict(text))
    return caught.value


def test_defaults_when_only_the_indicator_is_given():
    params = parse("indicateur=chomage")
    assert params == MapParams(indicator="chomage", level="commune", within="", period=None,
                               method="quantiles", k=5)
    assert params.to_query() == {"indicateur": "chomage", "niveau": "commune"}


def test_every_parameter_is_read():
    params = parse("indicateur=chomage&niveau=iris&dans=commune:37261&periode=2018"
                   "&methode=fisher_jenks&classes=7&palette=RdBu&reference=departement:37"
                   "&symboles=population&seuil=5,12.5&carte=0.69,47.39,9.5")
    assert (params.level, params.within, params.period) == ("iris", "commune:37261", "2018")
    assert (params.method, params.k, params.palette) == ("fisher_jenks", 7, "RdBu")
    assert (params.reference, params.symbols) == ("departement:37", "population")
    assert params.threshold == (5.0, 12.5) and params.extent == (0.69, 47.39, 9.5)


def test_the_permalink_gives_back_the_same_state():
    text = ("indicateur=chomage&niveau=commune&dans=37&periode=2018&methode=manual"
            "&bornes=5,10.5,15&palette=YlGnBu&seuil=8&carte=0.69,47.39,9")
    params = parse(text)
    assert params.method == "manual" and params.breaks == (5.0, 10.5, 15.0)
    assert parse(params.querystring()) == params
    assert "bornes=5%2C10.5%2C15" in params.querystring()


def test_breaks_without_method_mean_manual_breaks():
    assert parse("indicateur=x&bornes=1,2,3").method == "manual"


def test_a_plain_dict_is_read_like_a_query_dict():
    assert MapParams.from_query({"indicateur": "chomage", "classes": "4"}).k == 4
    assert MapParams.from_query({"indicateur": ["a", "chomage"]}).indicator == "chomage"


@pytest.mark.parametrize("text, param, words", [
    ("methode=kmeans", "methode", "méthode inconnue « kmeans »"),
    ("classes=2", "classes", "de 3 à 9"),
    ("classes=10", "classes", "de 3 à 9"),
    ("classes=cinq", "classes", "de 3 à 9"),
    ("methode=manual&bornes=1,deux,3", "bornes", "« deux » n'est pas un nombre"),
    ("bornes=1;5", "bornes", "point"),
    ("bornes=2,nan", "bornes", "n'est pas un nombre"),
    ("bornes=10,5,20", "bornes", "de la plus petite à la plus grande"),
    ("methode=manual", "bornes", "manquant"),
    ("palette=Rainbow", "palette", "palette inconnue « Rainbow »"),
    ("niveau=canton", "niveau", "niveau inconnu « canton »"),
    ("reference=37", "reference", "departement:37"),
    ("seuil=1,2,3", "seuil", "deux"),
    ("seuil=9,3", "seuil", "la plus petite"),
    ("carte=1,2", "carte", "longitude,latitude,zoom"),
    ("carte=400,47,9", "carte", "hors limites"),
    ("indicateur=<script>", "indicateur", "n'est pas un identifiant"),
    ("dans=37 OR 1", "dans", "ne désigne pas un territoire"),
])
def test_bad_values_give_a_french_message_naming_the_parameter(text, param, words):
    error = error_of("indicateur=chomage&" + text)
    assert error.param == param
    assert f"« {param} »" in str(error) and words in str(error)


def test_the_indicator_may_be_required():
    with pytest.raises(ParamsError, match="« indicateur » manquant"):
        parse("niveau=commune", require_indicator=True)
    assert parse("niveau=commune").indicator == ""


def test_compare_reads_repeated_maps_with_shared_classification():
    params = CompareParams.from_query(QueryDict(
        "carte=chomage,commune,37,2018&carte=revenu-median,commune,37,&methode=equal_interval"
        "&classes=4&palette=YlGnBu&vue=1.2,47.3,8"))
    assert params.maps == (MapChoice("chomage", "commune", "37", "2018"),
                           MapChoice("revenu-median", "commune", "37", None))
    second = params.map_params(1)
    assert (second.indicator, second.period, second.method, second.k) == (
        "revenu-median", None, "equal_interval", 4)
    assert params.view == (1.2, 47.3, 8.0)
    assert CompareParams.from_query(QueryDict(params.querystring())) == params


def test_a_map_may_leave_level_territory_and_period_out():
    params = CompareParams.from_query(QueryDict("carte=chomage&carte=chomage,commune,18"))
    assert params.maps[0] == MapChoice("chomage", "commune", "", None)


@pytest.mark.parametrize("text, words", [
    ("methode=quantiles", "« carte » manquant"),
    ("carte=a&carte=b&carte=c&carte=d&carte=e", "au plus 4"),
    ("carte=chomage,commune,37,2018,extra", "n°1"),
    ("carte=chomage,commune&carte=,commune,37", "n°2"),
    ("carte=chomage,quartier,37,", "niveau inconnu"),
    ("carte=chomage&classes=12", "de 3 à 9"),
])
def test_bad_comparisons_give_a_french_message(text, words):
    error = error_of(text, CompareParams)
    assert words in str(error)
