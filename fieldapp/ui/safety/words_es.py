"""Spanish for the safety controls (English text -> Spanish); usted for staff, tú where a child reads it."""

SAFETY_SPANISH: dict[str, str] = {
    # privacy screen (the cover reads like any health page)
    "Health information": "Información de salud",
    "Healthy habits for the whole family": "Hábitos saludables para toda la familia",
    "Wash your hands with soap and water before eating and after using the toilet.":
        "Lávese las manos con agua y jabón antes de comer y después de ir al baño.",
    "Drink safe water: boil it or use chlorine drops if you are not sure.":
        "Tome agua segura: hiérvala o use gotas de cloro si no está seguro.",
    "Children need vaccines on time: check the vaccination card at the health centre.":
        "Las niñas y los niños necesitan sus vacunas a tiempo: revise el carné de vacunación en el centro de salud.",
    "Sleep well: children need 9 to 12 hours of sleep every night.":
        "Duerma bien: las niñas y los niños necesitan de 9 a 12 horas de sueño cada noche.",
    "Eat fruit and vegetables every day, and keep food covered.":
        "Coma frutas y verduras todos los días y mantenga los alimentos tapados.",
    "Use a mosquito net and remove standing water to prevent dengue.":
        "Use mosquitero y elimine el agua estancada para prevenir el dengue.",
    "Code": "Código",
    "Continue": "Continuar",
    "Not right. Try again.": "No es correcto. Intente de nuevo.",
    "No PIN is set yet: type the passphrase (set a PIN in Settings).":
        "Todavía no hay PIN: escriba la frase de acceso (configure un PIN en Configuración).",
    "Too many wrong tries: type the passphrase.": "Demasiados intentos fallidos: escriba la frase de acceso.",
    "Hide the screen": "Ocultar la pantalla",
    "Hide the screen ({key})": "Ocultar la pantalla ({key})",
    "Someone walked in: cover the interview at once. Your PIN brings it back.":
        "Alguien entró: oculte la entrevista de inmediato. Su PIN la trae de vuelta.",
    # PIN in Settings
    "New PIN (digits)": "PIN nuevo (dígitos)",
    "PIN again": "PIN otra vez",
    "Set the PIN": "Guardar el PIN",
    "A PIN is set.": "Hay un PIN configurado.",
    "No PIN is set yet.": "Todavía no hay PIN.",
    "The PIN was set. Use it to come back from the privacy screen.":
        "El PIN quedó guardado. Úselo para volver desde la pantalla de privacidad.",
    "Privacy screen PIN: {key} or the “Hide the screen” button covers the interview; this PIN (not the passphrase) brings it back.":
        "PIN de la pantalla de privacidad: {key} o el botón «Ocultar la pantalla» tapan la entrevista; este PIN "
        "(no la frase de acceso) la trae de vuelta.",
    # break
    "Break ({key})": "Pausa ({key})",
    "Taking a break": "Un descanso",
    "Everything is saved. Take the time you need: stretch, drink some water, breathe slowly. The interview goes on exactly where it stopped, today or another day.":
        "Todo está guardado. Tómense el tiempo necesario: estírense, tomen agua, respiren despacio. La entrevista "
        "sigue exactamente donde quedó, hoy u otro día.",
    "Keep it for another day": "Dejarla para otro día",
    "Continue the interview": "Seguir con la entrevista",
    # distress
    "Upset? ({key})": "¿Angustia? ({key})",
    "The respondent is upset": "La persona entrevistada está angustiada",
    "Follow these steps, calmly:": "Siga estos pasos, con calma:",
    "What did the respondent choose?": "¿Qué eligió la persona entrevistada?",
    "Take a break": "Tomar un descanso",
    "Offer support: psychosocial care (mental health) is on the service list for this area. If the respondent is in danger, call your supervisor now.":
        "Ofrezca apoyo: la atención psicosocial (salud mental) está en la lista de servicios de esta zona. Si la "
        "persona está en peligro, llame ahora a su supervisor/a.",
    # stop and withdraw
    "Stop ({key})": "Detener ({key})",
    "Stop the interview": "Detener la entrevista",
    "The respondent may stop at any time, without giving a reason. What did they ask for?":
        "La persona puede detenerse en cualquier momento, sin dar razones. ¿Qué pidió?",
    "Stop here and keep what was collected": "Detener aquí y conservar lo recogido",
    "Stop and erase everything collected today": "Detener y borrar todo lo recogido hoy",
    "I told the respondent that every answer will be erased and this cannot be undone. Only an anonymous note that an interview was withdrawn stays.":
        "Le expliqué a la persona que se borrarán todas las respuestas y que no se puede deshacer. Solo queda una "
        "nota anónima de que una entrevista fue retirada.",
    "Go back to the interview": "Volver a la entrevista",
    "Erase and stop": "Borrar y detener",
    # decline
    "Move to the question first (Tab), then press {key}.": "Vaya primero a la pregunta (Tab) y luego pulse {key}.",
    "This question cannot be declined: it is one of the interviewer's own checks, or it is not a sensitive question.":
        "Esta pregunta no se puede declinar: es una verificación del entrevistador/a, o no es una pregunta sensible.",
}
