from . import bsc_project_kpi_wizard
