from . import test_initiative_project
from . import test_project_sources
from . import test_tours
from . import test_report_values
from . import test_project_kpi_wizard
