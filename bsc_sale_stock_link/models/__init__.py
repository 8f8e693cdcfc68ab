from . import bsc_kpi
from . import sale_order_line
from . import bsc_sale_stock_demo
