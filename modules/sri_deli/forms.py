"""Sri Deli's forms. The application form's fields and documents come from the permit type in
the catalogue, so ``apply_form`` builds its class per permit type; the checks that need the
database (NIK, desa, fee formula, file contents) stay in the services, shared with the API."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from kiblat.modules.sri_deli.models import PermitType
from kiblat.modules.sri_deli.services.editor import Draft, numeric_keys
from kiblat.modules.sri_deli.services.workflow import NOTE_MAX
from kiblat.platform.payments.forms import StripeSettingsForm as PaymentSettingsForm
from kiblat.platform.web.forms import at_most, read_upload, strip

DOCUMENT = "dok_"



class _PermitForm(FlaskForm):
    """With a field per catalogue entry of the permit type (named by its key) and a file field
    per document (``dok_<key>``)."""

    permit_type: PermitType

    def catalogue_values(self) -> dict[str, str]:
        """The permit type's own fields, by catalogue key, as typed."""
        return {field["key"]: self[field["key"]].data or "" for field in self.permit_type.fields}

    def documents(self, max_bytes: int) -> dict[str, tuple[str, bytes]]:
        """The documents chosen, by catalogue key: ``(filename, content)``."""
        files = {}
        for doc in self.permit_type.documents:
            upload = read_upload(self[DOCUMENT + doc["key"]].data, max_bytes)
            if upload is not None:
                files[doc["key"]] = upload
        return files


def _for_permit(base: type[_PermitForm], permit_type: PermitType, fields: bool) -> type[_PermitForm]:
    form_class = type(f"{base.__name__}For{permit_type.key.title()}", (base,), {"permit_type": permit_type})
    for field in permit_type.fields if fields else ():
        if hasattr(base, field["key"]):  # a catalogue key must not hide one of the form's own names
            raise ValueError(f"catalogue field {field['key']!r} clashes with the application form")
        setattr(form_class, field["key"], StringField(field["label"], validators=[at_most(500, field["label"])]))
    for doc in permit_type.documents:
        setattr(form_class, DOCUMENT + doc["key"], FileField(doc["label"]))
    return form_class


class ApplyForm(_PermitForm):
    kunci = HiddenField()
    # The ticket of documents already uploaded while another field is being corrected.
    berkas = HiddenField(validators=[Length(max=4000)])
    # Which button was pressed: "wilayah" only shows the desa of the chosen kecamatan.
    langkah = HiddenField()
    kecamatan = StringField(_l("Kecamatan"), filters=[strip], validators=[Length(max=20)])
    desa = StringField(_l("Desa/kelurahan"), filters=[strip], validators=[Length(max=20)])
    atas_nama = BooleanField(_l("Saya operator desa yang mengajukan atas nama warga"))
    jenis_pemohon = StringField(default="perorangan", validators=[Length(max=20)])
    nama = StringField(_l("Nama"), validators=[at_most(200, _l("Nama"))])
    nik = StringField(_l("NIK"), validators=[at_most(32, _l("NIK"))])
    nib = StringField(_l("NIB (badan usaha)"), validators=[at_most(32, _l("NIB"))])
    email = StringField(_l("Email untuk pemberitahuan"), filters=[strip], validators=[at_most(254, _l("Email"))])
    alamat = StringField(_l("Alamat"), validators=[at_most(300, _l("Alamat"))])

    @property
    def only_choosing_area(self) -> bool:
        return self.langkah.data == "wilayah"


def apply_form(permit_type: PermitType, **kwargs) -> ApplyForm:  # noqa: ANN003
    """An ``ApplyForm`` with the permit type's fields and documents."""
    return _for_permit(ApplyForm, permit_type, fields=True)(**kwargs)


class ResubmitForm(_PermitForm):
    catatan = TextAreaField(_l("Keterangan perbaikan"), validators=[at_most(NOTE_MAX, _l("Catatan"))])


def resubmit_form(permit_type: PermitType) -> ResubmitForm:
    """The citizen's answer to a revision request, with a file field per document."""
    return _for_permit(ResubmitForm, permit_type, fields=False)()


class WorkForm(FlaskForm):
    """One of the officer's actions on an application (the button pressed is ``aksi``)."""

    aksi = HiddenField()
    tahap = HiddenField()
    catatan = TextAreaField(_l("Catatan / alasan"), validators=[at_most(NOTE_MAX, _l("Catatan"))])


class TrackForm(FlaskForm):
    """Tracking by number and code: sent as a form, or as a link (``?nomor=…&kode=…``)."""

    class Meta:
        csrf = False  # also a plain link; a POST is still checked by the app-wide CSRF protection

    nomor = StringField(_l("Nomor pendaftaran"), filters=[strip], validators=[Length(max=40)])
    kode = StringField(_l("Kode lacak"), filters=[strip], validators=[Length(max=20)])


