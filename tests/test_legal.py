"""Tests of sistercity.legal: rules as data, fired and kept silent on hand-made cases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from sistercity import Case, CaseTables, CaseValidationError, datasets, legal
from sistercity.legal import FINDING_COLUMNS, RuleSet, check, load_rules, loads_rules, read_rules

CITY = dict(id="city", name="Kota A", level="subnational", kind="government", country="ID")
SHI = dict(id="shi", name="A-shi", level="subnational", kind="government", country="JP")
KEMLU = dict(id="kemlu", name="Kementerian Luar Negeri", level="national", kind="ministry", country="ID")
CONSULT = dict(id="consult", date="2016-10", kind="consultation", title="Consultation with Kemlu",
               participants=["city", "kemlu"])
KEMENDAGRI = dict(id="kemendagri", name="Kementerian Dalam Negeri", level="national", kind="ministry", country="ID")
APPROVE = dict(id="approve", date="2016-11", kind="other", title="Approval by Kemendagri",
               participants=["city", "kemendagri"])
APPROVAL_RULES = ("central-approval", "dprd-approval")
CORE = load_rules("ID").drop(*APPROVAL_RULES)
"""The bundled rules without the approval duties, for tests of the other rules (the hand-made case
records no approval)."""


def make_case(
    *,
    sectors: tuple[str, ...] = (),
    commitments: tuple[tuple[str, str], ...] = (("c1", "culture"),),
    events: tuple[dict[str, Any], ...] = (CONSULT, APPROVE),
    actors: tuple[dict[str, Any], ...] = (CITY, SHI, KEMLU, KEMENDAGRI),
    parties: tuple[str, str] = ("city", "shi"),
    signed: str | None = "2016-11-18",
) -> Case:
    agreement: dict[str, Any] = dict(id="mou", kind="mou", parties=list(parties), sectors=list(sectors),
                                     open_sectors=True)
    if signed is not None:
        agreement["signed"] = signed
    return Case(
        id="t", title="T", actors=list(actors), agreements=[agreement],
        commitments=[dict(id=cid, agreement="mou", sector=s, title=cid) for cid, s in commitments],
        events=list(events),
    )


def rules_of(findings: pd.DataFrame) -> list[tuple[str, str, str | None]]:
    """(rule, record, commitment or else sector or else None) of each finding."""
    out = []
    for r in findings.itertuples():
        what = next((v for v in (r.commitment, r.sector) if isinstance(v, str)), None)
        out.append((r.rule, r.record, what))
    return out


# --------------------------------------------------------------------------- bundled rules


def test_bundled_jurisdictions() -> None:
    assert legal.available_jurisdictions() == ["ID"]
    rs = load_rules("ID")
    assert rs.jurisdiction == "ID" and rs.name == "Indonesia"
    assert [r.id for r in rs.rules] == ["reserved-affairs", "permitted-fields", "duty-to-consult",
                                        "central-approval", "dprd-approval"]
    assert {s.id for s in rs.sources} == {
        "uu-37-1999", "uu-24-2000", "uu-32-2004", "uu-23-2014", "permenlu-9-2006", "se-mendagri-193-1993",
        "pp-28-2018", "permendagri-25-2020"}


def test_bundled_rules_content() -> None:
    rs = load_rules("id")
    reserved = rs.rule("reserved-affairs")
    assert set(reserved.sectors) == {"foreign_policy", "security_defence", "justice", "monetary_fiscal", "religion"}
    assert reserved.severity == "high"
    assert rs.citation(reserved) == "UU No. 23/2014 art. 10(1); UU No. 32/2004 art. 10(3)"
    permitted = rs.rule("permitted-fields")
    assert [f.id for f in permitted.fields] == ["a", "b", "c", "d"]
    assert permitted.severity == "low" and permitted.scope.partner == "foreign_subnational"
    assert rs.citation(permitted) == "UU No. 23/2014 art. 363(2)(c), 367(1)"
    consult = rs.rule("duty-to-consult")
    assert consult.event_kinds == ("consultation",) and consult.consult_levels == ("national",)
    assert rs.citation(consult).startswith("UU No. 24/2000 art. 5(1)")


def test_unknown_jurisdiction() -> None:
    with pytest.raises(ValueError, match="no bundled rules for jurisdiction 'JP'; bundled: ID"):
        load_rules("JP")


def test_rules_table() -> None:
    df = load_rules("ID").to_frame()
    assert list(df.columns) == ["rule", "kind", "title", "severity", "scope", "sectors", "source", "note",
                                "verified", "verification"]
    assert list(df["severity"]) == ["high", "low", "medium", "medium", "medium"]
    assert df["verified"].dtype == bool
    assert (df.loc[~df["verified"], "verification"].str.len() > 0).all()


# --------------------------------------------------------------------------- silent and firing


def test_clean_case_gives_no_finding() -> None:
    f = check(make_case(sectors=("culture", "education"), commitments=(("c1", "culture"), ("c2", "education"))),
              jurisdiction="ID")
    assert f.empty
    assert list(f.columns) == list(FINDING_COLUMNS)


def test_defence_commitment_fires_reserved_affairs() -> None:
    f = check(make_case(commitments=(("drill", "defence"),)), jurisdiction="ID")
    assert len(f) == 1
    row = f.iloc[0]
    assert (row["rule"], row["kind"], row["severity"], row["record"]) == (
        "reserved-affairs", "reserved_sectors", "high", "commitment")
    assert (row["agreement"], row["commitment"], row["sector"]) == ("mou", "drill", "security_defence")
    assert row["source"] == "UU No. 23/2014 art. 10(1); UU No. 32/2004 art. 10(3)"
    assert row["jurisdiction"] == "ID"
    assert "reserved to the central government" in row["message"]


@pytest.mark.parametrize("sector", ["foreign_policy", "keamanan", "yustisi", "moneter", "agama"])
def test_every_reserved_affair_fires_on_agreement(sector: str) -> None:
    f = check(make_case(sectors=(sector,), commitments=()), jurisdiction="ID")
    assert rules_of(f) == [("reserved-affairs", "agreement", f.iloc[0]["sector"])]
    assert pd.isna(f.iloc[0]["commitment"])


def test_reserved_not_reported_twice_by_permitted() -> None:
    f = check(make_case(commitments=(("drill", "defence"),)), jurisdiction="ID")
    assert "permitted-fields" not in set(f["rule"])


def test_unlisted_field_is_low() -> None:
    f = check(make_case(sectors=("agriculture",), commitments=(("farm", "agriculture"),)), jurisdiction="ID")
    assert rules_of(f) == [("permitted-fields", "agreement", "agriculture"),
                           ("permitted-fields", "commitment", "farm")]
    assert set(f["severity"]) == {"low"}
    assert "allowed only as other cooperation not contrary to the law" in f.iloc[0]["message"]
    assert f.iloc[0]["source"] == "UU No. 23/2014 art. 363(2)(c), 367(1)"


def test_permitted_fields_only_with_a_foreign_local_government() -> None:
    company = dict(id="corp", name="Corp KK", level="nonstate", kind="company", country="JP")
    f = check(make_case(actors=(CITY, company, KEMLU, KEMENDAGRI), parties=("city", "corp"),
                        commitments=(("farm", "agriculture"),)), jurisdiction="ID")
    assert f.empty  # consulted, and a company is no regional government abroad


def test_rules_need_a_subnational_actor_of_the_jurisdiction() -> None:
    other = dict(id="other", name="B-shi", level="subnational", kind="government", country="JP")
    f = check(make_case(actors=(SHI, other, KEMLU), parties=("shi", "other"), events=(),
                        commitments=(("drill", "defence"),)), jurisdiction="ID")
    assert f.empty


def test_reserved_applies_to_domestic_cooperation() -> None:
    other = dict(id="other", name="Kota B", level="subnational", kind="government", country="ID")
    f = check(make_case(actors=(CITY, other), parties=("city", "other"), events=(),
                        commitments=(("drill", "defence"),)), jurisdiction="ID")
    assert rules_of(f) == [("reserved-affairs", "commitment", "drill")]  # no duty to consult at home


# --------------------------------------------------------------------------- duty to consult


def test_no_consultation_is_absence_of_evidence() -> None:
    f = check(make_case(events=()), rules=CORE)
    assert rules_of(f) == [("duty-to-consult", "agreement", None)]
    row = f.iloc[0]
    assert (row["rule"], row["severity"], row["agreement"]) == ("duty-to-consult", "medium", "mou")
    assert pd.isna(row["commitment"]) and pd.isna(row["sector"])
    assert row["message"].startswith("no consultation with a national actor of Indonesia is recorded")
    assert "absence of evidence" in row["message"]
    assert row["source"].startswith("UU No. 24/2000 art. 5(1)")


def test_consultation_after_signing_does_not_count() -> None:
    late = {**CONSULT, "date": "2016-12-01"}
    assert list(check(make_case(events=(late,)), rules=CORE)["rule"]) == ["duty-to-consult"]


def test_consultation_on_the_signing_day_counts() -> None:
    same = {**CONSULT, "date": "2016-11-18"}
    assert check(make_case(events=(same,)), rules=CORE).empty


def test_consultation_in_the_signing_month_counts() -> None:
    # known only to the month: it may have been before the signing
    month = {**CONSULT, "date": "2016-11"}
    assert check(make_case(events=(month,)), rules=CORE).empty


def test_consultation_needs_a_national_actor_of_the_jurisdiction() -> None:
    gaimusho = dict(id="mofa-jp", name="MOFA Japan", level="national", kind="ministry", country="JP")
    foreign = {**CONSULT, "participants": ["city", "mofa-jp"]}
    local = {**CONSULT, "participants": ["city"]}
    for ev in (foreign, local):
        f = check(make_case(actors=(CITY, SHI, KEMLU, gaimusho), events=(ev,)), rules=CORE)
        assert list(f["rule"]) == ["duty-to-consult"]


def test_consultation_must_be_of_kind_consultation() -> None:
    meeting = {**CONSULT, "kind": "meeting"}
    f = check(make_case(events=(meeting,)), rules=CORE)
    assert list(f["rule"]) == ["duty-to-consult"]
    assert "national actors of ID are recorded by then only at: meeting 'consult' (2016-10)" in f.iloc[0]["message"]


def test_consultation_for_another_agreement_does_not_count() -> None:
    case = make_case()
    data = case.to_dict()
    data["agreements"].append(dict(id="other", kind="mou", parties=["city", "shi"], signed="2017"))
    data["events"][0]["agreement"] = "other"
    f = check(Case.model_validate(data), rules=CORE)
    assert rules_of(f) == [("duty-to-consult", "agreement", None)]
    assert f.iloc[0]["agreement"] == "mou"


def test_undated_agreement_any_consultation_counts() -> None:
    assert check(make_case(signed=None), rules=CORE).empty
    f = check(make_case(signed=None, events=()), rules=CORE)
    assert "(an unknown date)" in f.iloc[0]["message"]


# --------------------------------------------------------------------------- the bundled case


def test_bundled_case_findings() -> None:
    f = check(datasets.load("bogor-kisarazu"), jurisdiction="ID")
    assert list(f.columns) == list(FINDING_COLUMNS)
    # the sources record no consultation with the foreign minister before the LoI
    consult = f[f["rule"] == "duty-to-consult"]
    assert len(consult) == 1
    row = consult.iloc[0]
    assert (row["severity"], row["record"], row["agreement"]) == ("medium", "agreement", "loi-2016")
    assert "no consultation with a national actor of Indonesia is recorded" in row["message"]
    assert "(2016-11-18)" in row["message"]
    # the signing at the embassy is recorded, and is not a consultation
    assert "signing 'loi-signing' (2016-11-18)" in row["message"]
    # no affair reserved to the central government
    assert "reserved-affairs" not in set(f["rule"])
    # sectors outside fields a-d: allowed only if not contrary to law
    low = f[f["rule"] == "permitted-fields"]
    assert set(low["severity"]) == {"low"}
    assert set(low.loc[low["record"] == "agreement", "sector"]) == {"agriculture", "health"}
    assert {"blueberry", "eel", "health-workers"} <= set(low["commitment"].dropna())
    assert "student-exchange" not in set(low["commitment"].dropna())
    # highest severity first
    assert f.iloc[0]["rule"] == "duty-to-consult"


@pytest.mark.parametrize("name", ["bandung-suwon", "baubau-seoul", "surabaya-kochi"])
def test_other_bundled_cases_run(name: str) -> None:
    f = check(datasets.load(name), jurisdiction="ID")
    assert list(f.columns) == list(FINDING_COLUMNS)


def test_runs_on_tables_from_frames() -> None:
    tables = CaseTables.from_frames(
        actors=pd.DataFrame({"actor": ["city", "shi"], "level": ["subnational", "subnational"],
                             "country": ["ID", "JP"], "governmental": [True, True]}),
        agreements=pd.DataFrame({"agreement": ["mou"], "kind": ["memorandum_of_understanding"],
                                 "signed": ["2016-11-18"], "start": ["2016-11-18"]}),
        agreement_parties=pd.DataFrame({"agreement": ["mou", "mou"], "actor": ["city", "shi"]}),
        commitments=pd.DataFrame({"commitment": ["drill"], "agreement": ["mou"], "sector": ["pertahanan"]}),
    )
    assert rules_of(check(tables, rules=CORE)) == [
        ("reserved-affairs", "commitment", "drill"), ("duty-to-consult", "agreement", None)]
    farm = CaseTables.from_frames(**{name: getattr(tables, name) for name in
                                     ("actors", "agreements", "agreement_parties")},
                                  commitments=pd.DataFrame({"commitment": ["farm"], "agreement": ["mou"],
                                                            "sector": ["agriculture"]}))
    assert ("permitted-fields", "commitment", "farm") in rules_of(check(farm, rules=CORE))


# --------------------------------------------------------------------------- arguments


def test_needs_jurisdiction_or_rules() -> None:
    with pytest.raises(ValueError, match="give jurisdiction="):
        check(make_case())
    with pytest.raises(ValueError, match="but the rules are for 'ID'"):
        check(make_case(), jurisdiction="JP", rules=load_rules("ID"))
    with pytest.raises(TypeError, match="RuleSet"):
        check(make_case(), rules="ID")  # type: ignore[arg-type]


def test_rules_argument_and_drop() -> None:
    case = make_case(events=(), commitments=(("farm", "agriculture"),))
    assert set(check(case, jurisdiction="ID")["rule"]) == {"duty-to-consult", "permitted-fields", "central-approval"}
    only = load_rules("ID").drop("permitted-fields", *APPROVAL_RULES)
    assert set(check(case, rules=only)["rule"]) == {"duty-to-consult"}
    with pytest.raises(KeyError, match="no rule with id 'nope'"):
        load_rules("ID").drop("nope")


# --------------------------------------------------------------------------- user rule files


USER_RULES = """\
extends: ID
sources:
  - id: perda
    citation: Perda Kota A No. 1/2020
    title: Kerja sama daerah (a made-up local regulation)
