from . import engine
from . import tools
from . import models
from . import query
from . import wizard