class HolidayForm(FlaskForm):
    tanggal = DateField(_l("Tanggal"), validators=[InputRequired(_l("Tanggal tidak valid (TTTT-BB-HH)"))],
                        invalid_value_message=_l("Tanggal tidak valid (TTTT-BB-HH)"))
    nama = StringField(_l("Nama"), filters=[strip],
                       validators=[DataRequired(_l("Nama hari libur wajib diisi")), at_most(120, _l("Nama"))])
    # One of holidays.KINDS; the service explains any other value.
    jenis = StringField(_l("Jenis"), default="local", validators=[Length(max=20)])


# ---- The regency admin's catalogue editor --------------------------------------------------

DOCUMENT_KIND_CHOICES = [SelectChoice("pdf_gambar", _l("PDF atau gambar (JPEG/PNG)")), SelectChoice("pdf", _l("Hanya PDF")),
                         SelectChoice("gambar", _l("Hanya gambar (JPEG/PNG)"))]
FIELD_TYPE_CHOICES = [SelectChoice("text", _l("Teks")), SelectChoice("number", _l("Angka")), SelectChoice("date", _l("Tanggal")),
                      SelectChoice("select", _l("Pilihan"))]
STAGE_PERMISSION_CHOICES = [SelectChoice("sri_deli.frontoffice", _l("Petugas loket (kelengkapan berkas)")),
                            SelectChoice("sri_deli.verify", _l("Verifikator (validasi teknis)")),
                            SelectChoice("sri_deli.inspect", _l("Verifikator (peninjauan lapangan)")),
                            SelectChoice("sri_deli.approve", _l("Pejabat penandatangan (persetujuan)"))]


class WholeNumber(IntegerField):
    """A whole number as people type it (``10.000`` is ten thousand); a clear message otherwise."""

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = (valuelist[0] if valuelist else "").strip().replace(".", "").replace(" ", "")
        self.data = None
        if raw:
            if not raw.isdigit():
                raise ValueError(_l("%(what)s harus berupa angka bulat", what=self.label.text))
            self.data = int(raw)


class DocumentRow(Form):
    key = HiddenField()  # kept when a stored document is edited (applications refer to it)
    label = StringField(_l("Nama dokumen"), filters=[strip], validators=[at_most(200, _l("Nama dokumen"))])
    required = BooleanField(_l("Wajib"), default=True)
    kinds = SelectField(_l("Jenis berkas"), choices=DOCUMENT_KIND_CHOICES, default="pdf_gambar",
                        validate_choice=False)
    max_mb = WholeNumber(_l("Ukuran terbesar (MB)"), default=5, validators=[Optional()])


class FieldRow(Form):
    key = HiddenField()
    label = StringField(_l("Nama isian"), filters=[strip], validators=[at_most(200, _l("Nama isian"))])
    type = SelectField(_l("Jenis"), choices=FIELD_TYPE_CHOICES, default="text", validate_choice=False)
    required = BooleanField(_l("Wajib"), default=True)
    options = StringField(_l("Pilihan (pisahkan dengan koma)"), filters=[strip],
                          validators=[at_most(500, _l("Pilihan"))])


class StageRow(Form):
    key = HiddenField()  # kept when a stored stage is edited (applications' history refers to it)
    label = StringField(_l("Nama tahap"), filters=[strip], validators=[at_most(200, _l("Nama tahap"))])
    permission = SelectField(_l("Dikerjakan oleh"), choices=STAGE_PERMISSION_CHOICES, validate_choice=False)
    opd = SelectField(_l("OPD"), choices=[], validate_choice=False)


