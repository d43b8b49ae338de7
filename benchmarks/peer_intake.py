#!/usr/bin/env python3
"""The peer `tldrop inbox` is measured against (scripts/bench, intake): a short script with Python's
standard library doing the same job on the same files. It reads a semicolon-separated payment export
(number, customer, date, amount, paid), looks each number up in the same index, and queues a payment
for each open invoice whose open amount covers it, in one transaction.

Usage: peer_intake.py <index.sqlite> <export.csv>   (prints lines read and payments queued)
"""
import csv
import datetime
import sqlite3
import sys
from decimal import Decimal

index, path = sys.argv[1], sys.argv[2]
db = sqlite3.connect(index, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
lines = queued = 0
with open(path, newline="", encoding="utf-8-sig") as f:
    rows = csv.reader(f, delimiter=";")
    header = next(rows)
    db.execute("BEGIN IMMEDIATE")
    for line, (number, customer, day, amount, paid) in enumerate(rows, start=2):
        lines += 1
        if paid.strip().lower() not in ("ja", "yes", "oui", "paid", "betaald"):
            continue
        found = db.execute(
            "SELECT id, remote_due, remote_paid FROM document WHERE number_key = ? AND kind = 'invoice'",
            (number.replace(" ", ""),)).fetchone()
        if found is None or found[2]:
            continue
        value = Decimal(amount.strip().replace(".", "").replace(",", "."))
        if value > Decimal(found[1]):
            continue
        d, m, y = day.split("/")
        db.execute(
            "INSERT INTO payment (document_id, line, amount, currency, paid_at, state, created_at, basis)"
            " VALUES (?, ?, ?, 'EUR', ?, 'queued', ?, 'number')",
            (found[0], line, str(value), f"{y}-{m}-{d}", now))
        queued += 1
    db.execute("COMMIT")
print(f"{lines} lines, {queued} queued")
