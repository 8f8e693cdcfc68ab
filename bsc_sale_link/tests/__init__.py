from . import test_sale_sources
from . import test_sale_kpi_wizard
from . import test_sale_demo
from . import test_access_matrix
from . import test_tours
from . import test_sale_snapshot
