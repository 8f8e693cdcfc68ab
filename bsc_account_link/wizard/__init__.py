from . import bsc_account_kpi_wizard
