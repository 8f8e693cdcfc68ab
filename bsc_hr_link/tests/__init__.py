from . import test_workforce
from . import test_hr_sources
from . import test_cascade
from . import test_appraisal
from . import test_access
from . import test_access_matrix
from . import test_tours
from . import test_dashboard_sharing
