from . import bsc_kpi
from . import bsc_mrp_demo
from . import mrp_workcenter_productivity
