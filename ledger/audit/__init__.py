"""The auditor's workpaper (กระดาษทำการของผู้สอบบัญชี) for one fiscal year: the sections an auditor
works through, built from the books of one load (:mod:`kongtun.ledger.audit.workpaper`), with
what deserves a look as findings — data, like problems, worded at the edge through
:data:`kongtun.ledger.audit.checks.FINDINGS` (docs/audit.md)."""
