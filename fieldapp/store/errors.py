"""Typed errors of the encrypted store, each with a stable code and a plain message saying what to do.

The UI shows `error.text(language)`; scripts and tests key on `error.code`.
Messages are kept in Spanish and English here, next to the codes, so the core
needs no translation machinery.
"""

from __future__ import annotations

from fieldapp.xform.errors import FieldAppError

# code -> {"en": ..., "es": ...}; "{detail}" is filled with the specific place or reason.
MESSAGES: dict[str, dict[str, str]] = {
    "store_error": {
        "en": "The data store could not be used: {detail}",
        "es": "No se pudo usar el almacén de datos: {detail}",
    },
    "wrong_passphrase": {
        "en": "The passphrase is not correct. Nothing was changed. Check the keyboard language and Caps Lock, "
              "then try again, or unlock with the recovery code kept at the office.",
        "es": "La frase de acceso no es correcta. No se cambió nada. Revise el idioma del teclado y las "
              "mayúsculas e intente de nuevo, o desbloquee con el código de recuperación guardado en la oficina.",
    },
    "wrong_recovery_code": {
        "en": "The recovery code is not correct. Nothing was changed. Check each group of letters and try again.",
        "es": "El código de recuperación no es correcto. No se cambió nada. Revise cada grupo de letras e intente de nuevo.",
    },
    "no_recovery_code": {
        "en": "This data folder has no recovery code. Unlock it with the passphrase.",
        "es": "Esta carpeta de datos no tiene código de recuperación. Desbloquéela con la frase de acceso.",
    },
    "passphrase_needed": {
        "en": "A passphrase (or the recovery code) is needed to open the data. {detail}",
        "es": "Se necesita la frase de acceso (o el código de recuperación) para abrir los datos. {detail}",
    },
    "weak_passphrase": {
        "en": "The passphrase is too short: use at least {detail} characters (a few words are easy to remember).",
        "es": "La frase de acceso es demasiado corta: use al menos {detail} caracteres (unas palabras son fáciles de recordar).",
    },
    "guessable_passphrase": {
        "en": "The passphrase is too easy to guess. Choose another: four or more words in an order nobody would "
              "expect, not the names of people, places, the organisation or this laptop, and no dates.",
        "es": "La frase de acceso es demasiado fácil de adivinar. Elija otra: cuatro o más palabras en un orden que "
              "nadie esperaría, sin nombres de personas, lugares, la organización o esta computadora, y sin fechas.",
    },
    "not_a_fieldapp_folder": {
        "en": "This folder holds something that is not FieldApp data ({detail}). Nothing was changed. "
              "Choose an empty folder or the FieldApp data folder.",
        "es": "Esta carpeta contiene algo que no son datos de FieldApp ({detail}). No se cambió nada. "
              "Elija una carpeta vacía o la carpeta de datos de FieldApp.",
    },
    "newer_store_version": {
        "en": "This data was written by a newer version of FieldApp. Nothing was changed. Install the newer "
              "FieldApp to open it.",
        "es": "Estos datos fueron escritos por una versión más reciente de FieldApp. No se cambió nada. "
              "Instale la versión más reciente para abrirlos.",
    },
    "read_only_folder": {
        "en": "The data folder cannot be written ({detail}). Nothing was changed. Choose a folder you can "
              "write to, or ask for write permission.",
        "es": "No se puede escribir en la carpeta de datos ({detail}). No se cambió nada. Elija una carpeta "
              "con permiso de escritura o pida ese permiso.",
    },
    "disk_full": {
        "en": "The disk is full: the last change could not be saved. Free some space (or export and purge "
              "confirmed submissions), then try again.",
        "es": "El disco está lleno: no se pudo guardar el último cambio. Libere espacio (o exporte y elimine "
              "los envíos confirmados) e intente de nuevo.",
    },
    "store_missing": {
        "en": "There is no FieldApp data in this folder ({detail}). Check the folder, or create new data.",
        "es": "No hay datos de FieldApp en esta carpeta ({detail}). Revise la carpeta o cree datos nuevos.",
    },
    "store_damaged": {
        "en": "The data file is damaged ({detail}). Nothing was changed: do not delete or move anything in the "
              "data folder. Close FieldApp and ask your coordinator to restore the folder from its latest backup; "
              "interviews already sent are safe in the coordinator's receipt.",
        "es": "El archivo de datos está dañado ({detail}). No se cambió nada: no borre ni mueva nada de la carpeta "
              "de datos. Cierre FieldApp y pida a su coordinador que restaure la carpeta desde la última copia de "
              "seguridad; las entrevistas ya enviadas están a salvo en el recibo del coordinador.",
    },
    "database_truncated": {
        "en": "The data file is empty or cut short ({detail}), so the interviews in it cannot be read. It was "
              "kept exactly as it is: do not delete it and do not create new data in this folder. Ask your "
              "coordinator to restore the data folder from its latest backup; interviews already sent are safe "
              "in the coordinator's receipt.",
        "es": "El archivo de datos está vacío o cortado ({detail}), así que no se pueden leer sus entrevistas. "
              "Se conservó tal como está: no lo borre ni cree datos nuevos en esta carpeta. Pida a su coordinador "
              "que restaure la carpeta de datos desde la última copia de seguridad; las entrevistas ya enviadas "
              "están a salvo en el recibo del coordinador.",
    },
    "database_unreadable": {
        "en": "The data file does not open with this folder's key file: it is damaged, or one of the two files "
              "was replaced by another copy ({detail}). Nothing was changed: do not delete anything. Ask your "
              "coordinator to restore both files (fieldapp.db and fieldapp.keys) together from the same backup; "
              "interviews already sent are safe in the coordinator's receipt.",
        "es": "El archivo de datos no abre con el archivo de claves de esta carpeta: está dañado, o uno de los dos "
              "archivos fue reemplazado por otra copia ({detail}). No se cambió nada: no borre nada. Pida a su "
              "coordinador que restaure ambos archivos (fieldapp.db y fieldapp.keys) juntos desde la misma copia "
              "de seguridad; las entrevistas ya enviadas están a salvo en el recibo del coordinador.",
    },
    "keyfile_damaged": {
        "en": "The key file that opens the data is damaged ({detail}). Nothing was changed: do not delete "
              "anything. Ask your coordinator to restore the key file (fieldapp.keys) from a backup of this "
              "laptop's data folder; the recovery code kept at the office works only with an intact key file.",
        "es": "El archivo de claves que abre los datos está dañado ({detail}). No se cambió nada: no borre nada. "
              "Pida a su coordinador que restaure el archivo de claves (fieldapp.keys) desde una copia de seguridad "
              "de la carpeta de datos de esta computadora; el código de recuperación guardado en la oficina solo "
              "funciona con un archivo de claves intacto.",
    },
    "rekeyed_elsewhere": {
        "en": "The passphrase of this data was changed by another FieldApp window, so this one was locked. "
              "Nothing was lost. Unlock again with the new passphrase.",
        "es": "Otra ventana de FieldApp cambió la frase de acceso de estos datos, así que esta se bloqueó. "
              "No se perdió nada. Desbloquee de nuevo con la frase de acceso nueva.",
    },
    "store_busy": {
        "en": "The data is busy in another FieldApp process ({detail}). Nothing was lost. Wait a moment and try "
              "again; if it keeps happening, close the other FieldApp window or program.",
        "es": "Los datos están ocupados por otro proceso de FieldApp ({detail}). No se perdió nada. Espere un "
              "momento e intente de nuevo; si sigue pasando, cierre la otra ventana o programa de FieldApp.",
    },
    "already_open": {
        "en": "FieldApp is already open on this data folder in another window (or by another user of this "
              "laptop). Switch to that window; two windows on the same data would overwrite each other's answers.",
        "es": "FieldApp ya está abierto con esta carpeta de datos en otra ventana (o por otro usuario de esta "
              "computadora). Cambie a esa ventana; dos ventanas con los mismos datos se sobrescribirían las respuestas.",
    },
    "too_many_attempts": {
        "en": "Too many wrong tries. Wait {detail} seconds before trying again (the wait grows with each wrong "
              "try, and restarting FieldApp does not shorten it).",
        "es": "Demasiados intentos fallidos. Espere {detail} segundos antes de intentar de nuevo (la espera crece "
              "con cada intento fallido y reiniciar FieldApp no la acorta).",
    },
    "finalize_refused": {
        "en": "The interview cannot be finalized yet: {detail}",
        "es": "La entrevista aún no se puede finalizar: {detail}",
    },
    "submission_not_found": {
        "en": "No interview with the id {detail} is stored on this laptop.",
        "es": "No hay ninguna entrevista con el identificador {detail} en esta computadora.",
    },
    "form_not_registered": {
        "en": "The form {detail} is not installed on this laptop. Add the form first.",
        "es": "El formulario {detail} no está instalado en esta computadora. Agregue el formulario primero.",
    },
    "wrong_status": {
        "en": "This interview cannot do that now: {detail}",
        "es": "Esta entrevista no permite eso ahora: {detail}",
    },
    "attachment_too_large": {
        "en": "The file is too large to attach ({detail}). Choose a smaller file (a photo at a lower resolution, "
              "a shorter recording), or ask the coordinator to raise the limit in the settings.",
        "es": "El archivo es demasiado grande para adjuntarlo ({detail}). Elija un archivo más pequeño (una foto "
              "con menor resolución, una grabación más corta) o pida al coordinador que aumente el límite en la "
              "configuración.",
    },
    "attachment_unreadable": {
        "en": "The file could not be read ({detail}). Check that it is still there (a memory stick may have been "
              "removed) and attach it again.",
        "es": "No se pudo leer el archivo ({detail}). Revise que siga ahí (quizás se retiró una memoria USB) y "
              "adjúntelo de nuevo.",
    },
    "not_a_file_question": {
        "en": "A file can only answer a photo, audio, video or file question ({detail}).",
        "es": "Un archivo solo puede responder una pregunta de foto, audio, video o archivo ({detail}).",
    },
    "attachment_not_found": {
        "en": "The attached file {detail} is not stored on this laptop.",
        "es": "El archivo adjunto {detail} no está guardado en esta computadora.",
    },
    "store_closed": {
        "en": "The data store is closed (locked). Unlock it again to continue.",
        "es": "El almacén de datos está cerrado (bloqueado). Desbloquéelo de nuevo para continuar.",
    },
}


