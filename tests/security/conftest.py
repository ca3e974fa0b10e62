"""Security tests (issue 19): the import/export ones reuse the transfer tests' empty databases."""

from tests.transfer.conftest import make_empty

__all__ = ["make_empty"]
