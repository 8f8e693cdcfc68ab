from . import bsc_report_wizard
