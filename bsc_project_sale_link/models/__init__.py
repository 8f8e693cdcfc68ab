from . import bsc_kpi
