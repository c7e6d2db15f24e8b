"""Benchmark, not a test: how long building the report takes for a municipality with many measures.

    .venv/bin/python -m varn.followup.bench [--measures 300] [--units 15] [--goals 30]

The data is made inside a transaction that is rolled back, so the database is left as it was. The
goal (issue 5) is under 3 seconds for 300 measures for one format, as `build_report --format`
builds it; the button in Värn builds both."""

from __future__ import annotations

import argparse
import os
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--measures", type=int, default=300)
    parser.add_argument("--units", type=int, default=15)
    parser.add_argument("--goals", type=int, default=30)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from varn.factories import MunicipalityFactory, ProgramFactory
    from varn.followup.rendering import render_docx, render_pdf
    from varn.followup.report import build_content
    from varn.followup.tests.factories import fill_program

    with transaction.atomic():
        municipality = MunicipalityFactory(name="Benchmarkkommun", slug="benchmark", code="9999")
        program = ProgramFactory(municipality=municipality)
        fill_program(program, n_measures=args.measures, n_units=args.units, n_goals=args.goals)
        # Warm up imports (matplotlib, WeasyPrint, python-docx) so the timing is of the work itself.
        render_pdf(build_content(program))
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            content = build_content(program)
        built = time.perf_counter()
        docx = render_docx(content)
        worded = time.perf_counter()
        pdf = render_pdf(content)
        done = time.perf_counter()
        transaction.set_rollback(True)
    print(f"{args.measures} insatser, {args.units} förvaltningar, {args.goals} mål")
    print(f"  innehåll: {built - started:.2f} s ({len(queries)} frågor till databasen)")
    print(f"  Word:     {worded - built:.2f} s ({len(docx) // 1024} kB)")
    print(f"  PDF:      {done - worded:.2f} s ({len(pdf) // 1024} kB)")
    print(f"  innehåll + Word: {worded - started:.2f} s (mål: under 3 s)")
    print(f"  innehåll + PDF:  {built - started + done - worded:.2f} s (mål: under 3 s)")
    print(f"  båda (knappen i Värn): {done - started:.2f} s")


if __name__ == "__main__":
    main()
