"""The real ofsted spider against a mirror serving the 151 real reports of ../shared/corpus/ofsted.

manifest.csv gives each report's provider, local authority, title, publication date and (for 84
of them) its files.ofsted.gov.uk id; the others get made-up ids. The 24 councils sit among 153
on the search pages, beside a council whose links show the real failure cases.
"""

from __future__ import annotations

import csv
import hashlib
import signal
import time

import pytest
from crawler_cases import FAST, FAST_CLI, LA_COUNT, run_cli
from crawler_servers import FakeOfsted, Provider, Report
from pdfgen import make_pdf

import crawler
from crawler.sites import shown_day
from inspection_index import Catalogue, Config, import_paths
from inspection_index.importer import file_id_from_url

pytestmark = pytest.mark.corpus

FAILING = {  # file id → (behaviour, reason recorded, or None when a retry succeeds)
    "59000001": ("not-found", 'not a PDF: an HTML "Report not found" page (the report was withdrawn)'),
    "59000002": ("404", "HTTP 404 (not found: withdrawn or moved)"),
    "59000003": ("500-once", None),
    "59000004": ("drop-once", None),
}


def manifest_rows(corpus):
    with (corpus / "manifest.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows):
        row["file_id"] = file_id_from_url(row["source_url"]) or str(80000000 + number)
    return rows


@pytest.fixture(scope="module")
def corpus_site(shared_corpus):
    rows = manifest_rows(shared_corpus)
    providers: dict[str, Provider] = {}
    for row in rows:
        provider = providers.setdefault(row["provider_urn"], Provider(row["provider_urn"], row["local_authority"]))
        title = row["title"].rsplit(" - ", 1)[0]
        provider.reports.append(Report(row["file_id"], f"{title}, pdf - {shown_day(row['published'])}", title,
                                       (shared_corpus / row["path"]).read_bytes()))
    not_found = (shared_corpus.parent / "badinput" / "report-not-found.html").read_bytes()
    failing = Provider("99999", "Zzz Failing Council", reports=[
        Report(fid, "Children's services focused visit, pdf - 1 May 2024", "Children's services focused visit",
               not_found if behaviour == "not-found" else make_pdf([f"failing {fid}"]), behaviour)
        for fid, (behaviour, _) in FAILING.items()])
    padding = [Provider(str(98000 + n), f"Padding {n:03d}") for n in range(LA_COUNT - len(providers) - 1)]
    site = FakeOfsted([*providers.values(), failing, *padding])
    yield site, rows
    site.close()


@pytest.fixture(scope="module")
def corpus_crawl(corpus_site, tmp_path_factory):
    site, rows = corpus_site
    config = Config(tmp_path_factory.mktemp("corpus-crawl") / "data")
    mark = site.mark()
    summary = crawler.crawl(config, "ofsted", base_url=site.base_url, settings=FAST)
    return config, summary, site.file_requests(mark)


def test_every_real_report_is_collected_with_its_manifest_metadata(corpus_site, corpus_crawl, shared_corpus):
    _, rows = corpus_site
    config, summary, _ = corpus_crawl
    catalogue = Catalogue(config)
    documents = {d.file_id: d for d in catalogue.documents("ofsted")}
    for row in rows:
        document = documents[row["file_id"]]
        assert document.sha256 == hashlib.sha256((shared_corpus / row["path"]).read_bytes()).hexdigest()
        assert (document.provider_urn, document.local_authority, document.title, document.published, document.kind) == (
            row["provider_urn"], row["local_authority"], row["title"], row["published"], row["kind"]), row["path"]
    assert len(documents) == len(rows) + 2  # and the two that succeeded on retry
    assert (summary.providers_expected, summary.providers_seen, summary.pages_read) == (LA_COUNT,) * 3
    assert (summary.files_new, summary.files_failed) == (len(rows) + 2, 2)
    failures = {f["file_id"]: f["reason"] for f in catalogue.failures("collect")}
    assert failures == {fid: reason for fid, (_, reason) in FAILING.items() if reason}
    catalogue.close()


def test_second_crawl_downloads_nothing(corpus_site, corpus_crawl):
    site, rows = corpus_site
    config = corpus_crawl[0]
    mark = site.mark()
    summary = crawler.crawl(config, "ofsted", base_url=site.base_url, settings=FAST)
    assert site.file_requests(mark) == []
    assert (summary.files_new, summary.files_known, summary.files_dead) == (0, len(rows) + 2, 2)


def test_crawl_after_importing_the_corpus_fetches_no_file_whose_id_it_knows(corpus_site, shared_corpus, config):
    site, rows = corpus_site
    catalogue = Catalogue(config)
    import_paths(catalogue, [shared_corpus])
    catalogue.close()
    mark = site.mark()
    summary = crawler.crawl(config, "ofsted", base_url=site.base_url, settings=FAST)
    fetched = {path.rsplit("/", 1)[-1] for path in site.file_requests(mark)}
    known_ids = {file_id_from_url(row["source_url"]) for row in rows if row["source_url"]}
    assert len(known_ids) == 84 and not fetched & known_ids
    # Files the manifest gave no id for are fetched once, then recognised by their content.
    assert summary.files_new == 2 and summary.files_known == len(rows)


def test_interrupted_corpus_crawl_resumes_without_downloading_again(corpus_site, config):
    site, rows = corpus_site
    mark = site.mark()
    site.file_delay = 0.01
    try:
        cli = run_cli(config.data_dir, "crawl", "ofsted", "--base-url", site.base_url, *FAST_CLI)
        deadline = time.monotonic() + 60
        while len(site.file_requests(mark)) < 40:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        cli.send_signal(signal.SIGINT)
        assert cli.wait(timeout=60) == 130
    finally:
        site.file_delay = 0
    first = site.file_requests(mark)
    second_mark = site.mark()
    summary = crawler.crawl(config, "ofsted", base_url=site.base_url, settings=FAST)
    second = site.file_requests(second_mark)
    assert summary.resumed and 40 <= len(first) < len(rows)
    retried = {f"/v1/file/{fid}" for fid, (behaviour, _) in FAILING.items() if behaviour.endswith("-once")}
    assert not (set(first) & set(second)) - retried
    catalogue = Catalogue(config)
    assert len(catalogue.documents("ofsted")) == len(rows) + 2
    catalogue.close()
