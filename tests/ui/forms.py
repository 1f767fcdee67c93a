"""Small XLSForms written inline as markdown for the runner and end-to-end tests."""

HOUSEHOLD = """
| survey |              |           |                      |                  |                        |                    |
|        | type         | name      | label                | required         | constraint             | choice_filter      |
|        | text         | village   | Village              | yes              |                        |                    |
|        | begin repeat | member    | Household member     |                  |                        |                    |
|        | text         | mname     | Name                 | yes              |                        |                    |
|        | integer      | age       | Age                  |                  | . >= 0 and . < 120     |                    |
|        | end repeat   |           |                      |                  |                        |                    |
|        | select_one dept | dept   | Department           | yes              |                        |                    |
|        | select_one muni | muni   | Municipality         | yes              |                        | dept=${dept}       |
| choices |             |           |                      |                  |                        |                    |
|        | list_name    | name      | label                | dept             |                        |                    |
|        | dept         | gt01      | Guatemala            |                  |                        |                    |
|        | dept         | gt09      | Quetzaltenango       |                  |                        |                    |
|        | muni         | m0101     | Mixco                | gt01             |                        |                    |
|        | muni         | m0102     | Villa Nueva          | gt01             |                        |                    |
|        | muni         | m0901     | Salcajá              | gt09             |                        |                    |
| settings |            |           |                      |                  |                        |                    |
|        | form_title   | form_id   | version              |                  |                        |                    |
|        | Household    | household | 1                    |                  |                        |                    |
"""

BILINGUAL = """
| survey |          |          |                  |                    |                          |                            |                      |
|        | type     | name     | label::English (en) | label::Español (es) | hint::English (en)     | hint::Español (es)         | relevant             |
|        | text     | name     | Your first name  | Tu nombre          | Only the first name      | Solo el primer nombre      |                      |
|        | select_one yn | school | Do you go to school? | ¿Vas a la escuela? |                  |                            |                      |
|        | integer  | grade    | Which grade?     | ¿Qué grado?        |                          |                            | ${school} = 'yes'    |
| choices |         |          |                  |                    |                          |                            |                      |
|        | list_name | name    | label::English (en) | label::Español (es) |                      |                            |                      |
|        | yn       | yes      | Yes              | Sí                 |                          |                            |                      |
|        | yn       | no       | No               | No                 |                          |                            |                      |
| settings |        |          |                  |                    |                          |                            |                      |
|        | form_title | form_id | default_language |                  |                          |                            |                      |
|        | School   | school   | English (en)     |                    |                          |                            |                      |
"""

RELEVANCE = """
| survey |            |         |                   |                 |          |
|        | type       | name    | label             | relevant        | required |
|        | integer    | age     | Age               |                 | yes      |
|        | text       | school  | School name       | ${age} < 18     |          |
|        | text       | job     | Work              | ${age} >= 18    |          |
|        | begin group | more   | More              |                 |          |
|        | text       | a       | First             |                 |          |
|        | text       | b       | Second            |                 |          |
|        | end group  |         |                   |                 |          |
| settings |          |         |                   |                 |          |
|        | form_id    |         |                   |                 |          |
|        | relevance  |         |                   |                 |          |
"""
