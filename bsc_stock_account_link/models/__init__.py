from . import bsc_kpi
from . import bsc_stock_account_demo
from . import bsc_stock_kpi_wizard
from . import stock_valuation_layer
