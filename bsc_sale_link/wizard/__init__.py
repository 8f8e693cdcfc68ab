from . import bsc_sale_kpi_wizard
