from . import bsc_scorecard_xlsx
from . import bsc_briefing_book