class StoreError(FieldAppError):
    """Base of the store's errors: `.code`, `.detail` and a message saying what happened and what to do."""
    code = "store_error"

    def __init__(self, detail: str = "", *, code: str | None = None):
        if code:
            self.code = code
        self.detail = detail
        super().__init__(self.text("en"))

    def text(self, language: str = "en") -> str:
        """The message in `language` ("en" or "es"), English when unknown."""
        catalogue = MESSAGES.get(self.code, MESSAGES["store_error"])
        return catalogue.get(language, catalogue["en"]).format(detail=self.detail).strip()

    @property
    def message(self) -> str:
        return self.text("en")


class WrongPassphrase(StoreError):
    code = "wrong_passphrase"


class WrongRecoveryCode(WrongPassphrase):
    """A wrong recovery code is a wrong secret too, so callers catching WrongPassphrase see it."""
    code = "wrong_recovery_code"


class NoRecoveryCode(StoreError):
    code = "no_recovery_code"


class PassphraseNeeded(StoreError):
    code = "passphrase_needed"


class WeakPassphrase(StoreError):
    code = "weak_passphrase"


class GuessablePassphrase(WeakPassphrase):
    """Long enough, but the estimator (fieldapp.store.strength) finds it guessable; `.detail` is the hint code."""
    code = "guessable_passphrase"


