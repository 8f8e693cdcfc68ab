from . import test_stock_sources
from . import test_stock_kpi_wizard
from . import test_stock_demo
from . import test_access_matrix
from . import test_stockouts
from . import test_tours
from . import test_wizard_tours
