from . import engine
from . import models
from . import query
from . import wizard
