"""A jurisdiction's legal frame for sub-state cooperation, as rules in data.

Each jurisdiction's rules live in a YAML file bundled with the library
(``sistercity/legal/rules/ID.yaml`` for Indonesia), loaded with
:func:`load_rules`. A user extends or replaces them with a file of their own
(:func:`read_rules`; a file may start from the bundled rules with ``extends: ID``),
and :func:`check` applies them to a case, giving one row per finding: which rule,
how grave, which agreement or commitment, what was found, and the legal source
with its article.

Four kinds of rule are known (:data:`RULE_KINDS`):

``reserved_sectors``
    Affairs reserved to the central government. Indonesia: foreign policy,
    defence, security, justice, national monetary and fiscal policy, religion
    (UU No. 23/2014 art. 10(1); before 2014 UU No. 32/2004 art. 10(3)). A sector
    of an agreement or commitment among them is a finding (severity ``high``).
``permitted_sectors``
    The fields the law lists for cooperation with regional governments abroad.
    Indonesia (UU No. 23/2014 art. 363(2)(c), 367(1)): (a) science and technology,
    (b) cultural exchange, (c) technical and management capacity of government,
    (d) promotion of the region's potential, (e) other cooperation not contrary to
    the law. A sector outside (a)-(d) is a finding of severity ``low``: "not
    listed; allowed only if not contrary to law".
``consultation``
    The duty to consult and coordinate with the minister before an international
    agreement (UU No. 24/2000 art. 5(1)). An agreement between a sub-state actor
    of the jurisdiction and a foreign party with no recorded consultation event
    with a national actor, on or before its signing, is a finding (``medium``),
    worded as absence of evidence.
``approval``
    The duty to obtain an approval before cooperating with a party abroad: the
    central government's (UU No. 23/2014 art. 367(2); PP No. 28/2018; Permendagri
    No. 25/2020) and, for agreements from 2018, the regional parliament's (DPRD;
    PP No. 28/2018, Permendagri No. 25/2020). Checked as ``consultation`` is, with
    the approving actors' kinds (``actor_kinds``) and the date the law took effect
    (``in_force_from``); a missing approval is a finding (``medium``).

Every rule says whether its legal basis was confirmed (``verified``) and how
(``verification``, with the addresses read): ``verified: false`` marks an article
or a requirement that could not be confirmed from the law's text or a text quoting
it. :func:`check` carries the flag on every finding (column ``verified``), and the
report shows it.

Coding choices (which sector a field covers; what counts as consultation) are in
the rule file next to each rule and in ``docs/legal.md``.

Examples
--------
>>> from sistercity import legal
>>> legal.load_rules("ID").to_frame()[["rule", "kind", "severity"]]
               rule               kind severity
0  reserved-affairs   reserved_sectors     high
1  permitted-fields  permitted_sectors      low
2   duty-to-consult       consultation   medium
3  central-approval           approval   medium
4     dprd-approval           approval   medium
"""

from sistercity.legal._check import FINDING_COLUMNS, check
from sistercity.legal._rules import (
    DEFAULT_MESSAGES,
    PLACEHOLDERS,
    RULE_KINDS,
    Basis,
    LegalSource,
    PermittedField,
    Rule,
    RuleKind,
    RuleSet,
    Scope,
    Severity,
    available_jurisdictions,
    load_rules,
    loads_rules,
    read_rules,
)

__all__ = [
    "DEFAULT_MESSAGES",
    "FINDING_COLUMNS",
    "PLACEHOLDERS",
    "RULE_KINDS",
    "Basis",
    "LegalSource",
    "PermittedField",
    "Rule",
    "RuleKind",
    "RuleSet",
    "Scope",
    "Severity",
    "available_jurisdictions",
    "check",
    "load_rules",
    "loads_rules",
    "read_rules",
]
