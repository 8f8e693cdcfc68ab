from . import test_sale_stock_sources
