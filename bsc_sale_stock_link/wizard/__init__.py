from . import bsc_stock_kpi_wizard
