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

# A privacy re-check guarding a sensitive group: "no" skips the group, which must be said and recorded.
GUARDED_PART = """
| survey |               |          |                                 |          |                     |                      |                          |
|        | type          | name     | label                           | required | relevant            | bind::fieldapp:role  | bind::fieldapp:sensitive |
|        | text          | intro    | First name                      |          |                     |                      |                          |
|        | select_one yn | private2 | Still alone with the child?     | yes      |                     | privacy              |                          |
|        | begin group   | safety   | Safety at home                  |          | ${private2} = 'yes' |                      | yes                      |
|        | select_one yn | hurt     | Has anyone hurt you?            | yes      |                     |                      |                          |
|        | end group     |          |                                 |          |                     |                      |                          |
|        | text          | school   | School name                     |          |                     |                      |                          |
| choices |              |          |                                 |          |                     |                      |                          |
|        | list_name     | name     | label                           |          |                     |                      |                          |
|        | yn            | yes      | Yes                             |          |                     |                      |                          |
|        | yn            | no       | No                              |          |                     |                      |                          |
| settings |             |          |                                 |          |                     |                      |                          |
|        | form_title    | form_id  | namespaces                      |          |                     |                      |                          |
|        | Guarded       | guarded  | fieldapp="urn:fieldapp:xforms"  |          |                     |                      |                          |
"""


def long_list_form() -> str:
    """A sensitive question with 30 choices: its decline control must stay in sight at 1366x768."""
    rows = "\n".join(f"|        | many      | c{i}   | Choice number {i} |                          |" for i in range(30))
    return f"""
| survey |                |        |                     |                          |
|        | type           | name   | label               | bind::fieldapp:sensitive |
|        | select_one many | where | Where did it happen? | yes                      |
| choices |               |        |                     |                          |
|        | list_name      | name   | label               |                          |
{rows}
| settings |              |        |                     |                          |
|        | form_title     | form_id | namespaces         |                          |
|        | Long           | long_list | fieldapp="urn:fieldapp:xforms" |           |
"""

# The child's municipality (role location) and a disclosure with a referral rule.
WITH_LOCATION = """
| survey |               |       |                               |          |                      |                         |                              |
|        | type          | name  | label                         | required | bind::fieldapp:role  | bind::fieldapp:referral | bind::fieldapp:referral-type |
|        | select_one muni | muni | Municipality                 | yes      | location             |                         |                              |
|        | select_one yn | hurt  | Has anyone hurt you at home?  | yes      |                      | . = 'yes'               | child_protection             |
| choices |              |       |                               |          |                      |                         |                              |
|        | list_name     | name  | label                         |          |                      |                         |                              |
|        | muni          | salcaja | Salcajá                     |          |                      |                         |                              |
|        | muni          | chiantla | Chiantla                   |          |                      |                         |                              |
|        | yn            | yes   | Yes                           |          |                      |                         |                              |
|        | yn            | no    | No                            |          |                      |                         |                              |
| settings |             |       |                               |          |                      |                         |                              |
|        | form_title    | form_id | namespaces                  |          |                      |                         |                              |
|        | Located       | located | fieldapp="urn:fieldapp:xforms" |       |                      |                         |                              |
"""

# A self-interview part (not marked sensitive: its questions are declinable all the same) between two
# interviewer questions, with a referral rule inside it and a required question.
SELF_PART = """
| survey |               |          |                                  |          |                     |                      |                         |                              |
|        | type          | name     | label                            | required | guidance_hint       | bind::fieldapp:self  | bind::fieldapp:referral | bind::fieldapp:referral-type |
|        | text          | intro    | Interviewer code                 |          |                     |                      |                         |                              |
|        | begin group   | alone    | Questions you answer on your own |          | Offer the laptop.   | yes                  |                         |                              |
|        | select_one yn | hurt     | Does anyone at home hurt you?    | yes      |                     |                      | . = 'yes'               | child_protection             |
|        | select_one yn | scared   | Are you scared at home?          |          |                     |                      |                         |                              |
|        | end group     |          |                                  |          |                     |                      |                         |                              |
|        | text          | school   | School name                      |          |                     |                      |                         |                              |
| choices |              |          |                                  |          |                     |                      |                         |                              |
|        | list_name     | name     | label                            |          |                     |                      |                         |                              |
|        | yn            | yes      | Yes                              |          |                     |                      |                         |                              |
|        | yn            | no       | No                               |          |                     |                      |                         |                              |
| settings |             |          |                                  |          |                     |                      |                         |                              |
|        | form_title    | form_id  | namespaces                       |          |                     |                      |                         |                              |
|        | Alone part    | alone_part | fieldapp="urn:fieldapp:xforms" |          |                     |                      |                         |                              |
"""