class NotAFieldAppFolder(StoreError):
    code = "not_a_fieldapp_folder"


class NewerStoreVersion(StoreError):
    code = "newer_store_version"


class ReadOnlyFolder(StoreError):
    code = "read_only_folder"


class DiskFull(StoreError):
    code = "disk_full"


class StoreMissing(StoreError):
    code = "store_missing"


class StoreDamaged(StoreError):
    code = "store_damaged"


class StoreClosed(StoreError):
    code = "store_closed"


class DatabaseTruncated(StoreDamaged):
    """The database beside an existing key file is empty or not a whole number of pages: kept as it is."""
    code = "database_truncated"


class DatabaseUnreadable(StoreDamaged):
    """The key file's key (unwrapped by the right secret) does not open the database: damage or a swapped file."""
    code = "database_unreadable"


class KeyFileDamaged(StoreDamaged):
    """The key file is ours but cut short or with parts of the wrong shape."""
    code = "keyfile_damaged"


class RekeyedElsewhere(StoreClosed):
    """Another process changed the passphrase (re-keyed) while this one had the database open."""
    code = "rekeyed_elsewhere"


class StoreBusy(StoreError):
    """Another process held the database longer than the busy timeout."""
    code = "store_busy"


class AlreadyOpen(StoreError):
    """Another FieldApp process holds this data folder (see fieldapp.store.folder_lock)."""
    code = "already_open"


class TooManyAttempts(StoreError):
    """Unlocking is refused until `.wait_seconds` have passed (see fieldapp.store.attempts)."""
    code = "too_many_attempts"

    def __init__(self, wait_seconds: float):
        self.wait_seconds = max(1, int(-(-wait_seconds // 1)))
        super().__init__(str(self.wait_seconds))


class SubmissionNotFound(StoreError, LookupError):
    code = "submission_not_found"


class FormNotRegistered(StoreError, LookupError):
    code = "form_not_registered"


class WrongStatus(StoreError):
    """E.g. resuming a finalized submission (edit it instead) or editing a draft."""
    code = "wrong_status"


class FinalizeRefused(StoreError):
    """The filling has problems; `.problems` lists them (ValidationProblem: path, kind, message)."""
    code = "finalize_refused"

    def __init__(self, problems: list):
        self.problems = list(problems)
        shown = "; ".join(f"{p.path}: {p.message}" for p in self.problems[:5])
        more = len(self.problems) - 5
        if more > 0:
            shown += f" (+{more})"
        super().__init__(shown)


class AttachmentTooLarge(StoreError):
    """The chosen file is above the size limit (setting "max_attachment_mb")."""
    code = "attachment_too_large"


class AttachmentUnreadable(StoreError):
    """The chosen file is gone, is a folder, or cannot be read."""
    code = "attachment_unreadable"


class AttachmentNotFound(StoreError, LookupError):
    code = "attachment_not_found"


class NotAFileQuestion(StoreError):
    """attach() was asked for a question whose answer is not a file (its bind type is not binary)."""
    code = "not_a_file_question"
