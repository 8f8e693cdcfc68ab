from . import bsc_scorecard
from . import bsc_briefing_delivery
from . import bsc_scorecard_briefing
