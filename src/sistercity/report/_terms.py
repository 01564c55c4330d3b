"""The words of the model's fixed vocabularies, in the report's language.

Every word is written out as a literal message (with a message context naming
the vocabulary), so Babel's extractor finds it; ``tests/test_report_i18n.py``
checks that each table here covers every value the model allows.
"""

from __future__ import annotations

import functools

from sistercity.report._i18n import Lang

__all__ = ["terms"]


@functools.cache
def terms(lang: Lang) -> dict[str, dict[str, str]]:
    """``{vocabulary: {value: words}}`` for ``lang``."""
    return {**_model_words(lang), **_labels(lang)}


def _model_words(lang: Lang) -> dict[str, dict[str, str]]:
    """The words of the model's and the analyses' fixed values (states, kinds, levels)."""
    return {
        "level": {
            "0": lang.pgettext("level", "not initiated"),
            "1": lang.pgettext("level", "minimal"),
            "2": lang.pgettext("level", "intermediate"),
            "3": lang.pgettext("level", "full"),
        },
        "commitment status": {
            "agreed": lang.pgettext("commitment status", "agreed"),
            "proposed": lang.pgettext("commitment status", "proposed"),
            "wish": lang.pgettext("commitment status", "one side's wish"),
        },
        "event kind": {
            "visit": lang.pgettext("event kind", "visit"),
            "study_visit": lang.pgettext("event kind", "study visit"),
            "signing": lang.pgettext("event kind", "signing"),
            "teleconference": lang.pgettext("event kind", "teleconference"),
            "consultation": lang.pgettext("event kind", "consultation"),
            "approval": lang.pgettext("event kind", "approval"),
            "meeting": lang.pgettext("event kind", "meeting"),
            "exchange": lang.pgettext("event kind", "exchange"),
            "invitation": lang.pgettext("event kind", "invitation"),
            "forum": lang.pgettext("event kind", "forum"),
            "other": lang.pgettext("event kind", "other"),
        },
        "source kind": {
            "thesis": lang.pgettext("source kind", "thesis"),
            "report": lang.pgettext("source kind", "report"),
            "news": lang.pgettext("source kind", "news"),
            "web_page": lang.pgettext("source kind", "web page"),
            "interview": lang.pgettext("source kind", "interview"),
            "legal_text": lang.pgettext("source kind", "legal text"),
            "book": lang.pgettext("source kind", "book"),
            "article": lang.pgettext("source kind", "article"),
            "dataset": lang.pgettext("source kind", "dataset"),
            "other": lang.pgettext("source kind", "other"),
        },
        "severity": {
            "low": lang.pgettext("severity", "low"),
            "medium": lang.pgettext("severity", "medium"),
            "high": lang.pgettext("severity", "high"),
        },
        "obstacle kind": {
            "obstacle": lang.pgettext("obstacle kind", "obstacle (present barrier)"),
            "challenge": lang.pgettext("obstacle kind", "challenge (prospective risk)"),
        },
        "actor level": {
            "national": lang.pgettext("actor level", "national"),
            "subnational": lang.pgettext("actor level", "subnational"),
            "nonstate": lang.pgettext("actor level", "nonstate"),
        },
        "channel": {
            "interstate": lang.pgettext("channel", "interstate"),
            "transgovernmental": lang.pgettext("channel", "transgovernmental"),
            "transnational": lang.pgettext("channel", "transnational"),
            "domestic": lang.pgettext("channel", "domestic"),
        },
        "phase": {
            "not yet in force": lang.pgettext("agreement state", "not yet in force"),
            "active": lang.pgettext("agreement state", "active"),
            "in renewal window": lang.pgettext("agreement state", "in renewal window"),
            "expired": lang.pgettext("agreement state", "expired"),
            "unknown": lang.pgettext("agreement state", "unknown"),
        },
        "deadline": {
            "entry into force": lang.pgettext("deadline", "entry into force"),
            "renewal window opens": lang.pgettext("deadline", "renewal window opens"),
            "expiry": lang.pgettext("deadline", "expiry"),
        },
        "coverage": {
            "implemented": lang.pgettext("coverage", "implemented"),
            "below_threshold": lang.pgettext("coverage", "below the threshold"),
            "no_data": lang.pgettext("coverage", "no observation"),
            "gap": lang.pgettext("coverage", "gap: no agreed commitment in it"),
        },
        "mitigation": {
            "none": lang.pgettext("mitigation", "no mitigation recorded"),
            "proposed": lang.pgettext("mitigation", "proposed only"),
            "not_carried_out": lang.pgettext("mitigation", "not carried out"),
            "no_data": lang.pgettext("mitigation", "no observation of it"),
            "carried_out": lang.pgettext("mitigation", "carried out"),
        },
        "condition": {
            "scope": lang.pgettext("condition", "Scope"),
            "channels": lang.pgettext("condition", "1. Multiple channels"),
            "issues": lang.pgettext("condition", "2. No hierarchy among issues"),
            "force": lang.pgettext("condition", "3. Minor role of force"),
        },
    }