class PermitTypeForm(FlaskForm):
    """One permit type; blank rows are ignored, so the page always offers a few empty ones."""

    kode = StringField(_l("Kode izin (untuk alamat halaman)"), filters=[strip],
                       validators=[at_most(40, _l("Kode izin"))])
    nama = StringField(_l("Nama izin"), filters=[strip], validators=[at_most(200, _l("Nama izin"))])
    dasar_hukum = TextAreaField(_l("Dasar hukum"), validators=[at_most(2000, _l("Dasar hukum"))])
    deskripsi = TextAreaField(_l("Uraian"), validators=[at_most(2000, _l("Uraian"))])
    sla = WholeNumber(_l("SLA (hari kerja)"), validators=[Optional()],
                       render_kw={"inputmode": "numeric"})
    jenis_biaya = SelectField(_l("Jenis biaya"), choices=[SelectChoice("fixed", _l("Tetap")), SelectChoice("formula", _l("Rumus dari isian angka"))],
                              validate_choice=False)
    biaya_tetap = WholeNumber(_l("Biaya tetap (Rp)"), default=0, validators=[Optional()])
    rumus = StringField(_l("Rumus biaya"), filters=[strip], validators=[at_most(300, _l("Rumus biaya"))])
    masa_berlaku = SelectField(_l("Masa berlaku"), validate_choice=False, choices=[
        SelectChoice("none", _l("Tidak ada batas")), SelectChoice("fixed", _l("Tetap (hari)")), SelectChoice("field", _l("Dari isian angka (hari)"))])
    masa_berlaku_hari = WholeNumber(_l("Masa berlaku tetap (hari)"), validators=[Optional()])
    masa_berlaku_isian = StringField(_l("Kode isian masa berlaku"), filters=[strip],
                                     validators=[at_most(40, _l("Isian masa berlaku"))])
    dokumen = FieldList(FormField(DocumentRow), min_entries=1)
    isian = FieldList(FormField(FieldRow), min_entries=1)
    tahap = FieldList(FormField(StageRow), min_entries=1)
    # The calculator's sample values, one per number field in the order of the fields.
    contoh = FieldList(StringField(validators=[Length(max=30)]), min_entries=0, max_entries=50)
    # Which button was pressed: "hitung" tries the formula, "simpan" saves.
    aksi = HiddenField()

    def pad(self, documents: int = 2, fields: int = 2, stages: int = 2) -> None:
        """Offer blank rows after the filled ones."""
        for rows, blank in ((self.dokumen, documents), (self.isian, fields), (self.tahap, stages)):
            filled = sum(1 for row in rows if (row.form.label.data or "").strip())
            while len(rows) < filled + blank:
                rows.append_entry()

    def set_opds(self, choices: list[tuple[str, str]]) -> None:
        for row in self.tahap:
            row.form.opd.choices = [SelectChoice("", _l("— pilih OPD —")),
                                   *(SelectChoice(value, label) for value, label in choices)]

    def samples(self) -> dict[str, str]:
        """The calculator's sample values by ``contoh_<field key>`` (one input per number field, in order)."""
        keys = numeric_keys(self.draft())
        return {"contoh_" + key: entry.data or "" for key, entry in zip(keys, self.contoh, strict=False)}

    def draft(self, key: str | None = None) -> Draft:
        """What the admin typed, for the editor service (which explains every problem)."""
        return Draft(
            key=key or (self.kode.data or "").lower(), name=self.nama.data or "",
            legal_basis=self.dasar_hukum.data or "", description=self.deskripsi.data or "", sla_days=self.sla.data,
            fee_kind=self.jenis_biaya.data or "fixed", fee_amount=self.biaya_tetap.data,
            fee_formula=self.rumus.data or "", validity_rule=self.masa_berlaku.data or "none",
            validity_days=self.masa_berlaku_hari.data, validity_field=self.masa_berlaku_isian.data or "",
            documents=[row.data for row in self.dokumen], fields=[row.data for row in self.isian],
            stages=[row.data for row in self.tahap])

    def fill(self, draft: Draft) -> None:
        """Show a stored permit type (``process(data=…)`` keeps the rows in order)."""
        self.process(data={
            "kode": draft.key, "nama": draft.name, "dasar_hukum": draft.legal_basis, "deskripsi": draft.description,
            "sla": draft.sla_days, "jenis_biaya": draft.fee_kind, "biaya_tetap": draft.fee_amount,
            "rumus": draft.fee_formula, "masa_berlaku": draft.validity_rule,
            "masa_berlaku_hari": draft.validity_days, "masa_berlaku_isian": draft.validity_field,
            "dokumen": draft.documents or [{}], "isian": draft.fields or [{}], "tahap": draft.stages or [{}]})


class PublishForm(FlaskForm):
    aksi = HiddenField()  # "terbitkan" or "tarik"
class BillSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search

    kode = StringField(_l("Kode bayar"), filters=[strip], validators=[Length(max=30)])


class PaymentForm(FlaskForm):
    jumlah = IntegerField(_l("Jumlah dibayar (Rp)"), validators=[InputRequired(_l("Isi jumlah yang dibayar"))],
                          invalid_value_message=_l("Jumlah harus angka bulat rupiah, tanpa titik"))
    tanggal = DateField(_l("Tanggal bayar"), validators=[InputRequired(_l("Tanggal tidak valid (TTTT-BB-HH)"))],
                        invalid_value_message=_l("Tanggal tidak valid (TTTT-BB-HH)"))
    referensi = StringField(_l("Nomor referensi/bukti bayar"), filters=[strip],
                            validators=[DataRequired(_l("Nomor referensi/bukti bayar wajib diisi")), Length(max=80)])


class StripeSettingsForm(PaymentSettingsForm):
    """The regency's Stripe keys for retribusi (the platform's form, worded for citizens)."""

    aktif = BooleanField(_l("Warga dapat membayar retribusi online"))


class PayOnlineForm(FlaskForm):
    """The citizen's "pay online" button (CSRF only)."""
