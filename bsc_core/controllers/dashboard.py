# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The dashboard's payload over plain HTTP.

``GET /bsc/dashboard/data?scorecard_id=&period_id=&mode=&cids=`` answers
what ``bsc.dashboard.get_dashboard_data`` answers over JSON-RPC, as the
JSON bytes the payload cache stores (one builder, two transports): a served
call is the session check, the cache key (one query for the data version),
one lookup and the bytes written, with no JSON-RPC decoding of the request
nor encoding of a 124 kB answer. The answer carries an ``ETag`` (the
digest of the cache key and the reader), so that a browser's repeat view
of unchanged data gets a 304, and is gzipped when the client accepts it
(Odoo does not compress its responses).
"""

import gzip

import werkzeug.exceptions

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request, serialize_exception
from odoo.tools.lru import LRU

# gzipped bodies by (database, ETag), per worker: the same tag is the same
# body, so each is compressed once
GZIPPED = LRU(256)
# smaller bodies are sent as they are
GZIP_MIN_SIZE = 1024


def _int(value, name):
    if value in (None, "", "null", "false"):
        return None
    try:
        return int(value)
    except ValueError:
        raise werkzeug.exceptions.BadRequest(f"{name}: not an id: {value!r}") from None


class BscDashboardController(http.Controller):
    # No CSRF token: a GET that only reads (the only writes are the reader's
    # last scorecard, as the JSON-RPC call does, and the shared cache row);
    # Odoo checks CSRF on unsafe methods only, and the session cookie is
    # SameSite=Lax. readonly: served from a read replica when there is one
    # (a write, such as remembering a newly chosen scorecard, makes Odoo
    # retry it in a read/write transaction).
    @http.route(
        "/bsc/dashboard/data",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=True,
    )
    def dashboard_data(
        self, scorecard_id=None, period_id=None, mode="period", cids=None
    ):
        env = request.env
        if cids:
            ids = cids.replace(",", "-").split("-")
            companies = [_int(cid, "cids") for cid in ids if cid]
            env = env(context=dict(env.context, allowed_company_ids=companies))
        Dashboard = env["bsc.dashboard"]
        try:
            # the companies asked for are checked by env.companies in there,
            # as for JSON-RPC
            etag, body = Dashboard._bsc_dashboard_json(
                _int(scorecard_id, "scorecard_id"),
                _int(period_id, "period_id"),
                mode,
            )
        except (AccessError, MissingError, UserError) as error:
            return self._error(error)
        headers = [
            ("Content-Type", "application/json; charset=utf-8"),
            # private: per user; no-cache: the browser asks again each time,
            # with If-None-Match
            ("Cache-Control", "private, no-cache"),
            ("Vary", "Accept-Encoding"),
        ]
        httprequest = request.httprequest
        accepted = httprequest.headers.get("Accept-Encoding", "")
        zip_it = len(body) >= GZIP_MIN_SIZE and "gzip" in accepted
        if etag:
            # one tag per representation (gzipped or not)
            tag = f"{etag}-gzip" if zip_it else etag
            headers.append(("ETag", f'"{tag}"'))
            seen = httprequest.if_none_match
            if seen.contains_weak(etag) or seen.contains_weak(f"{etag}-gzip"):
                return request.make_response(b"", headers, status=304)
        if zip_it:
            zipped = GZIPPED.get((env.cr.dbname, etag)) if etag else None
            if zipped is None:
                zipped = gzip.compress(body, compresslevel=6, mtime=0)
                if etag:
                    GZIPPED[(env.cr.dbname, etag)] = zipped
            body = zipped
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        return request.make_response(body, headers)

    def _error(self, error):
        """The error the JSON-RPC route answers (the web client shows it the
        same way), with the HTTP status Odoo gives it on an HTTP route."""
        request.env.cr.rollback()
        status = 403 if isinstance(error, AccessError) else 400
        return request.make_json_response(
            {
                "error": {
                    "code": 200,
                    "message": "Odoo Server Error",
                    "data": serialize_exception(error),
                }
            },
            status=status,
        )