def _labels(lang: Lang) -> dict[str, dict[str, str]]:
    """Agreement kinds, the built-in vocabularies' labels and the interdependence measures."""
    return {
        "agreement kind": {  # sistercity.model.AGREEMENT_KINDS, up to the first colon
            "letter_of_intent": lang.pgettext("agreement kind", "Letter of intent (LoI)"),
            "memorandum_of_understanding": lang.pgettext("agreement kind", "Memorandum of understanding (MoU)"),
            "friendship_agreement": lang.pgettext("agreement kind", "Friendship-city agreement (kota persahabatan)"),
            "sister_city_agreement": lang.pgettext("agreement kind",
                                                   "Sister-city or sister-province agreement (kota kembar)"),
            "implementing_arrangement": lang.pgettext("agreement kind",
                                                      "An arrangement that carries out a framework agreement"),
            "joint_statement": lang.pgettext("agreement kind", "A joint statement or declaration"),
            "other": lang.pgettext("agreement kind", "Any other kind"),
        },
        "sector": {
            "education": lang.pgettext("sector", "Education"),
            "culture": lang.pgettext("sector", "Culture"),
            "tourism": lang.pgettext("sector", "Tourism"),
            "agriculture": lang.pgettext("sector", "Agriculture"),
            "fisheries": lang.pgettext("sector", "Fisheries and aquaculture"),
            "health": lang.pgettext("sector", "Health"),
            "economy": lang.pgettext("sector", "Economy, trade and investment"),
            "industry": lang.pgettext("sector", "Industry"),
            "science_technology": lang.pgettext("sector", "Science and technology"),
            "governance": lang.pgettext("sector", "Governance and administration"),
            "information": lang.pgettext("sector", "Public information and communication"),
            "environment": lang.pgettext("sector", "Environment"),
            "spatial_planning": lang.pgettext("sector", "Spatial and urban planning"),
            "transport": lang.pgettext("sector", "Transport"),
            "youth_sport": lang.pgettext("sector", "Youth and sport"),
            "social_welfare": lang.pgettext("sector", "Social welfare"),
            "disaster_management": lang.pgettext("sector", "Disaster management"),
            "security_defence": lang.pgettext("sector", "Security and defence"),
            "justice": lang.pgettext("sector", "Justice"),
            "monetary_fiscal": lang.pgettext("sector", "National monetary and fiscal policy"),
            "religion": lang.pgettext("sector", "Religion"),
            "foreign_policy": lang.pgettext("sector", "Foreign policy"),
            "other": lang.pgettext("sector", "Other agreed fields"),
        },
        "obstacle category": {
            "geographic_climatic": lang.pgettext("obstacle category", "Geographic or climatic"),
            "capacity_supply": lang.pgettext("obstacle category", "Capacity or supply"),
            "financial": lang.pgettext("obstacle category", "Financial"),
            "legal_regulatory": lang.pgettext("obstacle category", "Legal or regulatory"),
            "political_leadership": lang.pgettext("obstacle category", "Political or leadership"),
            "administrative_coordination": lang.pgettext("obstacle category", "Administrative or coordination"),
            "cultural_linguistic": lang.pgettext("obstacle category", "Cultural or linguistic"),
            "informational": lang.pgettext("obstacle category", "Informational"),
            "unspecified": lang.pgettext("obstacle category", "Unspecified"),
        },
        "measure": {
            "actors": lang.pgettext("measure", "Actors with at least one tie"),
            "ties": lang.pgettext("measure", "Ties"),
            "cross_border_share": lang.pgettext("measure", "Share of ties that cross a border"),
            "channels_used": lang.pgettext("measure", "Cross-border channels in use (of 3)"),
            "non_interstate_share": lang.pgettext("measure", "Share of cross-border ties that are not interstate"),
            "participation": lang.pgettext("measure", "Mean multiplex participation coefficient over actors"),
            "country_participation": lang.pgettext("measure", "Mean participation coefficient over country pairs"),
            "sectors": lang.pgettext("measure", "Sectors on the agenda (S)"),
            "herfindahl": lang.pgettext("measure", "Herfindahl index of sector shares"),
            "evenness": lang.pgettext("measure", "Pielou evenness of sector shares"),
            "force_share": lang.pgettext("measure", "Share of sectored ties in force sectors"),
            "force_agreements": lang.pgettext("measure", "Agreements that name a force sector"),
        },
    }
