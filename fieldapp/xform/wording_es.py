"""Spanish for the form layer's words: English template -> Spanish template with the same {placeholders}.

Written for coordinators and field staff in Central America (usted, plain words);
the technical names that form authors type (XML elements, XPath, column
headers such as 'bind::') stay as they are written in the form. Text that
comes without a template (pyxform's messages, XPath reasons) is matched by
PATTERNS below.
"""

from __future__ import annotations

import re
from typing import Callable

SPANISH: dict[str, str] = {
    # --- attachments (lists and files next to the form)
    "the form's folder": "la carpeta del formulario",
    "the CSV file is empty (it needs a header row)": "el archivo CSV está vacío (necesita una fila de encabezados)",
    "the GeoJSON file must hold a FeatureCollection": "el archivo GeoJSON debe contener una FeatureCollection",
    "the GeoJSON file cannot be read: {err}": "no se puede leer el archivo GeoJSON: {err}",
    "Replace the file with a valid copy.": "Reemplace el archivo por una copia en buen estado.",
    "The attachment '{name}' for instance('{instance_id}') is missing.":
        "Falta el archivo adjunto '{name}' para instance('{instance_id}').",
    "The attachment '{name}' for instance('{instance_id}') cannot be read: {reason}.":
        "No se puede leer el archivo adjunto '{name}' para instance('{instance_id}'): {reason}.",

    # --- checks of binds, references and expressions
    "{first} depends on itself (its {attribute} reads its own value).":
        "{first} depende de sí mismo (su {attribute} lee su propio valor).",
    "Make it compute from other answers than its own value.":
        "Haga que se calcule a partir de otras respuestas, no de su propio valor.",
    "These nodes depend on each other in a cycle (calculation/relevance): {names}.":
        "Estos campos dependen unos de otros en un ciclo (cálculo/relevancia): {names}.",
    "Make one of them stop reading the others, e.g. compute it from answers entered earlier.":
        "Haga que uno de ellos deje de leer a los demás; por ejemplo, calcúlelo con respuestas anotadas antes.",
    " at position {position}": " en la posición {position}",
    "See the function list of the ODK XForms spec.":
        "Consulte la lista de funciones de la especificación ODK XForms.",
    "Add the node to the <instance> or remove the bind.":
        "Agregue el campo a la <instance> o quite el bind.",
    "Add the node to the <instance> or fix the ref.":
        "Agregue el campo a la <instance> o corrija el ref.",
    "Check brackets, quotes and operators (and, or, =, !=).":
        "Revise paréntesis, comillas y operadores (and, or, =, !=).",
    "The {attribute} expression \"{shown}\" calls {name}(), which is not an ODK function.":
        "La expresión {attribute} \"{shown}\" llama a {name}(), que no es una función de ODK.",
    "Check the question name (names are case-sensitive).":
        "Revise el nombre de la pregunta (se distinguen mayúsculas y minúsculas).",
    "; it is ignored.": "; se ignora.",
    "The <{kind}> refers to {ref}, which is not in the form's instance; it is left out.":
        "El <{kind}> se refiere a {ref}, que no está en la instancia del formulario; se deja fuera.",
    "A <{kind}> sets {ref}, which is not in the form's instance.":
        "Un <{kind}> asigna {ref}, que no está en la instancia del formulario.",
    "The {attribute} expression \"{shown}\" cannot be read{where}: {detail}.":
        "La expresión {attribute} \"{shown}\" no se puede leer{where}: {detail}.",
    "The {attribute} expression \"{shown}\" cannot be used: {reason}.":
        "La expresión {attribute} \"{shown}\" no se puede usar: {reason}.",
    "The {attribute} expression \"{shown}\" reads instance('{instance_id}'), which the form does not declare.":
        "La expresión {attribute} \"{shown}\" lee instance('{instance_id}'), que el formulario no declara.",
    " (it will read as empty).": " (se leerá como vacío).",
    "A bind is for {path}, which is not in the form's instance":
        "Hay un bind para {path}, que no está en la instancia del formulario",
    "Declare it in the model (<instance id=\"{instance_id}\" src=\"jr://file-csv/{instance_id}.csv\"/>) or fix the name.":
        "Declárela en el modelo (<instance id=\"{instance_id}\" src=\"jr://file-csv/{instance_id}.csv\"/>) "
        "o corrija el nombre.",
    "The {attribute} expression \"{shown}\" refers to {node}, which does not exist":
        "La expresión {attribute} \"{shown}\" se refiere a {node}, que no existe",

    # --- loading a file
    "The survey sheet holds rows, but none could be read as questions.":
        "La hoja survey tiene filas, pero ninguna se pudo leer como pregunta.",
    "The file is empty.": "El archivo está vacío.",
    "The workbook is password-protected.": "El libro de Excel está protegido con contraseña.",
    "This file is not an XLSForm (.xlsx, .xls, .md) or an XForm (.xml); it may be damaged.":
        "Este archivo no es un XLSForm (.xlsx, .xls, .md) ni un XForm (.xml); puede estar dañado.",
    "Open the workbook in a spreadsheet program, save it again as .xlsx and retry.":
        "Abra el libro en un programa de hojas de cálculo, guárdelo de nuevo como .xlsx e intente otra vez.",
    "Save the form again from your spreadsheet program or download it again.":
        "Guarde el formulario de nuevo desde su programa de hojas de cálculo o descárguelo otra vez.",
    "Save a copy without a password and load that.":
        "Guarde una copia sin contraseña y cargue esa copia.",
    "Open it in a spreadsheet program and save it as .xlsx, or download the form again.":
        "Ábralo en un programa de hojas de cálculo y guárdelo como .xlsx, o descargue el formulario otra vez.",
    "Columns such as 'bind::{prefix}:…' use the prefix '{prefix}', which the settings sheet does not declare.":
        "Columnas como 'bind::{prefix}:…' usan el prefijo '{prefix}', que la hoja settings no declara.",
    "The media file '{name}' is not next to the form; it will not be shown.":
        "El archivo multimedia '{name}' no está junto al formulario; no se mostrará.",
    "Add a 'namespaces' column to the settings sheet with {prefix}=\"{uri}\".":
        "Agregue una columna 'namespaces' a la hoja settings con {prefix}=\"{uri}\".",
    "Put it in '{folder}'.": "Póngalo en '{folder}'.",
    "The {column} expression \"{cell}\" cannot be read at position {position}: {reason}.":
        "La expresión {column} \"{cell}\" no se puede leer en la posición {position}: {reason}.",
    "There is no file '{source}'.": "No existe el archivo '{source}'.",
    "The file cannot be read: {strerror}.": "No se puede leer el archivo: {strerror}.",

    # --- the validate command's own words
    "no translations": "sin traducciones",
    "{file}: id '{form_id}', version '{version}', {count} questions, languages: {languages}":
        "{file}: id '{form_id}', versión '{version}', {count} preguntas, idiomas: {languages}",
    "FieldApp could not check this form: {error}": "FieldApp no pudo revisar este formulario: {error}",
    "warning": "aviso",

    # --- reading an XForm (.xml)
    "The <h:body> comes before the <h:head> with the model.":
        "El <h:body> aparece antes del <h:head> que contiene el modelo.",
    "Only the first <model> is used; the others are ignored.":
        "Solo se usa el primer <model>; los demás se ignoran.",
    "An <itemset> has no nodeset.": "Un <itemset> no tiene nodeset.",
    "The range step is 0.": "El paso (step) del rango es 0.",
    "The range step is larger than the distance from start to end.":
        "El paso (step) del rango es mayor que la distancia entre el inicio y el final.",
    "The file holds no XML element.": "El archivo no contiene ningún elemento XML.",
    "Put <h:head> (with the model) first, then <h:body>, as ODK Collect requires.":
        "Ponga primero el <h:head> (con el modelo) y después el <h:body>, como lo exige ODK Collect.",
    "A secondary <instance> has no id.": "Una <instance> secundaria no tiene id.",
    "A <bind> has no nodeset.": "Un <bind> no tiene nodeset.",
    "Use event=\"odk-instance-first-load\", \"odk-new-repeat\" or \"xforms-value-changed\".":
        "Use event=\"odk-instance-first-load\", \"odk-new-repeat\" o \"xforms-value-changed\".",
    "Every question needs ref=\"/data/name\".": "Cada pregunta necesita ref=\"/data/nombre\".",
    "Use a step greater than 0.": "Use un paso mayor que 0.",
    "The XForm has no <model> in its <h:head>.": "El XForm no tiene <model> dentro de su <h:head>.",
    "Give every instance after the first an id, e.g. <instance id=\"cities\">.":
        "Dé un id a cada instancia después de la primera, por ejemplo <instance id=\"ciudades\">.",
    "The model has no main <instance>.": "El modelo no tiene una <instance> principal.",
    " are ignored.": " se ignoran.",
    "Unknown body element <{kind}> is ignored.": "Se ignora el elemento desconocido <{kind}> del cuerpo.",
    "A <{kind}> question has no ref.": "Una pregunta <{kind}> no tiene ref.",
    "Check the file is a complete XForm (.xml) as downloaded from the server.":
        "Revise que el archivo sea un XForm (.xml) completo, tal como se descargó del servidor.",
    "Open the form's .xml as downloaded from ODK Central or KoboToolbox, or its XLSForm.":
        "Abra el .xml del formulario tal como se descargó de ODK Central o KoboToolbox, o su XLSForm.",
    "An XForm needs <h:head><model>…</model></h:head>.": "Un XForm necesita <h:head><model>…</model></h:head>.",
    "Two instances have the id '{inst_id}'.": "Dos instancias tienen el id '{inst_id}'.",
    "The language '{lang}' is declared twice.": "El idioma '{lang}' está declarado dos veces.",
    "Write <odk:{kind}> with xmlns:odk=\"{uri}\" declared.":
        "Escriba <odk:{kind}> con xmlns:odk=\"{uri}\" declarado.",
    "Unsupported event(s) {events} on <{kind}>": "Evento(s) no admitido(s) {events} en <{kind}>",
    "Known events: ": "Eventos conocidos: ",
    "The XML is not well formed: {reason} (column {column}).":
        "El XML no está bien formado: {reason} (columna {column}).",
    "The root element is <{name}>, not <h:html>: this is not an XForm.":
        "El elemento raíz es <{name}>, no <h:html>: esto no es un XForm.",
    "The main <instance> must hold exactly one root element.":
        "La <instance> principal debe contener exactamente un elemento raíz.",
    "The range {key} \"{raw}\" is not a number.": "El valor {key} del rango, \"{raw}\", no es un número.",
    "Give {key} as a number, e.g. {key}=\"1\".": "Escriba {key} como número, por ejemplo {key}=\"1\".",

    # --- converting an XLSForm
    "Add a 'survey' sheet with a header row (type, name, label) and the questions.":
        "Agregue una hoja 'survey' con una fila de encabezados (type, name, label) y las preguntas.",
    "The XLSForm could not be converted ({kind}: {err}).": "No se pudo convertir el XLSForm ({kind}: {err}).",
    "Keep one column with this header and remove or rename the other.":
        "Deje una sola columna con este encabezado y quite o cambie el nombre de la otra.",
    "Use a type from the XLSForm spec (text, integer, select_one list, ...).":
        "Use un tipo de la especificación XLSForm (text, integer, select_one lista, ...).",
    "The legacy 'include' type is not supported: copy the questions into this form.":
        "El tipo antiguo 'include' no se admite: copie las preguntas dentro de este formulario.",
    "Open it in a spreadsheet program, save it again as .xlsx and retry.":
        "Ábralo en un programa de hojas de cálculo, guárdelo de nuevo como .xlsx e intente otra vez.",
    # --- actions, selects and itemsets as ODK Collect checks them
    "The setvalue target {ref} has more than one node ({count}): say which repeat instance it sets, e.g. {example}.":
        "El destino del setvalue {ref} tiene más de un nodo ({count}): indique qué repetición asigna, p. ej. {example}.",
    "The setvalue sets {ref} inside the repeat {repeat} from outside it: with more than one instance it sets nothing.":
        "El setvalue asigna {ref} dentro de la repetición {repeat} desde fuera de ella: con más de una repetición "
        "no asigna nada.",
    "Say which instance, e.g. {example}.": "Indique qué repetición, p. ej. {example}.",
    "The choices' {role} '{ref}' is not in the first item of instance('{instance}').":
        "El {role} '{ref}' de las opciones no está en el primer elemento de instance('{instance}').",
    "Fix the <{role} ref> of the <itemset>, or the list's column names.":
        "Corrija el <{role} ref> del <itemset> o los nombres de columna de la lista.",
    "An action fired by odk-new-repeat must be inside the <repeat> it belongs to, not in the model.":
        "Una acción disparada por odk-new-repeat debe estar dentro de su <repeat>, no en el modelo.",
    "Move the <{kind}> into the body's <repeat>.": "Mueva el <{kind}> al <repeat> del cuerpo.",
    "The select question '{label}' has no choices.": "La pregunta de selección '{label}' no tiene opciones.",
    "Give it <item> choices or an <itemset>.": "Agréguele opciones <item> o un <itemset>.",
    "The XML nests elements more than {limit} deep; FieldApp reads forms up to that depth.":
        "El XML anida elementos a más de {limit} niveles; FieldApp lee formularios hasta esa profundidad.",
    "Check the file is a real form: no form needs groups or data nested that deep.":
        "Revise que el archivo sea un formulario real: ningún formulario necesita grupos o datos tan anidados.",
}


