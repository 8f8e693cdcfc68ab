from . import test_strategy_map_svg
from . import test_xlsx_workbook
from . import test_briefing_book
from . import test_report_wizard
from . import test_access_matrix
from . import test_briefing_delivery
from . import test_reports_cycle
from . import test_briefing_hypotheses
