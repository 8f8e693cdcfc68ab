from . import test_account_sources
from . import test_account_templates
from . import test_access_matrix
from . import test_account_demo
from . import test_account_snapshot
from . import test_account_mis_builder
from . import test_tours
from . import test_account_demo_figures