def _put_in_folders(found: re.Match) -> str:
    folders = found["folders"].replace("' or '", "' o '")
    return f"Ponga '{found['name']}' en {folders}."


# Text that reaches people without a template: pyxform's own messages, the XPath parser's reasons and a few
# of FieldApp's f-strings. Each pattern must match the whole text; what matches none stays in English.
# "Learn more: <url>" at the end is split off first and given back as "Más información: <url>".
PATTERNS: list[tuple[re.Pattern, str | Callable[[re.Match], str]]] = [(re.compile(pattern), spanish) for pattern, spanish in (
    # pyxform, the messages form authors meet most
    (r"Unknown question type '(?P<type>.+)'\.", "Tipo de pregunta desconocido: '{type}'."),
    (r"On the '(?P<sheet>[^']+)' sheet, the '(?P<column>[^']+)' value '(?P<value>.*)' is invalid\. Questions, groups, "
     r"and repeats must be unique within their nearest parent group or repeat, or the survey if not inside a group "
     r"or repeat\.",
     "En la hoja '{sheet}', el valor '{value}' de la columna '{column}' no es válido. Las preguntas, los grupos y las "
     "repeticiones deben tener un nombre único dentro de su grupo o repetición (o en la encuesta, si no están dentro "
     "de uno)."),
    (r"On the '(?P<sheet>[^']+)' sheet, the '(?P<column>[^']+)' value is invalid\. Names must begin with a letter or "
     r"underscore\. After the first character, names may contain letters, digits, underscores, hyphens, or periods\.",
     "En la hoja '{sheet}', el valor de la columna '{column}' no es válido. Los nombres deben empezar con una letra o "
     "un guion bajo; después pueden llevar letras, números, guiones bajos, guiones o puntos."),
    (r"On the '(?P<sheet>[^']+)' sheet, the '(?P<column>[^']+)' value is invalid\. Choice names must be unique for "
     r"each choice list\. If this is intentional, use the setting 'allow_choice_duplicates'\.",
     "En la hoja '{sheet}', el valor de '{column}' no es válido. Los nombres de las opciones no se pueden repetir "
     "dentro de una lista. Si es a propósito, use el ajuste 'allow_choice_duplicates'."),
    (r"On the '(?P<sheet>[^']+)' sheet, the '(?P<column>[^']+)' value is invalid\. Choices should have a label\.",
     "En la hoja '{sheet}', el valor de '{column}' no es válido. Las opciones deben tener una etiqueta."),
    (r"There should be a choices sheet in this xlsform\. Please ensure that the choices sheet has the mandatory "
     r"columns 'list_name', 'name', and 'label'\.",
     "Este XLSForm necesita una hoja choices. Revise que tenga las columnas obligatorias 'list_name', 'name' y "
     "'label'."),
    (r"List name not in choices sheet: (?P<name>.+)", "La lista no está en la hoja choices: {name}"),
    (r"The survey element named '(?P<name>.+)' has no label or hint\.",
     "La pregunta '{name}' no tiene etiqueta (label) ni sugerencia (hint)."),
    (r"Unmatched '(?P<opened>[\w ]+)'\. No matching '(?P<closing>[\w ]+)' was found for the name '(?P<name>.*)'\.",
     "'{opened}' sin pareja: no se encontró un '{closing}' para el nombre '{name}'."),
    (r"Question or group with no name\.", "Hay una pregunta o un grupo sin nombre (name)."),
    (r"Duplicate column header: (?P<header>.+)", "Encabezado de columna repetido: {header}"),
    (r"You must have a sheet named 'survey'\.", "Debe haber una hoja llamada 'survey'."),
    (r"This section has not been included\.", "Esta sección no se ha incluido."),
    (r"Use the max-pixels parameter to speed up submission sending and save storage space\.",
     "Use el parámetro max-pixels para enviar los datos más rápido y ocupar menos espacio."),
    (r"Language '(?P<language>.+)' is missing the (?P<sheet>\w+) (?P<column>\S+) column\.",
     "Al idioma '{language}' le falta la columna {column} en la hoja {sheet}."),
    (r"Language '(?P<language>.+)' is missing the (?P<sheet>\w+) columns (?P<columns>.+)\.",
     "Al idioma '{language}' le faltan columnas en la hoja {sheet}: {columns}."),
    (r"The following language declarations do not contain valid machine-readable codes: (?P<languages>.+)\.",
     "Estas declaraciones de idioma no tienen un código de idioma válido: {languages}."),
    (r"(?P<name>\w+) is no longer supported on most devices\. Only old versions of Collect on Android versions "
     r"older than 11 still support it\.",
     "{name} ya no funciona en la mayoría de los dispositivos: solo lo admiten versiones antiguas de Collect en "
     "Android anteriores a la 11."),
    (r"This form uses or_other and translations, which is not recommended\. An untranslated input question label "
     r"and choice label is generated for 'other'\.",
     "Este formulario usa or_other junto con traducciones, lo cual no se recomienda: la pregunta y la opción "
     "'other' que se generan no quedan traducidas."),
    (r"When looking for a sheet named '(?P<sheet>[^']+)', the following sheets with similar names were found: "
     r"(?P<candidates>.+?)\.(?: If you do not mean to include a sheet, to suppress this message, prefix the sheet "
     r"name with an underscore\. For example 'setting' becomes '_setting'\.)?",
     "Se buscaba una hoja llamada '{sheet}' y se encontraron hojas con nombres parecidos: {candidates}. Si no quiere "
     "incluir esa hoja, ponga un guion bajo al inicio de su nombre (por ejemplo, 'setting' pasa a ser '_setting')."),
    # FieldApp's XForm reader (messages written as f-strings)
    (r"<(?P<kind>[\w:-]+)> must be in the odk namespace\.", "<{kind}> debe estar en el espacio de nombres odk."),
    (r"<(?P<kind>[\w:-]+)> has no ref: it does not say which node to set\.",
     "<{kind}> no tiene ref: no indica qué campo asignar."),
    (r"<(?P<kind>[\w:-]+)> has no event\.", "<{kind}> no tiene event."),
    (r"<(?P<kind>[\w:-]+)> refers to bind '(?P<bind>.*)', which does not exist\.",
     "<{kind}> se refiere al bind '{bind}', que no existe."),
    (r"Put '(?P<name>.+?)' in (?P<folders>'.*')\.", _put_in_folders),
    # the XPath reader's reasons (quoted inside the loader's messages)
    (r"unexpected end of expression", "la expresión termina antes de tiempo"),
    (r"the expression is nested more than (?P<limit>\d+) deep",
     "la expresión está anidada a más de {limit} niveles"),
    (r"unexpected string '(?P<text>.*)'", "texto '{text}' inesperado"),
    (r"unexpected number", "número inesperado"),
    (r"unexpected character (?P<character>.+)", "carácter inesperado {character}"),
    (r"unexpected '(?P<token>.*)'", "'{token}' inesperado"),
    (r"expected '(?P<token>.*)'", "se esperaba '{token}'"),
    (r"expected a step after '(?P<token>.*)'", "se esperaba un paso después de '{token}'"),
    (r"expected a node name", "se esperaba un nombre de campo"),
    (r"expected a variable name after '\$'", "se esperaba un nombre de variable después de '$'"),
    (r"empty expression", "expresión vacía"),
    (r"empty parentheses", "paréntesis vacíos"),
    (r"unterminated string", "texto sin comilla de cierre"),
    (r"unknown axis '(?P<axis>.*)'", "eje desconocido '{axis}'"),
    (r"the union operator '\|' is not supported", "el operador de unión '|' no se admite"),
    (r"variables are not supported \((?P<name>.+)\)", "no se admiten variables ({name})"),
    (r"predicates on a parenthesised expression are not supported",
     "no se admiten predicados sobre una expresión entre paréntesis"),
    (r"a path may only continue from instance\(\) or current\(\)",
     "una ruta solo puede continuar desde instance() o current()"),
)]

LEARN_MORE = re.compile(r"(?P<text>.*?)\s*Learn more: (?P<url>\S+)\s*", re.DOTALL)
LEARN_MORE_SPANISH = "{text} Más información: {url}"
