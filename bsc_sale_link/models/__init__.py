from . import bsc_kpi
from . import bsc_kpi_snapshot
