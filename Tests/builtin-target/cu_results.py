#!/usr/bin/env python3
"""Reads iscsi-test-cu's CUnit XML: prints 'N passed, M failed' (and the failed tests); exit 1
when a test failed or nothing ran."""
import re, sys

try:
    text = open(sys.argv[1]).read()
except OSError as e:
    print(f"no results: {e}")
    sys.exit(1)
results = []
for suite in re.findall(r"<CUNIT_RUN_SUITE_(?:SUCCESS|FAILURE)>(.*?)</CUNIT_RUN_SUITE_(?:SUCCESS|FAILURE)>", text, re.S):
    name = re.search(r"<SUITE_NAME>\s*(\S+)\s*</SUITE_NAME>", suite).group(1)
    for status, test in re.findall(r"<CUNIT_RUN_TEST_(SUCCESS|FAILURE)>\s*<TEST_NAME>\s*(\S+)\s*</TEST_NAME>", suite):
        results.append((f"{name}.{test}", status == "SUCCESS"))
failed = sorted({n for n, ok in results if not ok})
ran = len({n for n, _ in results})
print(f"{ran - len(failed)} passed, {len(failed)} failed" + (": " + " ".join(failed) if failed else ""))
sys.exit(0 if ran and not failed else 1)
