#!/usr/bin/env python3
"""Reads iscsi-test-cu's CUnit XML: prints 'N passed, M failed' (and the failed tests); exit 1
when a test failed or nothing ran.
Usage: cu_results.py XML [LOG --counts]: with --counts prints 'passed failed skipped' (skipped =
[SKIPPED] lines in the run's log: CUnit counts a test that skipped itself as passed)."""
import re, sys

try:
    text = open(sys.argv[1]).read()
except OSError as e:
    print("0 0 0" if "--counts" in sys.argv else f"no results: {e}")
    sys.exit(1)
results = []
for suite in re.findall(r"<CUNIT_RUN_SUITE_(?:SUCCESS|FAILURE)>(.*?)</CUNIT_RUN_SUITE_(?:SUCCESS|FAILURE)>", text, re.S):
    name = re.search(r"<SUITE_NAME>\s*(\S+)\s*</SUITE_NAME>", suite).group(1)
    for status, test in re.findall(r"<CUNIT_RUN_TEST_(SUCCESS|FAILURE)>\s*<TEST_NAME>\s*(\S+)\s*</TEST_NAME>", suite):
        results.append((f"{name}.{test}", status == "SUCCESS"))
failed = sorted({n for n, ok in results if not ok})
ran = len({n for n, _ in results})
if "--counts" in sys.argv:
    try:
        skipped = sum(1 for line in open(sys.argv[2]) if "[SKIPPED]" in line)
    except (OSError, IndexError):
        skipped = 0
    print(ran - len(failed), len(failed), skipped)
    sys.exit(0)
print(f"{ran - len(failed)} passed, {len(failed)} failed" + (": " + " ".join(failed) if failed else ""))
sys.exit(0 if ran and not failed else 1)
