from . import dashboard
