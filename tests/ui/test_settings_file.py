"""The settings file holds plain values only, and an entry holding a Python object is never unpickled.

Requirement: issue 8, "What stays on disk" (the Qt settings file held pickled Python objects).
"""

from PySide6.QtCore import QSettings

from fieldapp.ui.settings.options import (APP_LANGUAGE, TEXT_SCALE, WINDOW_GEOMETRY, AppSettings,
                                          carry_over_older_file)

RAN = []


def run_planted_code(what):
    RAN.append(what)


class Planted:
    """What an attacker would plant: unpickling it runs code (here, a harmless function of this module)."""

    def __reduce__(self):
        return (run_planted_code, ("code ran",))


def test_values_are_written_as_plain_text(tmp_path, qapp):
    path = tmp_path / "settings.ini"
    settings = AppSettings(QSettings(str(path), QSettings.Format.IniFormat))
    settings.set(WINDOW_GEOMETRY, b"\x01\x02geometry\xff")
    settings.set(TEXT_SCALE, 150)
    settings.set(APP_LANGUAGE, "es")
    text = path.read_text()
    assert "@Variant" not in text and "PyObject" not in text
    reread = AppSettings(QSettings(str(path), QSettings.Format.IniFormat))
    assert reread.get(WINDOW_GEOMETRY) == b"\x01\x02geometry\xff"
    assert reread.get(TEXT_SCALE) == 150 and reread.get(APP_LANGUAGE) == "es"


def test_a_pickled_object_in_the_file_is_removed_unread(tmp_path, qapp):
    path = tmp_path / "settings.ini"
    writer = QSettings(str(path), QSettings.Format.IniFormat)
    writer.setValue("window/geometry", b"old geometry")      # as an older FieldApp wrote it: a pickle
    writer.setValue("display/text_scale", 125)
    writer.sync()
    # An attacker swaps the pickle for one that runs code when read.
    text = path.read_text()
    assert "@Variant(" in text and "PyObjectWrapper" in text
    planted = QSettings(str(tmp_path / "planted.ini"), QSettings.Format.IniFormat)
    planted.setValue("window/geometry", Planted())
    planted.sync()
    path.write_text(text.split("geometry=")[0] + (tmp_path / "planted.ini").read_text().split("[window]\n")[1]
                    + "\n[display]\ntext_scale=125\n")
    settings = AppSettings(QSettings(str(path), QSettings.Format.IniFormat))
    assert settings.get(WINDOW_GEOMETRY) == b""
    assert settings.get(TEXT_SCALE) == 125          # plain values are kept
    assert RAN == [], "the planted object was unpickled"
    assert "@Variant" not in path.read_text()


def test_preferences_of_an_older_native_settings_file_are_carried_over(tmp_path):
    older = tmp_path / "FieldApp.conf"
    older.write_text("[app]\nlanguage=en\n\n[display]\ntext_scale=200\n\n"
                     "[window]\ngeometry=@ByteArray(xyz)\n\n[security]\nidle_lock_minutes=@Variant(\\0\\0)\n",
                     encoding="utf-8")
    path = tmp_path / "FieldApp.ini"
    assert carry_over_older_file(older, QSettings(str(path), QSettings.Format.IniFormat)) == 2
    settings = AppSettings(QSettings(str(path), QSettings.Format.IniFormat))
    assert settings.get(TEXT_SCALE) == 200 and settings.get(APP_LANGUAGE) == "en"
    assert "Variant" not in path.read_text() and "ByteArray" not in path.read_text()
    # once the new file exists, the old one is never read again
    older.write_text("[display]\ntext_scale=125\n", encoding="utf-8")
    assert carry_over_older_file(older, QSettings(str(path), QSettings.Format.IniFormat)) == 0
    assert AppSettings(QSettings(str(path), QSettings.Format.IniFormat)).get(TEXT_SCALE) == 200
