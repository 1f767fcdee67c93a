"""Small forms with `fieldapp:` attributes, written as markdown XLSForms, for the safeguarding tests."""

# A privacy check, a consent record, a sensitive part with a decline-able question, a PII name and a referral rule.
SAFE_INTAKE = """
| survey |                  |             |                              |          |                          |                      |                         |                              |                   |                |
|        | type             | name        | label                        | required | relevant                 | bind::fieldapp:role  | bind::fieldapp:sensitive | bind::fieldapp:referral      | bind::fieldapp:referral-type | bind::fieldapp:pii |
|        | text             | case_code   | Case code                    |          |                          | case-code            |                          |                              |                   |                |
|        | select_one yn    | private     | Is the child alone with you? | yes      |                          | privacy              |                          |                              |                   |                |
|        | text             | name        | Child's first name           |          |                          | respondent-name      |                          |                              |                   | yes            |
|        | integer          | age         | Age                          |          |                          | age                  |                          |                              |                   |                |
|        | select_one yn    | hurt        | Has anyone hurt you at home? | yes      | ${private} = 'yes'       |                      | yes                      | . = 'yes'                    | child_protection  |                |
|        | text             | school      | School name                  |          |                          |                      |                          |                              |                   |                |
| choices |                 |             |                              |          |                          |                      |                          |                              |                   |                |
|        | list_name        | name        | label                        |          |                          |                      |                          |                              |                   |                |
|        | yn               | yes         | Yes                          |          |                          |                      |                          |                              |                   |                |
|        | yn               | no          | No                           |          |                          |                      |                          |                              |                   |                |
| settings |                |             |                              |          |                          |                      |                          |                              |                   |                |
|        | form_title       | form_id     | namespaces                   |          |                          |                      |                          |                              |                   |                |
|        | Safe intake      | safe_intake | fieldapp="urn:fieldapp:xforms" |        |                          |                      |                          |                              |                   |                |
"""

# The same, with the organisation's own distress script on the settings sheet.
WITH_SCRIPT = """
| survey |             |        |            |
|        | type        | name   | label      |
|        | text        | q      | A question |
| settings |           |        |            |                                      |
|        | form_title  | form_id | namespaces | attribute::fieldapp:distress-script-en |
|        | Scripted    | scripted | fieldapp="urn:fieldapp:xforms" | Breathe with the child. Call Lucía at the office. |
"""
