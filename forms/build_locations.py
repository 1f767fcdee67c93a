"""Build forms/locations.csv, the one location list both bundled forms read, from the admin reference lists.

Run by hand when the reference lists change:

    python forms/build_locations.py PATH/TO/admin      # the folder with admin1.csv and admin2.csv

Each row is one place: `name` is a stable code (country ISO3, then the official
codes: GTM, GTM_09, GTM_0901), `level` is country, admin1 or admin2, `country`
and `admin1` name the parent, `code` is the official code. An "other" row per
level lets the interviewer name a place the list does not have. Honduras has its
18 departments (INE codes 01-18) and no municipalities yet: a coordinator can
add rows with the same columns without changing the forms.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent / "locations.csv"
COLUMNS = ("name", "label", "level", "country", "admin1", "code")
COUNTRIES = (("SLV", "El Salvador"), ("GTM", "Guatemala"), ("HND", "Honduras"), ("MEX", "México"))

# Honduras' departments by their INE codes (the HDX COD-AB p-codes are "HN" + these codes).
HONDURAS = ("Atlántida", "Colón", "Comayagua", "Copán", "Cortés", "Choluteca", "El Paraíso",
            "Francisco Morazán", "Gracias a Dios", "Intibucá", "Islas de la Bahía", "La Paz",
            "Lempira", "Ocotepeque", "Olancho", "Santa Bárbara", "Valle", "Yoro")

OTHER_LABEL = "Otro / Other"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_rows(admin_dir: Path) -> list[dict[str, str]]:
    rows = [dict(name=iso, label=label, level="country", country="", admin1="", code=iso)
            for iso, label in COUNTRIES]
    rows.append(dict(name="other", label=OTHER_LABEL, level="country", country="", admin1="", code=""))
    admin1 = [r for r in _read(admin_dir / "admin1.csv") if r["country_iso3"] != "HND"]
    admin1 += [dict(country_iso3="HND", admin1_code=f"{i:02d}", admin1_name=name)
               for i, name in enumerate(HONDURAS, start=1)]
    for r in admin1:
        iso = r["country_iso3"]
        rows.append(dict(name=f"{iso}_{r['admin1_code']}", label=r["admin1_name"], level="admin1",
                         country=iso, admin1="", code=r["admin1_code"]))
    rows.append(dict(name="other_admin1", label=OTHER_LABEL, level="admin1", country="any", admin1="", code=""))
    for r in _read(admin_dir / "admin2.csv"):
        iso = r["country_iso3"]
        rows.append(dict(name=f"{iso}_{r['admin2_code']}", label=r["admin2_name"], level="admin2",
                         country=iso, admin1=f"{iso}_{r['admin1_code']}", code=r["admin2_code"]))
    rows.append(dict(name="other_admin2", label=OTHER_LABEL, level="admin2", country="any", admin1="any", code=""))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("admin_dir", type=Path, help="folder with admin1.csv and admin2.csv")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    rows = build_rows(args.admin_dir)
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{args.output}: {len(rows)} places")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