rules:
  - id: no-agriculture
    kind: reserved_sectors
    title: Agriculture is the province's
    severity: medium
    sectors: [pertanian]
    basis: [{source: perda, article: art. 2}]
    message: "{subject} {sector_label} -- see {rule}"
disable: [permitted-fields, central-approval, dprd-approval]
"""


def test_read_user_rules_extending_bundled(tmp_path: Path) -> None:
    p = tmp_path / "mine.yaml"
    p.write_text(USER_RULES, encoding="utf-8")
    rs = read_rules(p)
    assert rs.jurisdiction == "ID" and rs.extends == "ID"
    assert [r.id for r in rs.rules] == ["reserved-affairs", "duty-to-consult", "no-agriculture"]
    f = check(make_case(commitments=(("farm", "agriculture"),)), rules=rs)
    assert rules_of(f) == [("no-agriculture", "commitment", "farm")]
    assert f.iloc[0]["message"] == (
        "commitment 'farm' of agreement 'mou' is in the sector agriculture -- see no-agriculture")
    assert f.iloc[0]["source"] == "Perda Kota A No. 1/2020 art. 2"


def test_user_rule_replaces_inherited_by_id() -> None:
    rs = loads_rules("""\
extends: ID
rules:
  - id: duty-to-consult
    kind: consultation
    title: Consult any national body, meetings count
    severity: low
    event_kinds: [consultation, meeting]
    basis: [{source: uu-24-2000, article: art. 5(1)}]
