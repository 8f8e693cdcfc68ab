from . import test_billable_share
