"""``inspection-index search QUERY`` and ``inspection-index track TERM…``: the API's answers on a terminal."""

from __future__ import annotations

import html
import json
import re
import sys

import click

import search

from .. import vocabulary
from .common import config_of

MARK = re.compile(r"<mark>(.*?)</mark>")


def _plain(snippet: str, emphasise: bool) -> str:
    """A snippet's HTML as terminal text: matches in bold on a terminal, in [brackets] otherwise."""
    marked = MARK.sub(lambda m: click.style(m.group(1), bold=True) if emphasise else f"[{m.group(1)}]", snippet)
    return html.unescape(marked)


def _grade(grade: str | None) -> str:
    return vocabulary.GRADE_LABELS.get(grade, grade or "no overall judgement")


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="The API's JSON answer.")
@click.pass_context
def search_command(ctx: click.Context, query: tuple[str, ...], page: int, per_page: int, sort: str,
                   as_json: bool) -> None:
    """Search the indexed reports: words, "exact phrases", AND/OR/NOT, "a b"~5, and filters
    such as judgement:inadequate, la:"Birmingham", year:2014..2017, kind:focused-visit,
    framework:sif, concern:caseload, vacancy_rate:>20.

    Quote the whole query for your shell: inspection-index search '"high caseloads" judgement:inadequate'
    """
    index = search.SearchIndex(config_of(ctx))
    answer = index.search(" ".join(query), page=page, per_page=per_page, sort=sort)
    if as_json:
        click.echo(json.dumps(answer, indent=2))
        return
    emphasise = sys.stdout.isatty()
    click.echo(f"{answer['total']} reports ({answer['passages_total']} passages) for {answer['normalised_query']}"
               f" — page {answer['page']} of {max(answer['pages'], 1)}, corpus version {answer['corpus_version']}")
    for number, hit in enumerate(answer["hits"], start=(page - 1) * per_page + 1):
        judgement = _grade(hit["judgements"].get("overall_effectiveness"))
        others = f" (+{hit['other_passages']} more passages)" if hit["other_passages"] else ""
        click.echo(f"\n{number}. {hit['title']} — {hit['local_authority']}, {hit['published']}, {judgement}")
        click.echo(f"   page {hit['page']}, paragraph {hit['paragraph']}{others}: {hit['url']}")
        click.echo(f"   {_plain(hit['snippet'], emphasise)}")


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


@click.command("track")
@click.argument("terms", nargs=-1, required=True)
@click.option("--by", default="overall_effectiveness", show_default=True,
              help="A judgement key, year, framework, kind, region, or an official figure (quartiles).")
@click.option("--where", default=None, help='Only reports matching this query, e.g. "framework:ilacs".')
@click.option("--json", "as_json", is_flag=True, help="The API's JSON answer.")
@click.pass_context
def track_command(ctx: click.Context, terms: tuple[str, ...], by: str, where: str | None, as_json: bool) -> None:
    """How often reports in each grade mention each TERM, and raise it as a concern.

    A TERM is a lexicon theme (caseload), a word, or a quoted phrase ('"high caseloads"').
    """
    index = search.SearchIndex(config_of(ctx))
    answer = index.track(list(terms), by=by, where=where)
    if as_json:
        click.echo(json.dumps(answer, indent=2))
        return
    click.echo(f"{answer['documents']} reports with a value for {answer['by']}"
               + (f", matching {answer['where']}" if answer["where"] else "")
               + f" — corpus version {answer['corpus_version']}")
    header = f"{'term':<22} {answer['by'][:24]:<24} {'reports':>7} {'mention':>8} {'%':>5} {'concern':>8} {'%':>5} {'per 10k':>8}"
    click.echo("\n" + header)
    for row in answer["rows"]:
        per_10k = "–" if row["mentions_per_10k"] is None else f"{row['mentions_per_10k']:.1f}"
        click.echo(f"{row['term'][:22]:<22} {str(row['value'])[:24]:<24} {row['documents']:>7} {row['mentioning']:>8} "
                   f"{_percent(row['share_mentioning']):>5} {row['concern']:>8} {_percent(row['share_concern']):>5} "
                   f"{per_10k:>8}")
    click.echo("")
    for test in answer["tests"] + answer.get("adjusted_tests", []):
        click.echo(test["sentence"])
    if answer["figures"]:
        click.echo(f"\n{'figure':<26} {answer['by'][:24]:<24} {'n':>4} {'median':>8} {'q1':>8} {'q3':>8}")
        for figure in answer["figures"]:
            numbers = ["–" if figure[k] is None else f"{figure[k]:.1f}" for k in ("median", "q1", "q3")]
            click.echo(f"{figure['measure'][:26]:<26} {str(figure['value'])[:24]:<24} {figure['n']:>4} "
                       f"{numbers[0]:>8} {numbers[1]:>8} {numbers[2]:>8}")
    if answer.get("figure_tests"):
        click.echo("")
        for test in answer["figure_tests"]:
            click.echo(test["sentence"])


command = search_command
