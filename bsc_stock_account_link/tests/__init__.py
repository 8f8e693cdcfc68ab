from . import test_valuation
from . import test_valuation_demo
