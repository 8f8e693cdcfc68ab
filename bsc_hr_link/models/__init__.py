from . import bsc_kpi
from . import bsc_goal
from . import bsc_appraisal_goal_line
from . import hr_appraisal
from . import hr_employee
from . import bsc_objective
from . import bsc_dashboard
