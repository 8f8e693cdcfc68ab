from . import test_sale_sources
from . import test_sale_kpi_wizard
from . import test_sale_demo