""")
    assert [r.id for r in rs.rules] == ["reserved-affairs", "permitted-fields", "duty-to-consult",
                                        "central-approval", "dprd-approval"]
    assert rs.rule("duty-to-consult").severity == "low"
    meeting = {**CONSULT, "kind": "meeting"}
    assert check(make_case(events=(meeting,)), rules=rs.drop(*APPROVAL_RULES)).empty


def test_standalone_rule_file(tmp_path: Path) -> None:
    p = tmp_path / "jp.yaml"
    p.write_text("""\
jurisdiction: jp
name: Japan (illustration)
sources: [{id: law, citation: Local Autonomy Act, title: Chihō Jichi Hō}]
rules:
  - id: no-defence
    kind: reserved_sectors
    title: Defence is national
    severity: high
    sectors: [defence]
    basis: [{source: law}]
""", encoding="utf-8")
    rs = read_rules(p)
    assert rs.jurisdiction == "JP"
    f = check(make_case(commitments=(("drill", "defence"),)), rules=rs)
    assert rules_of(f) == [("no-defence", "commitment", "drill")]  # Japanese city A-shi is of JP
    assert f.iloc[0]["source"] == "Local Autonomy Act"


def _problems(text: str, tmp_path: Path) -> list[str]:
    p = tmp_path / "bad.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(CaseValidationError) as info:
        read_rules(p)
    return [str(x).replace(str(p), "bad.yaml") for x in info.value.problems]


def test_errors_name_file_field_and_line(tmp_path: Path) -> None:
    problems = _problems("""\
