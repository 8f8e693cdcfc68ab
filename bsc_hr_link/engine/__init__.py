from . import workforce
