from . import project_task
from . import bsc_initiative_milestone
from . import bsc_initiative
from . import bsc_kpi
from . import bsc_dashboard
