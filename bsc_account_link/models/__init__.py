from . import bsc_account_type
from . import bsc_kpi
from . import account_chart_template
from . import bsc_kpi_snapshot
from . import account_move_line
