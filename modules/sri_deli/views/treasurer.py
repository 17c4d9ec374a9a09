"""The treasurer's (bendahara penerimaan) pages: bills awaiting payment, confirming one, receipts."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from kiblat.modules.sri_deli.forms import BillSearchForm, PaymentForm
from kiblat.modules.sri_deli.models import Bill
from kiblat.modules.sri_deli.services import payments, workflow
from kiblat.platform.identity.sessions import (
    current_permissions,
    get_current_user,
    permission_required,
)
from kiblat.platform.web.forms import error_messages
from kiblat.tenants.database import tenant_db


@permission_required("sri_deli.payment")
def bills() -> str:
    form = BillSearchForm(request.args)
    found, searched = None, bool(form.kode.data)
    if searched:
        found = payments.find(form.kode.data or "")
    return render_template("sri_deli/bills.html", form=form, searched=searched, found=found,
                           unpaid=payments.unpaid(), paid=payments.recently_paid(), due=payments.local_day)


@permission_required("sri_deli.payment")
def bill(bill_id: int) -> Response | str | tuple[str, int]:
    item = tenant_db.session.get(Bill, bill_id) or abort(404)
    form = PaymentForm(data={"jumlah": item.amount} if request.method == "GET" else None)
    error = None
    if form.is_submitted():
        if not form.validate():
            error = "; ".join(error_messages(form))
        else:
            try:
                workflow.confirm_payment(item, get_current_user(), current_permissions(), form.jumlah.data,
                                         form.tanggal.data, form.referensi.data or "", now=datetime.now(UTC))
            except workflow.WorkflowError as exc:
                tenant_db.session.rollback()
                error = str(exc)
            else:
                flash(_("Pembayaran tercatat; izin %(number)s terbit.", number=item.application.certificate_number))
                return redirect(url_for("sri_deli.bills"))
    return render_template("sri_deli/bill.html", bill=item, form=form, error=error,
                           due=payments.local_day(item.due_at)), (422 if error else 200)


@permission_required("sri_deli.payment")
def receipts() -> str:
    year = request.args.get("tahun", datetime.now(UTC).year, type=int) or datetime.now(UTC).year
    rows = payments.receipts(year)
    return render_template("sri_deli/receipts.html", rows=rows, year=year, total=sum(r.total for r in rows),
                           month_name=lambda day: format_date(day, "MMMM y"))
