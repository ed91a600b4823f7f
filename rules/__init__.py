"""oglint's built-in rules, one module per rule family, shipped as `oglint.rules`.

Each module declares its rules with `@rule`/`@corpus_rule`; the docstring of each rule is its documentation
(`oglint rule CODE`, the README table and SARIF help all read it) and its Example/Use instead blocks are run by
the tests. Shared helpers for rule modules live in `oglint.rulekit`.
"""
