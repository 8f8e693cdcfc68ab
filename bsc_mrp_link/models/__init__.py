from . import bsc_kpi
from . import bsc_mrp_demo
