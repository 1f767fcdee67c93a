"""The form's plain data: the immutable Form, the instance tree's Node, typed problems and the views a session shows."""
