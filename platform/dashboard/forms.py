from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField
from wtforms.validators import InputRequired


class PublishForm(FlaskForm):
    indicator = HiddenField(validators=[InputRequired()])
    publish = BooleanField()


class ComputeForm(FlaskForm):
    pass
