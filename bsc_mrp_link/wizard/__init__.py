from . import bsc_mrp_kpi_wizard
