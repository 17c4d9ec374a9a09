"""The survey form: one 1–4 choice per SKM element and an optional suggestion."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length

from kiblat.platform.survey.elements import ELEMENTS
from kiblat.platform.survey.service import SUGGESTION_MAX


def survey_form() -> FlaskForm:
    """A form built per request: the answers' labels are in the reader's language."""
    locale = str(get_locale() or "id")

    class SurveyForm(FlaskForm):
        suggestion = TextAreaField(_l("Saran atau masukan (boleh dikosongkan)"),
                                   validators=[Length(max=SUGGESTION_MAX,
                                                      message=_l("Saran paling banyak 1000 karakter."))])

    for number, element in enumerate(ELEMENTS, start=1):
        field = RadioField(
            element.question.get(locale),
            choices=[(str(score), answer.get(locale)) for score, answer in enumerate(element.answers, start=1)],
            validators=[InputRequired(_l("Pilih satu jawaban untuk setiap unsur."))])
        setattr(SurveyForm, f"u{number}", field)
    return SurveyForm()


