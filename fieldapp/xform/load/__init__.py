"""Loading: sniff a form file, turn an XLSForm into an XForm, parse it into a Form, find its attachments, check it, cache it."""
