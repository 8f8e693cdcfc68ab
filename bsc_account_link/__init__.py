from . import models
from . import wizard
from .models.account_move_line import uninstall_hook
