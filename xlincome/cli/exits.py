"""The exit codes a script can trust: every row done, some rows failed (the others done).

Usage errors exit with click's 2; a run stopped by a signal with 128 + its
number (:mod:`xlincome.cli.guard`).
"""

EXIT_OK, EXIT_ROWS_FAILED = 0, 1
