"""The FHIR export against the official HL7 FHIR R4 JSON schema (issue 17 item 5:
validation by tools that are not ours). The schema is HL7's own
(tests/data/fhir.schema.json.gz, see tests/data/README.md), checked with the
`jsonschema` package: every Questionnaire, QuestionnaireResponse, CodeSystem,
RiskAssessment and the Bundle that carries them, for every golden vignette, in
English and Spanish, and the Questionnaire on its own in each language.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sciatica_tui.core.engine import assess
from sciatica_tui.core.words import Words
from sciatica_tui.reports.formats import fhir, render

from .test_formats import NAMES, answer_sets

SCHEMA = Path(__file__).parent / "data" / "fhir.schema.json.gz"
SCHEMA_SHA256 = "15b9548af6412c44faaa411456e0652542de286fd1c58ef882b09bdc8947909d"
KINDS = ("Questionnaire", "CodeSystem", "QuestionnaireResponse", "RiskAssessment")


@cache
def _validator(kind: str) -> Any:
    """A draft-06 validator for one resource type of the R4 schema."""
    raw = gzip.decompress(SCHEMA.read_bytes())
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256, "not the vendored R4 schema"
    schema = json.loads(raw)
    root = {**schema, "$ref": f"#/definitions/{kind}"}
    root.pop("oneOf", None)
    root.pop("discriminator", None)
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft6Validator
    return cls(root)


def _errors(kind: str, resource: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"[:300]
            for e in _validator(kind).iter_errors(resource)]


def test_the_vendored_schema_is_hl7_r4():
    schema = json.loads(gzip.decompress(SCHEMA.read_bytes()))
    assert schema["id"] == "http://hl7.org/fhir/json-schema/4.0"
    assert set(KINDS) | {"Bundle"} <= set(schema["definitions"])


def test_the_schema_catches_a_bad_resource():
    """The check can fail: a RiskAssessment with a made-up field and a wrong
    status type, and a Bundle of an unknown type, are rejected."""
    bad = {"resourceType": "RiskAssessment", "status": 3, "subject": {}, "made_up": True}
    assert len(_errors("RiskAssessment", bad)) >= 2
    assert _errors("Bundle", {"resourceType": "Bundle", "type": "heap"})


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", NAMES)
def test_H17b_every_export_validates_against_the_r4_schema(content, monkeypatch, name, lang):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    a = assess(content, answer_sets(content)[name])
    bundle = json.loads(render("fhir", content, a, Words(content, lang)))
    assert _errors("Bundle", bundle) == []
    resources = {e["resource"]["resourceType"]: e["resource"] for e in bundle["entry"]}
    assert set(resources) == set(KINDS)
    for kind in KINDS:
        assert _errors(kind, resources[kind]) == [], kind


@pytest.mark.parametrize("lang", ["en", "es"])
def test_H17b_the_questionnaire_alone_validates(content, lang):
    q = fhir.questionnaire(content, Words(content, lang))
    assert _errors("Questionnaire", q) == []
    assert _errors("CodeSystem", fhir.code_system(content)) == []
