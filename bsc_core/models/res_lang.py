# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from ..tools.number_format import forget_number_writers


class ResLang(models.Model):
    _inherit = "res.lang"

    # The number writers kept per environment (tools/number_format.py) hold
    # a language's separators and grouping: forgotten when a language
    # changes, as Odoo's own caches of it are

    @api.model_create_multi
    def create(self, vals_list):
        langs = super().create(vals_list)
        forget_number_writers()
        return langs

    def write(self, vals):
        result = super().write(vals)
        forget_number_writers()
        return result

    def unlink(self):
        result = super().unlink()
        forget_number_writers()
        return result
