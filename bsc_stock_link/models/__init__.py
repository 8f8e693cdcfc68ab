from . import bsc_kpi
from . import bsc_stock_demo
