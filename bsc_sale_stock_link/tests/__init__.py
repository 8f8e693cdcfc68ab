from . import test_sale_stock_sources
from . import test_sale_stock_demo
