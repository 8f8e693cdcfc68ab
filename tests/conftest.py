"""Fixtures for the root tests/ folder (static checks, no Odoo database).

pytest-odoo's autouse fixtures load an Odoo registry for every test session,
and fail without --odoo-database. The tests here need no database, so they
override those fixtures by name: ``python3 -m pytest tests`` works on its
own, and scripts/test can still run them in the same session as the addons'
tests (which keep pytest-odoo's fixtures).
"""

import pytest


@pytest.fixture(scope="session", autouse=True)
def load_registry():
    yield


@pytest.fixture(scope="session", autouse=True)
def load_http():
    yield


@pytest.fixture(scope="module", autouse=True)
def enable_odoo_test_flag():
    yield
