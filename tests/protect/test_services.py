"""The service directory: read from .xlsx/.csv, problems with their place, matching by type and place.

Requirement: SG-9 referrals from an offline service directory the coordinator keeps; a sample for one
department, clearly marked as an example.
"""

from __future__ import annotations

from pathlib import Path


from fieldapp.protect import services

EXAMPLE = Path(__file__).parents[2] / "resources" / "services" / "EXAMPLE_service_directory_quetzaltenango.xlsx"

CSV = """servicio,tipo,organización,país,departamento,municipio,contacto,horario,idiomas,amigable con la niñez
Casa Joven,child_protection,ONG Uno,Guatemala,Quetzaltenango,Salcajá,5555-0001,8-16,español,sí
Línea 24h,child_protection,ONG Dos,Guatemala,Quetzaltenango,,5555-0002,24h,español,no
Nacional,child_protection,Estado,Guatemala,,,1546,24h,español,no
Otra zona,child_protection,ONG Tres,Guatemala,Huehuetenango,Chiantla,5555-0003,8-16,mam,sí
Clínica,health,ONG Cuatro,Guatemala,Quetzaltenango,Salcajá,5555-0004,8-16,español,no
Sin tipo,,ONG Cinco,Guatemala,Quetzaltenango,Salcajá,5555-0005,8-16,español,no
Raro,magic,ONG Seis,Guatemala,Quetzaltenango,Salcajá,5555-0006,8-16,español,no
Tal vez,health,ONG Siete,Guatemala,Quetzaltenango,Salcajá,5555-0007,8-16,español,a veces
"""


def read_csv(text=CSV):
    return services.read_directory("servicios.csv", text.encode("utf-8"))


def test_spanish_headers_and_rows_with_problems_left_out_with_their_place():
    directory = read_csv()
    assert [s.service for s in directory.services] == ["Casa Joven", "Línea 24h", "Nacional", "Otra zona", "Clínica"]
    found = {(p.code, p.row, p.column) for p in directory.problems}
    assert found == {("directory_blank_cell", 7, "type"), ("directory_unknown_type", 8, "type"),
                     ("directory_yes_no", 9, "child_friendly")}
    assert all(p.hint for p in directory.problems)
    assert directory.services[0].child_friendly and not directory.services[1].child_friendly


def test_nearest_services_first_for_the_child_s_place():
    directory = read_csv()
    near = services.matching(directory, "child_protection", ["gt", "Guatemala", "Salcaja"])
    assert [s.service for s in near] == ["Casa Joven", "Nacional"]     # the municipality, then the country
    in_department = services.matching(directory, "child_protection", ["Quetzaltenango"])
    assert [s.service for s in in_department] == ["Línea 24h", "Nacional"]
    assert [s.service for s in services.matching(directory, "health", ["Chiantla"])] == ["Clínica"]   # none near: all


def test_a_file_without_the_needed_columns_is_refused():
    directory = read_csv("nombre,teléfono\nCasa,123\n")
    assert not directory.usable and directory.problems[0].code == "directory_no_header"
    directory = read_csv("service,organisation\nCasa,ONG\n")
    assert {p.code for p in directory.problems} == {"directory_missing_column"}
    damaged = services.read_directory("x.xlsx", b"not a workbook")
    assert damaged.problems[0].code == "directory_unreadable" and not damaged.usable


def test_the_shipped_example_reads_cleanly_and_says_it_is_an_example():
    directory = services.read_directory(EXAMPLE.name, EXAMPLE.read_bytes())
    assert directory.example and not directory.problems and len(directory.services) == 10
    assert all("EJEMPLO" in s.service for s in directory.services)
    assert directory.types() == set(services.REFERRAL_TYPES)


def test_kept_in_the_store_and_loaded_back(tmp_path):
    from fieldapp.store import open_store
    with open_store(tmp_path / "d", "tres tristes tigres", create=True) as store:
        assert not services.load(store).usable
        services.keep(store, "servicios.csv", CSV.encode("utf-8"))
        assert len(services.load(store).services) == 5
        bad = services.keep(store, "bad.csv", b"service,type,contact\n")
        assert not bad.usable and len(services.load(store).services) == 5      # the one in use stays
        event = [e for e in store.audit() if e.event == "service_directory"][-1]
        assert event.details == {"action": "imported", "count": 5, "problems": 3}
