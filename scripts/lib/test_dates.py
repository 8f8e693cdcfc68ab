"""The dates scripts/test runs the suite at again (standard library only).

Usage: python3 scripts/lib/test_dates.py default|"WHEN[, WHEN...]"

WHEN is ``YYYY-MM-DD HH:MM[:SS] [Area/City]`` (UTC when no time zone is
given). ``default`` is the set the README describes, worked out from the
real date so that it stays meaningful every year:

* the next 31 December, 23:30 in Europe/Brussels (the time zone of the test
  scorecards): the last half hour of a year;
* the next 1 January, 00:30 in Europe/Brussels, when it is still
  31 December in UTC: the first half hour of a year;
* the next 29 February (2028-02-29 until then), 12:00 UTC: a leap day;
* a year from now.

Prints one line per date: ``<epoch> <label>``, the moment in seconds since
1970 (UTC); scripts/test turns it into libfaketime's offset from the real
clock (``FAKETIME=+N``) just before each run starts.
"""

import calendar
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

SCORECARD_TZ = "Europe/Brussels"


def parse(text):
    parts = text.split()
    if len(parts) not in (2, 3):
        raise ValueError(f"'{text}': expected 'YYYY-MM-DD HH:MM[:SS] [Area/City]'")
    zone = ZoneInfo(parts[2]) if len(parts) == 3 else timezone.utc
    moment = None
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            moment = datetime.strptime(" ".join(parts[:2]), pattern)
            break
        except ValueError:
            continue
    if moment is None:
        raise ValueError(f"'{text}': expected 'YYYY-MM-DD HH:MM[:SS] [Area/City]'")
    return moment.replace(tzinfo=zone), text.strip()


def default_dates(now):
    zone = ZoneInfo(SCORECARD_TZ)
    local = now.astimezone(zone)
    year_end = datetime(local.year, 12, 31, 23, 30, tzinfo=zone)
    if year_end < local:
        year_end = year_end.replace(year=local.year + 1)
    new_year = datetime(local.year + 1, 1, 1, 0, 30, tzinfo=zone)
    ahead = now + timedelta(days=365)
    leap = now.year
    while (
        not calendar.isleap(leap)
        or datetime(leap, 2, 29, 12, tzinfo=timezone.utc) < now
    ):
        leap += 1
    return [
        (year_end, f"{year_end:%Y-%m-%d %H:%M} {SCORECARD_TZ}"),
        (new_year, f"{new_year:%Y-%m-%d %H:%M} {SCORECARD_TZ}"),
        (datetime(leap, 2, 29, 12, 0, tzinfo=timezone.utc), f"{leap}-02-29 12:00 UTC"),
        (ahead, f"{ahead:%Y-%m-%d %H:%M} UTC (a year ahead)"),
    ]


def main(spec):
    now = datetime.now(timezone.utc)
    try:
        if spec.strip() == "default":
            dates = default_dates(now)
        else:
            dates = [parse(item) for item in spec.split(",") if item.strip()]
    except (ValueError, KeyError) as error:
        sys.exit(f"scripts/test --dates: {error}")
    for moment, label in dates:
        print(f"{round(moment.timestamp())} {label}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "default")
