"""The web app's Evidence page: the map whose cells link to an intervention's sections and
sentences, each sentence linking to its PDF page; its JSON twin in the CLI's shapes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from conftest import REPORTS
from starlette.testclient import TestClient

from evalcatalog import Catalog, IngestOptions
from evalcatalog.cli import cli
from evalcatalog.web.app import create_app


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("evidence-web") / "catalog.db")
    with Catalog(path) as catalog:
        catalog.ingest([str(REPORTS)], IngestOptions(jobs=2))
    return path


@pytest.fixture(scope="module")
def client(catalogue: str) -> Iterator[TestClient]:
    with TestClient(create_app(catalogue)) as test_client:
        yield test_client


def cli_json(catalogue: str, *args: str) -> object:
    result = CliRunner().invoke(cli, ["evidence", "--db", catalogue, "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_map_links_each_cell_to_the_interventions_evidence(client: TestClient) -> None:
    page = client.get("/evidence")
    assert page.status_code == 200
    assert 'aria-current="page">Evidence</a>' in page.text
    cells = re.findall(r'<td><a href="/evidence\?intervention=([^"#]+)#dimension-(\d)">'
                       r"([^<]+)</a></td>", page.text)  # fmt: skip
    assert len(cells) == 9 * 5
    assert cells[:5] == [("DIVERT", "1", "2 (15 pp.)"), ("DIVERT", "2", "2 (13 pp.)"),
                         ("DIVERT", "3", "2 (16 pp.)"), ("DIVERT", "4", "2 (15 pp.)"),
                         ("DIVERT", "5", "2 (8 pp.)")]  # fmt: skip


def test_an_interventions_sentences_link_to_their_pdf_pages(client: TestClient) -> None:
    page = client.get("/evidence", params={"intervention": "divert", "sentences": "2"})
    assert page.status_code == 200
    cost = page.text.split('id="dimension-5"', 1)[1]
    assert "5. Cost effectiveness</bdi></a>, pp. 39\u201345" in cost
    links = re.findall(r'href="/reports/([0-9a-z]+)/pdf#page=(\d+)"', cost)
    assert [page for _, page in links] == ["39", "39"]
    assert "A break-even analysis suggested that DIVERT would need to prevent around 6" in cost


def test_the_json_twin_has_the_clis_shapes(client: TestClient, catalogue: str) -> None:
    assert client.get("/evidence.json").json() == cli_json(catalogue)
    detail = client.get("/evidence.json", params={"intervention": "cirv", "theme": "serious"})
    assert detail.json() == cli_json(catalogue, "--intervention", "cirv", "--theme", "serious")


def test_bad_requests_are_pages_in_the_sites_style(client: TestClient) -> None:
    unknown = client.get("/evidence", params={"intervention": "nonsense"})
    assert unknown.status_code == 400
    assert "No intervention called &#39;nonsense&#39;" in unknown.text
    two = client.get("/evidence", params=[("intervention", "divert"), ("intervention", "cirv")])
    assert two.status_code == 400
    many = client.get("/evidence.json", params={"sentences": "999"})
    assert many.status_code == 400 and "sentences" in many.json()["error"]
