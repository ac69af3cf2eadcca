"""Demo: DfE's 2025 release (shipped in data/) and plausible statistical
neighbours for Wirral, Walsall and Sefton. Called by load_demo after ehcp's
demo; quick and idempotent (the release is stored once, by its checksum)."""

from datetime import date
from pathlib import Path

from .services import neighbours_set, sen2_import

DATA_FILE = Path(__file__).resolve().parent / "data" / "timeliness_20_week.csv"
# The same release's files for the timeline's other steps, as published.
TIMELINE_FILES = [
    DATA_FILE.parent / name
    for name in ("requests.csv", "assessments.csv", "annual_reviews.csv", "tribunal_appeal_rate_2014_2024.csv")
]
PUBLISHED_ON = date(2025, 6, 26)

# Comparable local authorities (metropolitan boroughs and unitaries of similar
# size and need, in the spirit of DfE's statistical neighbour model).
NEIGHBOURS = {
    # Wirral: Sefton, St. Helens, Wigan, North Tyneside, Stockton-on-Tees, Darlington,
    # Calderdale, Bury, Redcar and Cleveland, Telford and Wrekin
    "344": ["343", "342", "359", "392", "808", "841", "381", "351", "807", "894"],
    # Walsall: Sandwell, Wolverhampton, Rochdale, Oldham, Bolton, Tameside,
    # Telford and Wrekin, Stoke-on-Trent, Doncaster, Rotherham
    "335": ["333", "336", "354", "353", "350", "357", "894", "861", "371", "372"],
    # Sefton: Wirral, St. Helens, Wigan, North Tyneside, Bury, Stockport,
    # Stockton-on-Tees, Calderdale, Darlington, Trafford
    "343": ["344", "342", "359", "392", "351", "356", "808", "381", "841", "358"],
}


def load(*, areas, stdout):
    outcome = sen2_import(
        source=DATA_FILE,
        file_name=DATA_FILE.name,
        imported_via="load_demo",
        published_on=PUBLISHED_ON,
    )
    stdout.write(f"National benchmarks: {outcome.message}")
    for path in TIMELINE_FILES:
        outcome = sen2_import(source=path, file_name=path.name, imported_via="load_demo", published_on=PUBLISHED_ON)
        stdout.write(f"National benchmarks ({path.name}): {outcome.message}")
    for code, neighbour_codes in NEIGHBOURS.items():
        if code in areas:
            neighbours_set(area=areas[code], codes=neighbour_codes)
    named = ", ".join(f"{areas[c].name} {len(n)}" for c, n in NEIGHBOURS.items() if c in areas)
    stdout.write(f"Statistical neighbours set: {named}")