jurisdiction: ID
sources: [{id: s, citation: S, title: S}]
rules:
  - id: r1
    kind: reserved_sectors
    title: T
    severity: grave
    sectors: [defence, warfare]
    basis: [{source: s}]
  - id: r1
    kind: consultation
    title: T
    severity: low
    event_kinds: [consultation]
    basis: [{source: nowhere}]
    colour: red
""", tmp_path)
    joined = "\n".join(problems)
    assert "bad.yaml:7:15: rules[0].severity: got 'grave'; expected one of 'high', 'medium' or 'low'" in joined
    assert "bad.yaml:16:5: rules[1].colour: unknown field 'colour' (did you mean 'scope'?)" in joined or (
        "bad.yaml:16:5: rules[1].colour: unknown field 'colour'" in joined)
    # the cross-record checks (sectors, ids, sources) wait until every field is well typed
    assert "warfare" not in joined


def test_errors_cross_references(tmp_path: Path) -> None:
    problems = _problems("""\
jurisdiction: ID
sources: [{id: s, citation: S, title: S}]
rules:
  - id: r1
    kind: reserved_sectors
    title: T
    severity: high
    sectors: [defense, warfair]
    basis: [{source: s}]
  - id: r1
    kind: consultation
    title: T
    severity: low
    event_kinds: [consultation]
    basis: [{source: nowhere}]
