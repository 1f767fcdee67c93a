"""Typed errors of the encrypted store, each with a stable code and a plain message saying what to do.

The UI shows `error.text(language)`; scripts and tests key on `error.code`.
Messages are kept in Spanish and English here, next to the codes, so the core
needs no translation machinery.
"""

from __future__ import annotations

from fieldapp.xform.model.errors import FieldAppError

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
        "en": "The data file is damaged ({detail}). Do not delete anything; contact your coordinator.",
        "es": "El archivo de datos está dañado ({detail}). No borre nada; contacte a su coordinador.",
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
