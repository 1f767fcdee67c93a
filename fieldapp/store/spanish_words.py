"""Common Spanish words, names and places, most guessable first: added to the passphrase estimator's dictionary.

The estimator (zxcvbn) knows English words only; a passphrase made of common
Spanish words ("contraseña", "te quiero", "guatemala2024") must not pass for a
random one. Words are kept with and without accents, as people type both.
"""

from __future__ import annotations

import unicodedata

_WORDS = """
contraseña clave password hola amor teamo tequiero teamomucho amorcito mi amor vida mivida cariño corazon corazón
dios jesus jesús cristo maria maría virgen guadalupe bendicion bendición fe esperanza gracias
princesa principe príncipe reina rey angel ángel angelito estrella sol luna cielo mar flor rosa mariposa
familia mama mamá papa papá madre padre hijo hija hijos hermano hermana abuela abuelo tio tía tia bebe bebé
nino niño nina niña ninos niños chico chica amigo amiga amigos novio novia esposo esposa
casa escuela colegio trabajo oficina iglesia ciudad pueblo aldea comunidad barrio calle campo
perro perrito gato gatito caballo tigre leon león oso lobo aguila águila pajaro pájaro pez
futbol fútbol barcelona madrid real america américa boca river chivas pumas cruzazul messi ronaldo
guatemala mexico méxico colombia peru perú chile argentina bolivia ecuador venezuela honduras
salvador nicaragua panama panamá paraguay uruguay cuba españa espana costarica quetzaltenango
antigua peten petén huehuetenango bogota bogotá medellin medellín cali lima quito caracas
tegucigalpa managua sanjose asuncion asunción montevideo santiago buenosaires
uno dos tres cuatro cinco seis siete ocho nueve diez cien mil primero
rojo azul verde amarillo negro blanco morado rosado gris
lunes martes miercoles miércoles jueves viernes sabado sábado domingo
enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
feliz felicidad alegria alegría paz libertad verdad suerte fuerza poder victoria
bonita bonito hermosa hermoso linda lindo guapa guapo preciosa precioso
secreto privado seguro seguridad acceso entrar usuario admin administrador sistema
computadora laptop portatil portátil telefono teléfono celular internet correo
el la los las un una de del y que en a por para con sin como mas más pero muy
yo tu tú el él ella nosotros ustedes ellos mi mis su sus este esta eso todo nada siempre nunca
jose josé juan luis carlos jorge pedro miguel antonio manuel francisco javier david daniel diego
ana rosa carmen lucia lucía laura sofia sofía isabel elena marta gabriela valentina camila andrea
fernanda patricia alejandra veronica verónica adriana paola claudia diana sandra monica mónica
garcia garcía rodriguez rodríguez martinez martínez lopez lópez gonzalez gonzález hernandez hernández
perez pérez sanchez sánchez ramirez ramírez torres flores rivera gomez gómez diaz díaz reyes morales
cruz ortiz gutierrez gutiérrez chavez chávez ramos ruiz mendoza castillo vasquez vásquez romero
tres tristes tigres trigo trigal erase érase una vez habia había
caballo bateria batería grapa correcto
"""


def _plain(word: str) -> str:
    """The word without accents (ñ kept: it is its own letter on Spanish keyboards)."""
    kept = word.replace("ñ", "\0")
    stripped = "".join(c for c in unicodedata.normalize("NFD", kept) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.replace("\0", "ñ"))


def common_words() -> list[str]:
    """The words, each with its unaccented spelling, in order and without repeats."""
    seen: dict[str, None] = {}
    for word in _WORDS.split():
        for spelling in (word.lower(), _plain(word.lower()), _plain(word.lower()).replace("ñ", "n")):
            seen.setdefault(spelling, None)
    return list(seen)
