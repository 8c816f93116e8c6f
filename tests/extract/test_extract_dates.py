"""Every date format in report-formats.md (and the ones met in the corpus), on synthetic text."""

import pytest

from extract.dates import parse_date, parse_visits
from extract.metadata import detect_dates

CASES = [
    ("2 July 2014 – 23 July 2014", [("2014-07-02", "2014-07-23")]),
    ("3 June – 25 June 2014", [("2014-06-03", "2014-06-25")]),
    ("18 Feb 2014 – 12 March 2014", [("2014-02-18", "2014-03-12")]),
    ("28 January–5 February 2014", [("2014-01-28", "2014-02-05")]),
    ("24 November 2015 - 17 December 2015", [("2015-11-24", "2015-12-17")]),
    ("19 November – 11 December 2013", [("2013-11-19", "2013-12-11")]),
    ("18 March 2014 – 09 April 2014", [("2014-03-18", "2014-04-09")]),
    ("9–24 November 2017", [("2017-11-09", "2017-11-24")]),
    ("9—24 November 2017", [("2017-11-09", "2017-11-24")]),
    ("9 ‒ 24 November 2017", [("2017-11-09", "2017-11-24")]),
    ("9 − 24 November 2017", [("2017-11-09", "2017-11-24")]),
    ("3 to 14 October 2022", [("2022-10-03", "2022-10-14")]),
    ("17 March to 21 March 2025", [("2025-03-17", "2025-03-21")]),
    ("19 November 2018 to 30 November 2018", [("2018-11-19", "2018-11-30")]),
    ("6 November 2017 to 30 November 2017", [("2017-11-06", "2017-11-30")]),
    ("1 and 2 October 2019", [("2019-10-01", "2019-10-02")]),
    ("31 January and 1 February 2023", [("2023-01-31", "2023-02-01")]),
    ("the 15 and 16 of May 2018", [("2018-05-15", "2018-05-16")]),
    ("20 October and 22 October 2020", [("2020-10-20", "2020-10-22")]),
    ("20 and 22 October 2020", [("2020-10-20", "2020-10-22")]),
    ("from 13 November 2023 to 17 November 2023", [("2023-11-13", "2023-11-17")]),
    ("15 December 2020", [("2020-12-15", "2020-12-15")]),
    ("1st to 3rd Sept 2015", [("2015-09-01", "2015-09-03")]),
    ("2nd – 23rd July 2014", [("2014-07-02", "2014-07-23")]),
    ("02/07/2014 to 23/07/2014", [("2014-07-02", "2014-07-23")]),
    ("28 December 2014 to 8 January 2015", [("2014-12-28", "2015-01-08")]),
    ("28 December to 8 January 2015", [("2014-12-28", "2015-01-08")]),
    ("30 September to 11 October 2024 and 13 to 16 January 2025",
     [("2024-09-30", "2024-10-11"), ("2025-01-13", "2025-01-16")]),
    ("9 to 13 June 2025 and 7 to 11 July 2025", [("2025-06-09", "2025-06-13"), ("2025-07-07", "2025-07-11")]),
    ("1 to 5 December 2025 until 9 December 2025", [("2025-12-01", "2025-12-09")]),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[case[0] for case in CASES])
def test_date_formats(text, expected):
    assert parse_visits(text) == expected


def test_missing_year_comes_from_the_letter_date():
    assert parse_visits("30 and 31 January", reference="2018-02-22") == [("2018-01-30", "2018-01-31")]
    # A December visit in a January letter belongs to the year before.
    assert parse_visits("30 and 31 December", reference="2019-01-22") == [("2018-12-30", "2018-12-31")]


def test_nothing_readable_is_empty_not_a_guess():
    assert parse_visits("during the summer") == []
    assert parse_visits("31 February 2020") == []


def test_single_dates():
    assert parse_date("Report published: 8 September 2014") == "2014-09-08"
    assert parse_date("08/09/2014") == "2014-09-08"
    assert parse_date("no date here") is None


@pytest.mark.parametrize("lines, expected", [
    (["Inspection dates: 27 January to 7 February 2025"], [("2025-01-27", "2025-02-07")]),
    (["Inspection date: 2 July 2014 – 23 July 2014"], [("2014-07-02", "2014-07-23")]),
    (["Inspection dates: 30 September to 11 October 2024 and 13 to", "16 January 2025"],
     [("2024-09-30", "2024-10-11"), ("2025-01-13", "2025-01-16")]),
    (["This letter summarises the findings of a focused visit to Slough children’s services on",
      "13 October 2020. The visit was carried out by inspectors."], [("2020-10-13", "2020-10-13")]),
    (["This inspection took place from 18 to 22 November 2024. It was carried out by"],
     [("2024-11-18", "2024-11-22")]),
    (["Between 27 February and 3 March 2017, Ofsted, the Care Quality Commission"],
     [("2017-02-27", "2017-03-03")]),
    (["findings of a focused visit to Newham children’s services between 20 October and",
      "22 October 2020. The inspectors were"], [("2020-10-20", "2020-10-22")]),
], ids=["ilacs", "sif", "split-visit-wrapped", "focused-visit-one-day", "jtai-took-place", "jtai-between",
        "focused-visit-between"])
def test_dates_found_in_page_text(lines, expected):
    assert detect_dates([lines], "other", None) == expected


def test_numeric_dates_in_every_month():
    assert parse_visits("01/10/2019 to 02/10/2019") == [("2019-10-01", "2019-10-02")]
    assert parse_visits("Inspection dates: 12/03/2019 to 13/03/2019 Overall experiences and progress") == [
        ("2019-03-12", "2019-03-13")]
    assert parse_visits("30/12/2019") == [("2019-12-30", "2019-12-30")]
