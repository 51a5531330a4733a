"""``python -m xlincome``: the same command line as ``xlincome`` (see :mod:`xlincome.cli`)."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="xlincome")