""", tmp_path)
    assert problems == [
        "bad.yaml:8:24: rules[0].sectors[1]: unknown sector 'warfair'; expected a "
        "built-in sector or one listed under extra_sectors",
        "bad.yaml:10:9: rules[1].id: duplicate rule id 'r1'",
        "bad.yaml:15:22: rules[1].basis[0].source: no source with id 'nowhere' (sources: s); list it under 'sources'",
    ]


def test_message_template_is_checked(tmp_path: Path) -> None:
    problems = _problems("""\
jurisdiction: ID
sources: [{id: s, citation: S, title: S}]
rules:
  - id: r1
    kind: consultation
    title: T
    severity: low
    event_kinds: [consultation]
    basis: [{source: s}]
    message: "{agreement} {secret.__class__} {sector!r}"
""", tmp_path)
    assert problems[0].startswith("bad.yaml:10:14: rules[0].message: unknown placeholder {secret.__class__}")
    assert problems[1] == "bad.yaml:10:14: rules[0].message: placeholder {sector} takes no format spec or conversion"


def test_kind_specific_fields(tmp_path: Path) -> None:
    problems = _problems("""\
jurisdiction: ID
sources: [{id: s, citation: S, title: S}]
rules:
  - id: r1
    kind: permitted_sectors
    title: T
    severity: low
    sectors: [culture]
    basis: [{source: s}]
