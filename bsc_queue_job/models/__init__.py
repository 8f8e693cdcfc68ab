from . import bsc_scorecard
