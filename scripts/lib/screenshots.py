#!/usr/bin/env python3
# Copyright 2026 The BSC developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The readme screenshots of bsc_core, from a running demo server
(scripts/screenshots).

``shoot`` (Playwright, in its own virtualenv) logs in as admin/admin in
headless Chromium and takes the dashboard on its default scorecard and
period, whole page at 1600 px wide, and the strategy map as it opens
(1600 x 857), each once no figure is loading. ``palette`` (Pillow, the
Python of Odoo) writes them as 256-colour PNGs, about a third of
Chromium's size and the same to the eye (anti-aliased edges only differ).
"""

import argparse
import sys
import tempfile
from pathlib import Path

WIDTH = 1600
MAP_HEIGHT = 857
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# the element that scrolls in the action: the window must grow by what it hides
HIDDEN_HEIGHT = """() => {
    let hidden = 0;
    for (const el of document.querySelectorAll('.o_action_manager *')) {
        const overflow = getComputedStyle(el).overflowY;
        if (['auto', 'scroll'].includes(overflow)) {
            hidden = Math.max(hidden, el.scrollHeight - el.clientHeight);
        }
    }
    return hidden;
}"""
LOADING = ".o_bsc_loading, .fa-spin, .o_loading_indicator, .o_blockUI"


def settle(page):
    """Wait until the dashboard shows its figures and nothing loads."""
    # Odoo's bus keeps a connection open: no "network idle" to wait for
    page.wait_for_selector(
        ".o_bsc_dashboard:not(.o_bsc_loading) .o_bsc_summary", timeout=180000
    )
    page.wait_for_function(
        f"() => !document.querySelector('{LOADING}')", timeout=120000
    )
    page.wait_for_timeout(3000)


def shoot(args):
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=args.chromium,
            headless=True,
            args=FLAGS,
            viewport={"width": WIDTH, "height": 900},
            device_scale_factor=1,
            locale="en-US",
        )
        page = context.new_page()
        page.goto(f"{args.url}/web/login?db={args.db}")
        page.fill("input[name=login]", "admin")
        page.fill("input[name=password]", "admin")
        page.click("button[type=submit]")
        page.wait_for_url("**/odoo**", timeout=180000)

        page.goto(f"{args.url}/odoo/scorecard-dashboard")
        settle(page)
        for _attempt in range(3):
            hidden = page.evaluate(HIDDEN_HEIGHT)
            if hidden <= 1:
                break
            # laid out again at the final size: the navbar folds its menus
            # by the size it rendered at
            height = page.viewport_size["height"] + hidden
            page.set_viewport_size({"width": WIDTH, "height": height})
            page.reload()
            settle(page)
        page.screenshot(path=out / "dashboard.png")
        print(f"dashboard.png: {page.url}, {page.viewport_size}")

        page.set_viewport_size({"width": WIDTH, "height": MAP_HEIGHT})
        page.goto(f"{args.url}/odoo/strategy-map")
        settle(page)
        page.wait_for_selector(".o_bsc_map_svg")
        page.screenshot(path=out / "strategy_map.png")
        print(f"strategy_map.png: {page.url}, {page.viewport_size}")
        context.close()


def palette(args):
    from PIL import Image

    for name in args.files:
        source = Path(name)
        image = Image.open(source).convert("RGB")
        image = image.quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        target = Path(args.out) / source.name
        image.save(target, optimize=True)
        print(f"{target}: {image.size[0]} x {image.size[1]}, {target.stat().st_size} B")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    shot = commands.add_parser("shoot")
    shot.add_argument("--url", required=True)
    shot.add_argument("--db", required=True)
    shot.add_argument("--chromium", required=True)
    shot.add_argument("--out", required=True)
    pal = commands.add_parser("palette")
    pal.add_argument("--out", required=True)
    pal.add_argument("files", nargs="+")
    args = parser.parse_args()
    {"shoot": shoot, "palette": palette}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
