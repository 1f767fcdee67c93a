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

SENSITIVE = """
| survey   |            |         |                          |          |                          |
|          | type       | name    | label                    | required | bind::fieldapp:sensitive |
|          | integer    | age     | Age                      | yes      |                          |
|          | select_one yn | hurt | Has anyone hurt you?     | yes      | yes                      |
| choices  |            |         |                          |          |                          |
|          | list_name  | name    | label                    |          |                          |
|          | yn         | yes     | Yes                      |          |                          |
|          | yn         | no      | No                       |          |                          |
| settings |            |         |                          |          |                          |
|          | form_id    | namespaces |                       |          |                          |
|          | sensitive  | fieldapp="urn:fieldapp:xforms" |  |          |                          |
"""

ALL_TYPES = """
| survey |                   |      |          |            |                       |
|        | type              | name | label    | appearance | parameters            |
|        | text              | t    | Text     |            |                       |
|        | text              | ml   | Story    | multiline  |                       |
|        | integer           | i    | Int      |            |                       |
|        | decimal           | d    | Dec      |            |                       |
|        | range             | r    | Range    |            | start=0 end=10 step=2 |
|        | select_one c      | s1   | One      |            |                       |
|        | select_one c      | s2   | Drop     | minimal    |                       |
|        | select_one c      | s3   | Scale    | likert     |                       |
|        | select_multiple c | sm   | Many     |            |                       |
|        | rank c            | rk   | Rank     |            |                       |
|        | note              | n    | Note     |            |                       |
|        | acknowledge       | a    | Ack      |            |                       |
|        | date              | dt   | Date     |            |                       |
|        | date              | my   | MonthY   | month-year |                       |
|        | date              | y    | Year     | year       |                       |
|        | time              | tm   | Time     |            |                       |
|        | dateTime          | dtm  | DateTime |            |                       |
|        | image             | img  | Photo    |            |                       |
|        | file              | f    | File     |            |                       |
|        | barcode           | b    | Barcode  |            |                       |
|        | geopoint          | gp   | Point    |            |                       |
|        | geotrace          | gt   | Trace    |            |                       |
|        | geoshape          | gs   | Shape    |            |                       |
| choices |                  |      |          |            |                       |
|        | list_name         | name | label    |            |                       |
|        | c                 | x    | X        |            |                       |
|        | c                 | y    | Y        |            |                       |
"""