""", tmp_path)
    joined = "\n".join(problems)
    assert "rules[0].fields: a permitted_sectors rule needs at least one entry under 'fields'" in joined
    assert "rules[0].sectors: 'sectors' is not read by a permitted_sectors rule" in joined


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("- a\n- b\n", "bad.yaml:1:1: the top level is a list; expected a mapping with 'jurisdiction' and 'rules'"),
        ("extends: XX\n", "bad.yaml:1:10: extends: no bundled rules for jurisdiction 'XX'"),
        ("name: only a name\n", "jurisdiction: required field 'jurisdiction' is missing"),
        ("jurisdiction: ID\ndisable: [x]\n", "'disable' needs 'extends'"),
        ("extends: ID\ndisable: [x]\n", "no inherited rule 'x'"),
        ("jurisdiction: ID\nrules: [\n", "YAML syntax"),
        ("jurisdiction: ID\njurisdiction: JP\n", "duplicate key 'jurisdiction'"),
    ],
)
def test_file_level_errors(text: str, message: str, tmp_path: Path) -> None:
    assert any(message in p for p in _problems(text, tmp_path)), _problems(text, tmp_path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CaseValidationError, match="cannot read the file"):
        read_rules(tmp_path / "none.yaml")


def test_ruleset_in_python() -> None:
    rs = load_rules("ID")
    extra = RuleSet(
        jurisdiction="ID",
        sources=[dict(id="perda", citation="Perda X", title="Perda X")],
        rules=[dict(id="no-health", kind="reserved_sectors", title="No health", severity="low",
                    sectors=["kesehatan"], basis=[dict(source="perda")])],
    )
    merged = rs.merge(extra)
    assert [r.id for r in merged.rules][-1] == "no-health"
    assert merged.rule("no-health").sectors == ("health",)
    with pytest.raises(CaseValidationError, match="no source with id 'nowhere'"):
        RuleSet(jurisdiction="ID", rules=[dict(id="r", kind="reserved_sectors", title="T", severity="low",
                                               sectors=["health"], basis=[dict(source="nowhere")])])


# --------------------------------------------------------------------------- verification status (issue 10 item 7)


def test_unverified_rule_needs_a_note_and_is_carried_to_findings() -> None:
    with pytest.raises(CaseValidationError, match="needs a 'verification' note"):
        loads_rules("extends: ID\nrules:\n  - id: x\n    kind: reserved_sectors\n    title: X\n"
                    "    severity: low\n    sectors: [religion]\n    basis: [{source: uu-23-2014}]\n"
                    "    verified: false\n")
    rs = loads_rules("extends: ID\nrules:\n  - id: x\n    kind: reserved_sectors\n    title: X\n"
                     "    severity: low\n    sectors: [religion]\n    basis: [{source: uu-23-2014}]\n"
                     "    verified: false\n    verification: article not found\n")
    assert rs.rule("x").verified is False and rs.rule("x").verification == "article not found"
    f = check(make_case(commitments=(("mass", "religion"),)), rules=rs)
    assert f.set_index("rule").loc["x", "verified"] == False  # noqa: E712 (a numpy bool)
    assert f["verified"].dtype == bool
    assert f.set_index("rule").loc["reserved-affairs", "verified"] == False  # noqa: E712
    with pytest.raises(CaseValidationError, match="'actor_kinds' is read only"):
        loads_rules("extends: ID\nrules:\n  - id: y\n    kind: reserved_sectors\n    title: Y\n"
                    "    severity: low\n    sectors: [religion]\n    basis: [{source: uu-23-2014}]\n"
                    "    actor_kinds: [legislature]\n")


def test_bundled_citations_of_the_methods_review() -> None:
    rs = load_rules("ID")
    se = rs.source("se-mendagri-193-1993")
    assert se.citation == "SE Mendagri No. 193/1652/PUOD, 26 April 1993"
    assert se.url == "https://kerjasama.bandung.go.id/ksln/ksdpl"
    # art. 367(1) could not be confirmed from the law's text: the rule citing it says so
    permitted = rs.rule("permitted-fields")
    assert not permitted.verified and "367(1)" in permitted.verification
    assert rs.rule("duty-to-consult").verified
    central, dprd = rs.rule("central-approval"), rs.rule("dprd-approval")
    assert rs.citation(central) == "UU No. 23/2014 art. 367(2); PP No. 28/2018; Permendagri No. 25/2020"
    assert rs.citation(dprd) == "PP No. 28/2018; Permendagri No. 25/2020"
    assert (central.kind, dprd.kind) == ("approval", "approval")
    assert dprd.actor_kinds == ("legislature",) and dprd.consult_levels == ("subnational",)
    assert not central.verified and not dprd.verified
    for r in rs.rules:  # every unverified rule says what could not be confirmed
        assert r.verified or "not confirmed" in r.verification.lower() or "not seen" in r.verification


def test_central_approval_needs_an_approving_national_body() -> None:
    f = check(make_case(events=(CONSULT,)), jurisdiction="ID")
    assert rules_of(f) == [("central-approval", "agreement", None)]  # a consultation is no approval
    assert f.iloc[0]["message"].startswith("no approval of the central government is recorded for agreement 'mou'")
    assert "absence of evidence" in f.iloc[0]["message"] and not f.iloc[0]["verified"]
    assert check(make_case(), jurisdiction="ID").empty  # the approval event of Kemendagri counts
    late = {**APPROVE, "date": "2016-12"}
    assert list(check(make_case(events=(CONSULT, late)), jurisdiction="ID")["rule"]) == ["central-approval"]


def test_an_approval_event_counts_and_a_meeting_does_not() -> None:
    """The event kind ``approval`` (``other`` still counts, for files written before it existed)."""
    approval = {**APPROVE, "kind": "approval"}
    assert check(make_case(events=(CONSULT, approval)), jurisdiction="ID").empty
    meeting = {**APPROVE, "kind": "meeting"}
    assert list(check(make_case(events=(CONSULT, meeting)), jurisdiction="ID")["rule"]) == ["central-approval"]


def test_approval_rules_apply_from_their_law_s_date() -> None:
    dprd = dict(id="dprd", name="DPRD Kota A", level="subnational", kind="legislature", country="ID")
    actors = (CITY, SHI, KEMLU, KEMENDAGRI, dprd)
    # 2016: before PP 28/2018, the DPRD's approval is not checked
    assert check(make_case(actors=actors), jurisdiction="ID").empty
    # 2019: it is; a meeting with the city's own government does not count, one with the DPRD does
    f = check(make_case(actors=actors, signed="2019-05-02"), jurisdiction="ID")
    assert rules_of(f) == [("dprd-approval", "agreement", None)]
    assert "regional parliament (DPRD)" in f.iloc[0]["message"]
    vote = dict(id="vote", date="2019-04", kind="other", title="DPRD approves the plan", participants=["dprd"])
    assert check(make_case(actors=actors, signed="2019-05-02", events=(CONSULT, APPROVE, vote)),
                 jurisdiction="ID").empty
    # a central-government approval before 2014 is not asked for (UU 23/2014)
    assert "central-approval" not in set(check(make_case(signed="2010-03", events=()), jurisdiction="ID")["rule"])
    # an agreement known only to the year 2018 may have been signed after PP 28/2018: in scope
    assert "dprd-approval" in set(check(make_case(actors=actors, signed="2018"), jurisdiction="ID")["rule"])


def test_report_legal_section_shows_the_verification_status(bundled_report: Callable[..., str]) -> None:

    for lang, tag, summary in (
            ("en", "legal basis unverified", "4 rules rest on a legal basis that could not be confirmed"),
            ("id", "dasar hukum belum terverifikasi", "4 aturan bersandar pada dasar hukum yang belum dapat")):
        page = bundled_report("bogor-kisarazu", lang=lang)
        section = page[page.index('id="legal-frame"'):page.index('id="alignment-with-policy-targets"')]
        assert section.count(tag) == 4  # the four unverified rules, each with its note
        assert summary in section
        assert "kerjasama.bandung.go.id" not in section  # sources are not rules
        assert "not confirmed" in section.lower() or "Not confirmed" in section
        # each finding of an unverified rule is marked in the table (9 of 10); the duty to consult is not
        unverified = "belum terverifikasi" if lang == "id" else "unverified"
        assert section.count(f'<br><span class="tag warn">{unverified}</span></td>') == 9
