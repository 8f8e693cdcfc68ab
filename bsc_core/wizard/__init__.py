from . import bsc_kpi_template_wizard
