from . import test_mrp_sources
from . import test_mrp_kpi_wizard
from . import test_mrp_demo
from . import test_access_matrix
from . import test_tours
from . import test_wizard_tours