# Guardian consent or a waiver (the form's calculated summary has role consent), the child's age and assent,
# an identifying name and a sensitive part: the consent and privacy rules read only the roles.
CONSENTED = """
| survey |               |            |                           |          |                                    |                                                                  |                      |                          |                    |
|        | type          | name       | label                     | required | relevant                           | calculation                                                      | bind::fieldapp:role  | bind::fieldapp:sensitive | bind::fieldapp:pii |
|        | text          | place      | Where are you?            |          |                                    |                                                                  |                      |                          |                    |
|        | select_one route | route   | Who gives consent?        | yes      |                                    |                                                                  |                      |                          |                    |
|        | select_one yn | guardian_ok | Does the guardian agree? | yes      | ${route} = 'guardian'              |                                                                  | guardian-consent     |                          |                    |
|        | calculate     | consent_ok |                           |          |                                    | if(${guardian_ok} = 'yes' or ${route} = 'waiver', 'yes', 'no')   | consent              |                          |                    |
|        | integer       | age        | How old is the child?     | yes      |                                    |                                                                  | age                  |                          |                    |
|        | select_one ass | assent    | Do you want to talk with me? | yes   | ${age} >= 7                        |                                                                  | assent               |                          |                    |
|        | text          | name       | Your first name           |          |                                    |                                                                  | respondent-name      |                          | yes                |
|        | begin group   | home       | Safety at home            |          |                                    |                                                                  |                      | yes                      |                    |
|        | select_one yn | hurt       | Has anyone hurt you?      | yes      |                                    |                                                                  |                      |                          |                    |
|        | end group     |            |                           |          |                                    |                                                                  |                      |                          |                    |
|        | text          | school     | School name               |          |                                    |                                                                  |                      |                          |                    |
| choices |              |            |                           |          |                                    |                                                                  |                      |                          |                    |
|        | list_name     | name       | label                     |          |                                    |                                                                  |                      |                          |                    |
|        | route         | guardian   | A guardian who is present |          |                                    |                                                                  |                      |                          |                    |
|        | route         | waiver     | Nobody: consent is waived |          |                                    |                                                                  |                      |                          |                    |
|        | yn            | yes        | Yes                       |          |                                    |                                                                  |                      |                          |                    |
|        | yn            | no         | No                        |          |                                    |                                                                  |                      |                          |                    |
|        | ass           | yes        | Yes                       |          |                                    |                                                                  |                      |                          |                    |
|        | ass           | no         | No                        |          |                                    |                                                                  |                      |                          |                    |
|        | ass           | later      | Not now                   |          |                                    |                                                                  |                      |                          |                    |
| settings |            |            |                           |          |                                    |                                                                  |                      |                          |                    |
|        | form_title    | form_id    | namespaces                | instance_name |                              |                                                                  |                      |                          |                    |
|        | Consented     | consented  | fieldapp="urn:fieldapp:xforms" | concat('intake-', ${name}) |          |                                                                  |                      |                          |                    |
"""

# A form whose assent question starts with "yes" already chosen (a default): silence is not assent.
PRESET_ASSENT = """
| survey |               |        |                       |         |                     |
|        | type          | name   | label                 | default | bind::fieldapp:role |
|        | select_one yn | assent | Do you want to talk?  | yes     | assent              |
|        | text          | q      | A question            |         |                     |
| choices |              |        |                       |         |                     |
|        | list_name     | name   | label                 |         |                     |
|        | yn            | yes    | Yes                   |         |                     |
|        | yn            | no     | No                    |         |                     |
| settings |            |        |                       |         |                     |
|        | form_title    | form_id | namespaces           |         |                     |
|        | Preset        | preset | fieldapp="urn:fieldapp:xforms" |  |                   |
"""

# The form asks its own privacy question right before its sensitive part: the app does not ask twice there.
OWN_PRIVACY = """
| survey |               |         |                             |                     |                          |
|        | type          | name    | label                       | bind::fieldapp:role | bind::fieldapp:sensitive |
|        | text          | first   | First name                  |                     |                          |
|        | select_one pv | private | Who can hear us?            | privacy             |                          |
|        | begin group   | home    | Safety at home              |                     | yes                      |
|        | select_one pv | hurt    | Has anyone hurt you?        |                     |                          |
|        | end group     |         |                             |                     |                          |
|        | begin group   | later   | Feelings                    |                     | yes                      |
|        | text          | sad     | What makes you sad?         |                     |                          |
|        | end group     |         |                             |                     |                          |
| choices |              |         |                             |                     |                          |
|        | list_name     | name    | label                       |                     |                          |
|        | pv            | alone   | Alone                       |                     |                          |
|        | pv            | not_private | Not private             |                     |                          |
| settings |            |         |                             |                     |                          |
|        | form_title    | form_id | namespaces                  |                     |                          |
|        | Own privacy   | own_privacy | fieldapp="urn:fieldapp:xforms" |              |                          |
"""

# Two disclosures (a health need, and violence at home) and the child's consent to share for the referrals.
SHARING = """
| survey |               |         |                                         |                         |                              |                      |
|        | type          | name    | label                                   | bind::fieldapp:referral | bind::fieldapp:referral-type | bind::fieldapp:role  |
|        | select_one yn | sick    | Are you sick now?                       | . = 'yes'               | health                       |                      |
|        | select_one yn | hurt    | Does anyone at home hurt you?           | . = 'yes'               | child_protection             |                      |
|        | select_one yn | share   | May we tell the services, to help you?  |                         |                              | consent-to-share     |
| choices |              |         |                                         |                         |                              |                      |
|        | list_name     | name    | label                                   |                         |                              |                      |
|        | yn            | yes     | Yes                                     |                         |                              |                      |
|        | yn            | no      | No                                      |                         |                              |                      |
| settings |            |         |                                         |                         |                              |                      |
|        | form_title    | form_id | namespaces                              |                         |                              |                      |
|        | Sharing       | sharing | fieldapp="urn:fieldapp:xforms"          |                         |                              |                      |
"""
