from . import engine
from . import tools
from . import models
from . import controllers
from . import query
from . import wizard
from .models.bsc_dashboard_cache import uninstall_hook
