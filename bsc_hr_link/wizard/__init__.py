from . import bsc_cascade_wizard
